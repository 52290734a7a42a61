// @ts-check
/**
 * `npm run bench:server [-- --seconds S] [--warmup S] [--concurrency 1,8,32,64] [--no-postgres] [--no-build]`: what
 * an action through the app server costs, beside a direct call to the same provider in the same run.
 *
 * The built server (`dist-server/`, as `npm run server` runs it) in front of the sandbox's strict Mico
 * stand-in: on embedded storage, and when Debian's PostgreSQL is installed, on PostgreSQL with one and
 * with two instances. An admin signs in over HTTP as the page does (authorize, then the code to
 * `/auth/token`), saves a Mico connection, warms up (3 s of actions at concurrency 8, not counted: a
 * server that has run a while has compiled its hot path), and then closed-loop clients run the Mico
 * call look-up for S seconds at each concurrency. The floor is the same look-up sent straight to the stand-in with a
 * token of its own, run right before it at the same concurrency: on a shared machine only that ratio
 * means anything, never a figure compared with another run's.
 *
 * Printed per row: actions/s, p50/p95/p99 ms, errors, token requests Mico answered, database round
 * trips per action (PostgreSQL: statements the servers sent, from pg_stat_statements; embedded: not
 * visible from outside), the servers' CPU time per action (from /proc), the server's RSS, and p50 ÷
 * the floor's p50. `--cpu-prof DIR` has each server write a V8 CPU profile there when it stops.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startAppServer } from '../test/sandbox/app-server.js';
import { authorizationCode } from '../test/sandbox/authorize.js';
import { createInfobipSandbox } from '../test/sandbox/infobip.js';
import { createMicoSandbox } from '../test/sandbox/mico.js';
import { postgresBin, startPostgres } from '../test/sandbox/postgres.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,8,32,64' },
    'no-postgres': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const levels = args.concurrency.split(',').map(Number);
if (!(seconds > 0) || !(warmup >= 0) || levels.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error('--seconds must be positive, --warmup 0 or more, --concurrency whole numbers ≥ 1');

if (!args['no-build']) {
  const { buildServer } = await import('./build-server.mjs');
  await buildServer();
}

const APP_ORIGIN = 'http://localhost:5999';
const REDIRECT_URI = `${APP_ORIGIN}/callback.html`;
const CLIENT_ID = randomBytes(16).toString('hex');
const CALL = 'call_7f3a9c21';
const SECRETS_KEY = randomBytes(32).toString('base64');

const sandbox = await createInfobipSandbox({ clientId: CLIENT_ID });
const mico = createMicoSandbox();
sandbox.mount('/mico', mico.handler);
sandbox.registerRedirectUri(REDIRECT_URI);
// The request log would grow by every request of the run.
sandbox.log.push = () => sandbox.log.length;

/** @param {Record<string, string>} extra */
const serverEnv = (extra) => ({
  PORT: '0',
  APP_ORIGINS: APP_ORIGIN,
  REDIRECT_URIS: REDIRECT_URI,
  SECRETS_KEY,
  INFOBIP_CLIENT_ID: CLIENT_ID,
  INFOBIP_APP_ID: sandbox.appId,
  INFOBIP_TOKEN_URL: `${sandbox.url}/exchange/1/oauth/token`,
  INFOBIP_PORTAL_API_URL: `${sandbox.url}/api/amg`,
  ALLOW_INSECURE_CONNECTIONS: '1',
  // The benchmark measures the action, not the limits: both at their maximum.
  RATE_LIMIT_SESSION: '100000',
  RATE_LIMIT_ACCOUNT: '1000000',
  ...extra,
});

