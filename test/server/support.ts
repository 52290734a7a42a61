/**
 * Test support for the app server: the Infobip sandbox with Mico at /mico and Fujitsu at /fujitsu
 * mounted on it, the server started in-process on embedded storage in a temporary folder (on the
 * sandbox's clock), and users signed in the way a page does — authorize, then the code to the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';
import { readServerConfig, type ServerConfig } from '../../src/server/config';
import { type Log, silentLog } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/server';
import { forgetCounts } from '../../src/server/store/rate-limit';
import { createFujitsuSandbox } from '../sandbox/fujitsu.js';
import { createInfobipSandbox, DEFAULT_USER } from '../sandbox/infobip.js';
import { createMicoSandbox } from '../sandbox/mico.js';
import { APP_ID, authorizationCode, CLIENT_ID } from '../support/sandbox';

export const APP_ORIGIN = 'http://localhost:5999';
export const REDIRECT_URI = `${APP_ORIGIN}/apps/card/callback.html`;
export const KEY = Buffer.alloc(32, 7).toString('base64');

export const OTHER_ACCOUNT = { accountKey: 'A0000000000000000000000000000001', userKey: 'B0000000000000000000000000000001', username: 'other-admin' };
export const AGENT = { username: 'agent', userKey: 'C0000000000000000000000000000001', roles: [{ id: 3, name: 'Agent' }] };

// biome-ignore lint/suspicious/noExplicitAny: answers of the server under test are read field by field in each assertion.
export type Json = Record<string, any>;

/** An action's answer of fields, by label: what the card shows. */
export const shown = (result: Json | undefined): Record<string, unknown> =>
  Object.fromEntries((result?.fields ?? []).map((field: Json) => [field.label, field.value]));

/** What the card sends to run Mico's "Outbound call by UID" preset for the sandbox's one call. */
export const CALL_RUN = { variables: { input: 'call_7f3a9c21' } };

export async function useServerWorld() {
  const sandbox = await createInfobipSandbox({ clientId: CLIENT_ID, appId: APP_ID });
  const mico = createMicoSandbox();
  const fujitsu = createFujitsuSandbox();
  sandbox.mount('/mico', mico.handler);
  sandbox.mount('/fujitsu', fujitsu.handler);
  sandbox.registerRedirectUri(REDIRECT_URI);
  const dirs: string[] = [];
  const servers: RunningServer[] = [];

  const env = (overrides: Record<string, string | undefined> = {}, dataDir?: string) => ({
    PORT: '0',
    DATA_DIR: dataDir ?? mkTemp(),
    APP_ORIGINS: APP_ORIGIN,
    REDIRECT_URIS: REDIRECT_URI,
    SECRETS_KEY: KEY,
    INFOBIP_CLIENT_ID: CLIENT_ID,
    INFOBIP_APP_ID: APP_ID,
    INFOBIP_TOKEN_URL: `${sandbox.url}/exchange/1/oauth/token`,
    INFOBIP_PORTAL_API_URL: `${sandbox.url}/api/amg`,
    // The sandboxes are plain http on loopback: the development switch (test/server/outbound.test.ts turns it off).
    ALLOW_INSECURE_CONNECTIONS: '1',
    ...overrides,
  });
  const mkTemp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'exchange-card-server-'));
    dirs.push(dir);
    return dir;
  };

  const start = async (config: ServerConfig, log: Log = silentLog) => {
    const server = await startServer(config, { log, now: sandbox.now, sleep: async () => {}, hostname: '127.0.0.1' });
    servers.push(server);
    return server;
  };

  let server = await start(readServerConfig(env()));

  beforeEach(async () => {
    // Budgets count per user, and every test signs in the same few users: each test starts with full ones.
    await server.db.run('DELETE FROM rate_windows');
    forgetCounts(server.db);
    sandbox.reset();
    mico.reset();
    fujitsu.reset();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await sandbox.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const world = {
    sandbox,
    mico,
    fujitsu,
    env,
    mkTemp,
    get server() {
      return server;
    },
    /** Stops the current server and starts another with `overrides` (same DATA_DIR unless given), logging to `log`. */
    async restart(overrides: Record<string, string | undefined> = {}, log?: Log) {
      const dataDir = overrides.DATA_DIR ?? world.dataDir;
      await server.close();
      servers.splice(servers.indexOf(server), 1);
      server = await start(readServerConfig(env(overrides, dataDir)), log);
      world.dataDir = dataDir;
      return server;
    },
    dataDir: '' as string,
    /** Another instance with `overrides` (e.g. the same DATABASE_URL), logging to `log`, closed with the rest. */
    startAnother: (overrides: Record<string, string | undefined>, log?: Log) => start(readServerConfig(env(overrides)), log),
    /** A request to the server (or the instance `via`) from the app's page, with the session credential when given. */
    async call(method: string, path: string, credential?: string, body?: unknown, via: RunningServer = server) {
      const response = await fetch(via.url + path, {
        method,
        headers: {
          // A browser sends its page's origin with every POST; Node's fetch sends none.
          origin: APP_ORIGIN,
          ...(credential ? { authorization: `Bearer ${credential}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Json };
    },
    /** What the page does shortly before its token expires: the session credential, and an empty JSON body. */
    refresh: (credential: string, via: RunningServer = server) => world.call('POST', '/auth/refresh', credential, {}, via),
    /** What a page does: authorize at the sandbox (as `user`), then hand the code to the server. */
    async signIn(user: Partial<typeof DEFAULT_USER> = {}, via: RunningServer = server) {
      sandbox.behave({ user: { ...structuredClone(DEFAULT_USER), ...user } });
      const { code, verifier } = await authorizationCode(`${sandbox.url}/exchange/1/oauth/authorize`, REDIRECT_URI);
      const answer = await world.call('POST', '/auth/token', undefined, { code, code_verifier: verifier, redirect_uri: REDIRECT_URI }, via);
      if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
      sandbox.behave({ user: structuredClone(DEFAULT_USER) });
      return { credential: answer.body.session.credential as string, infobip: answer.body.infobip as Json, expiresAt: answer.body.session.expiresAt as number };
    },
    /** The settings of a connection of `kind` to its sandbox, secrets included: what an admin types. */
    draft(kind: string, overrides: Json = {}) {
      const base = { mico: `${sandbox.url}/mico`, fujitsu: `${sandbox.url}/fujitsu` };
      const typed: Json =
        kind === 'mico'
          ? { baseUrl: base.mico, clientId: mico.clientId, clientSecret: mico.clientSecret, probePath: '/v1/campaigns' }
          : kind === 'fujitsu-api-key'
            ? { baseUrl: base.fujitsu, primaryKey: fujitsu.primaryKey, secondaryKey: fujitsu.secondaryKey, probePath: '/v1/health' }
            : { baseUrl: base.fujitsu, clientId: fujitsu.clientId, clientSecret: fujitsu.clientSecret, probePath: '/v1/health' };
      return { kind, name: `${kind} test`, ...typed, ...overrides };
    },
    requests(path: string, method?: string) {
      return sandbox.log.filter((e: { path: string; method: string }) => e.path === path && (!method || e.method === method));
    },
  };
  world.dataDir = (server as unknown as { dataDir?: string }).dataDir ?? dirs[0]!;
  return world;
}
