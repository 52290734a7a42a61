// @ts-check
/**
 * Runs the built app server (`dist-server/main.js`, as `npm run server` does) as a child process,
 * configured by environment variables only, and waits for its "listening" log line to learn its URL.
 * Builds it first when there is no build.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_ENTRY = join(root, 'dist-server', 'main.js');

/**
 * @param {{ env: Record<string, string>, nodeArgs?: string[], onLog?: (line: Record<string, unknown>) => void }} options
 * @returns {Promise<{ url: string, pid: number | undefined, logs: Record<string, unknown>[], stderr: () => string, close: () => Promise<void> }>}
 */
export async function startAppServer({ env, nodeArgs = [], onLog }) {
  if (!existsSync(SERVER_ENTRY)) {
    const { buildServer } = await import('../../scripts/build-server.mjs');
    await buildServer();
  }
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {Record<string, unknown>[]} */
  const logs = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line);
          logs.push(entry);
          onLog?.(entry);
          if (entry.msg === 'listening') resolve(entry.url);
        } catch {
          // Not a log line: ignored.
        }
      }
    });
    void exited.then(() => reject(new Error(`the app server stopped: ${stderr.trim()}`)));
  });
  return {
    url: /** @type {string} */ (url),
    pid: child.pid,
    logs,
    stderr: () => stderr,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