/** Signs in as the page does and answers the session credential. @param {string} server */
async function signIn(server) {
  const { code, verifier } = await authorizationCode({
    authorizeUrl: `${sandbox.url}/exchange/1/oauth/authorize`,
    redirectUri: REDIRECT_URI,
    clientId: CLIENT_ID,
  });
  const answer = await fetch(`${server}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP_ORIGIN },
    body: JSON.stringify({ code, code_verifier: verifier, redirect_uri: REDIRECT_URI }),
  });
  if (!answer.ok) throw new Error(`sign-in answered ${answer.status}: ${await answer.text()}`);
  return /** @type {{ session: { credential: string } }} */ (await answer.json()).session.credential;
}

/** Saves the Mico connection `id` as an admin does. @param {string} server @param {string} credential @param {string} id */
async function saveConnection(server, credential, id) {
  const answer = await fetch(`${server}/connections/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: APP_ORIGIN, authorization: `Bearer ${credential}` },
    body: JSON.stringify({
      kind: 'mico',
      name: 'Mico',
      baseUrl: `${sandbox.url}/mico`,
      clientId: mico.clientId,
      clientSecret: mico.clientSecret,
      probePath: '/v1/campaigns',
    }),
  });
  if (!answer.ok) throw new Error(`saving the connection answered ${answer.status}: ${await answer.text()}`);
}

/**
 * `concurrency` clients, each sending its next request when the last is answered, for `seconds`.
 * @param {number} concurrency
 * @param {(client: number) => Promise<Response>} send
 */
