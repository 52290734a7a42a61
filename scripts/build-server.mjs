// @ts-check
/**
 * Builds the app server (src/server) into dist-server/main.js for `npm run server`: one ES module for
 * Node 20 with the npm packages left as imports, by Vite's SSR build (no extra tool to install).
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ logLevel?: 'warn' | 'silent' }} [options] */
export async function buildServer({ logLevel = 'warn' } = {}) {
  await build({
    root,
    configFile: false,
    publicDir: false,
    logLevel,
    build: {
      ssr: join(root, 'src/server/main.ts'),
      outDir: join(root, 'dist-server'),
      emptyOutDir: true,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'main.js' } },
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
