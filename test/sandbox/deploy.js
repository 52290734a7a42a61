// @ts-check
/**
 * Deploys the built site the way an operator does: copy `dist/` somewhere, then edit `config.json`
 * beside the pages. Each deployment is a fresh temp folder, so tests never touch `dist/` itself.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadersError, writeHeaders } from '../../scripts/headers.mjs';

export const CONFIG_FILE = 'config.json';

/**
 * Writes config.json into a deployed folder and, as the README's deploy steps say, runs `npm run
 * headers` after it. An object is written as JSON; a string is written as is (for invalid-config
 * tests); null removes the file (for missing-config tests). A config the headers cannot be derived
 * from keeps the last good `_headers`, as a failed `npm run headers` does.
 * @param {string} dir
 * @param {object | string | null} config
 */
export function writeConfig(dir, config) {
  const file = join(dir, CONFIG_FILE);
  if (config === null) return rmSync(file, { force: true });
  writeFileSync(file, typeof config === 'string' ? config : `${JSON.stringify(config, null, 2)}\n`);
  try {
    writeHeaders(dir);
  } catch (error) {
    if (!(error instanceof HeadersError)) throw error;
  }
}

/**
 * Copies `distDir` into a fresh temp folder and writes config.json there.
 * @param {{ distDir: string, config: object | string | null }} options
 * @returns {string} the deployed folder
 */
export function deploy({ distDir, config }) {
  if (!existsSync(distDir) || !statSync(distDir).isDirectory()) {
    throw new Error(`deploy: ${distDir} is not a folder; run \`npm run build\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'exchange-card-deploy-'));
  cpSync(distDir, dir, { recursive: true });
  writeConfig(dir, config);
  return dir;
}

/** Deletes a deployed folder. @param {string} dir */
export function undeploy(dir) {
  rmSync(dir, { recursive: true, force: true });
}
