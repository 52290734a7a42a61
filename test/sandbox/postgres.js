// @ts-check
/**
 * A real PostgreSQL for the tests and the server benchmark: Debian's `postgresql` package
 * (scripts/test.sh installs it), a cluster made with initdb in a temporary folder, listening on
 * 127.0.0.1 at a port free at run time, stopped and deleted afterwards. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user the package creates.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian put the newest PostgreSQL's tools, or undefined when it is not installed. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** @typedef {{ url: string, stop(): void }} Postgres */

/**
 * @param {{ statementStats?: boolean }} [options] statementStats: load pg_stat_statements, which counts
 *   every statement as it ends (the benchmark's round trips per action)
 * @returns {Promise<Postgres>}
 */
export async function startPostgres({ statementStats = false } = {}) {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed: run scripts/test.sh, or 'apt-get install -y postgresql'");
  const asRoot = process.getuid?.() === 0;
  const run = (/** @type {string} */ tool, /** @type {string[]} */ args) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'exchange-card-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${statementStats ? ' -c shared_preload_libraries=pg_stat_statements' : ''}`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