async function closedLoop(concurrency, send, forSeconds = seconds) {
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  /** What went wrong, by kind (an HTTP status, or the socket error's code), so an error line can say it. */
  /** @type {Map<string, number>} */
  const reasons = new Map();
  const failed = (/** @type {string} */ reason) => {
    errors++;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  const end = performance.now() + forSeconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const response = await send(client);
          await response.arrayBuffer();
          if (response.ok) latencies.push(performance.now() - t);
          else failed(`HTTP ${response.status}`);
        } catch (error) {
          const cause = /** @type {{ cause?: { code?: string } }} */ (error).cause;
          failed(cause?.code ?? (error instanceof Error ? error.message : String(error)));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { perSecond: latencies.length / elapsed, count: latencies.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors, reasons };
}

/** The floor: the same look-up straight at the stand-in, with a token of its own. */
async function floorToken() {
  const answer = await fetch(`${sandbox.url}/mico/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: mico.clientId, client_secret: mico.clientSecret, scope: 'outbound_calls:read' }),
  });
  return /** @type {{ access_token: string }} */ (await answer.json()).access_token;
}

/** @param {number | undefined} pid */
const rssMb = (pid) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
};

/** CPU time (user + system) the process `pid` has used, in ms (Linux: /proc, in clock ticks of 10 ms). @param {number | undefined} pid */
const cpuMs = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
};

/**
 * Statements the servers sent since the last call (pg_stat_statements counts each as it ends; the
 * benchmark's own queries are left out).
 * @param {pg.Client | undefined} stats
 */
async function statements(stats) {
  if (!stats) return Number.NaN;
  const { rows } = await stats.query("SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'");
  await stats.query('SELECT pg_stat_statements_reset()');
  return rows[0].n;
}

/**
 * One storage setup: its servers started, an admin signed in on each, the connection saved, then each
 * concurrency beside the floor.
 * @param {string} label
 * @param {Record<string, string>[]} envs one per instance
 * @param {string | undefined} databaseUrl
 */
async function setup(label, envs, databaseUrl) {
  /** @type {Awaited<ReturnType<typeof startAppServer>>[]} */
  const servers = [];
  for (const env of envs)
    servers.push(await startAppServer({ env: serverEnv(env), nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [] }));
  const [first] = servers;
  if (!first) throw new Error('a setup needs an instance');
  const stats = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : undefined;
  await stats?.connect();
  await stats?.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const rows = [];
  try {
    const credentials = await Promise.all(servers.map((server) => signIn(server.url)));
    const id = `bench-${randomBytes(4).toString('hex')}`;
    await saveConnection(first.url, credentials[0] ?? '', id);
    const token = await floorToken();
    const direct = `${sandbox.url}/mico/v1/outbound_calls/${CALL}`;
    const floorCall = () => fetch(direct, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const action = (/** @type {number} */ client) => {
      const at = client % servers.length;
      return fetch(`${servers[at]?.url}/connections/${id}/actions/call-by-uid`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: APP_ORIGIN, authorization: `Bearer ${credentials[at]}` },
        body: JSON.stringify({ variables: { input: CALL } }),
      });
    };
    // A server that has run for a while has compiled its hot path; the first seconds measure V8's compiler.
    if (warmup > 0) {
      await closedLoop(8, floorCall, warmup / 2);
      await closedLoop(8, action, warmup);
    }
    for (const concurrency of levels) {
      const floor = await closedLoop(concurrency, floorCall);
      const issuedBefore = mico.issued.length;
      await statements(stats);
      const cpuBefore = servers.reduce((sum, server) => sum + cpuMs(server.pid), 0);
      const run = await closedLoop(concurrency, action);
      const cpuPerAction = (servers.reduce((sum, server) => sum + cpuMs(server.pid), 0) - cpuBefore) / Math.max(1, run.count + run.errors);
      const roundTrips = (await statements(stats)) / Math.max(1, run.count + run.errors);
      rows.push({
        label,
        concurrency,
        run,
        floor,
        tokens: mico.issued.length - issuedBefore,
        roundTrips,
        cpuPerAction,
        rss: Math.max(...servers.map((server) => rssMb(server.pid))),
      });
    }
  } finally {
    await stats?.end();
    for (const server of servers) await server.close();
  }
  return rows;
}

const fixed = (/** @type {number} */ n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const header = [
  '| store | concurrency | actions/s | p50 / p95 / p99 ms | errors | Mico tokens | db round trips / action | server CPU ms / action | RSS MB | floor req/s | floor p50 ms | p50 ÷ floor |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];
/** One line per run that had errors (the server's or the floor's): the run fails the benchmark. */
/** @type {string[]} */
const errorLines = [];
const describeErrors = (/** @type {Map<string, number>} */ reasons) => [...reasons].map(([reason, n]) => `${n} × ${reason}`).join(', ');
const print = (/** @type {Awaited<ReturnType<typeof setup>>} */ rows) => {
  for (const { label, concurrency, run, floor, tokens, roundTrips, cpuPerAction, rss } of rows) {
    if (run.errors > 0) errorLines.push(`${label}, concurrency ${concurrency}: ${run.errors} actions failed (${describeErrors(run.reasons)})`);
    if (floor.errors > 0)
      errorLines.push(`${label}, concurrency ${concurrency}: ${floor.errors} direct calls to the stand-in failed (${describeErrors(floor.reasons)})`);
    console.log(
      `| ${label} | ${concurrency} | ${fixed(run.perSecond)} | ${fixed(run.p50, 1)} / ${fixed(run.p95, 1)} / ${fixed(run.p99, 1)} | ${run.errors} | ${tokens} | ${fixed(roundTrips, 1)} | ${fixed(cpuPerAction, 2)} | ${fixed(rss)} | ${fixed(floor.perSecond)} | ${fixed(floor.p50, 2)} | ${fixed(run.p50 / floor.p50, 1)}× |`,
    );
  }
};

console.log(
  `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} · Node ${process.version} · ${seconds} s per run after ${warmup} s of warm-up`,
);
console.log(header.join('\n'));
const dataDir = mkdtempSync(join(tmpdir(), 'exchange-card-bench-'));
try {
  print(await setup('embedded SQLite', [{ DATA_DIR: dataDir }], undefined));
  if (!args['no-postgres'] && postgresBin()) {
    const postgres = await startPostgres({ statementStats: true });
    try {
      print(await setup('PostgreSQL', [{ DATABASE_URL: postgres.url }], postgres.url));
      print(await setup('2 instances, PostgreSQL', [{ DATABASE_URL: postgres.url }, { DATABASE_URL: postgres.url }], postgres.url));
    } finally {
      postgres.stop();
    }
  } else if (!args['no-postgres']) {
    console.log('PostgreSQL is not installed: the embedded storage only.');
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await sandbox.close();
}
console.log(
  `load at the end ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
if (errorLines.length > 0) {
  console.log(`FAILED: a run had errors; every action must be answered at every concurrency.\n${errorLines.join('\n')}`);
  process.exitCode = 1;
}
