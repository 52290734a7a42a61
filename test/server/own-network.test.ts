/**
 * The server never calls its own network (issue 18 §1), run as an attacker with an admin's session
 * would: every address form of the review saved as a connection and, stored anyway (by an older
 * version, or with the development switch on), called through every kind's token request and probe.
 * A request catcher and a bare TCP listener on loopback witness that nothing arrives.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readServerConfig } from '../../src/server/config';
import type { Log } from '../../src/server/log';
import { silentLog } from '../../src/server/log';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/server';
import { connectionStore } from '../../src/server/store/connections';
import { createSealer } from '../../src/server/store/seal';
import { newDraft } from '../../src/shared/connection-fields';
import type { ConnectionKind } from '../../src/shared/connection';
import { createCatcher } from '../sandbox/catcher.js';
import { knockListener, testLookup } from './lookup';
import { AGENT, KEY, useServerWorld, type Json } from './support';

const w = await useServerWorld();
const catcher = await createCatcher();
const knock = await knockListener();
const { knocks, port: kp } = knock;
const cp = new URL(catcher.url).port;
const lookup = testLookup();

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
  await catcher.close();
  await knock.close();
});

/** A server of its own (the world's has the development switch on), resolving names with the tests' resolver. */
async function serverWith(env: Record<string, string>, options: StartOptions = {}) {
  const server = await startServer(
    readServerConfig(w.env({ RATE_LIMIT_SESSION: '100000', RATE_LIMIT_ACCOUNT: '100000', RATE_LIMIT_ADMIN: '100000', ...env })),
    {
      log: silentLog,
      now: w.sandbox.now,
      sleep: async () => {},
      hostname: '127.0.0.1',
      lookup,
      ...options,
    },
  );
  servers.push(server);
  return server;
}

/** Off, as in production; the TCP listener's port allowed, so what refuses a loopback https URL there is its address. */
const strict = await serverWith({ ALLOW_INSECURE_CONNECTIONS: '0', CONNECTION_PORTS: `443,${kp}` });

/** The review's forms, and more of each kind; those on loopback point at the catcher (http) or the TCP listener (https). */
const FORMS = [
  `http://127.0.0.1:${cp}`,
  'http://localhost:5432',
  `http://[::1]:${cp}`,
  `http://127.1:${cp}`,
  `http://2130706433:${cp}`,
  'https://169.254.169.254',
  'https://10.0.0.1',
  'https://192.168.0.1',
  'https://metadata.google.internal',
  `https://[::ffff:127.0.0.1]:${kp}`,
  'https://100.64.0.1',
  `https://0.0.0.0:${kp}`,
  `https://127.0.0.1:${kp}`,
  `https://127.1:${kp}`,
  `https://localhost:${kp}`,
  `https://[::1]:${kp}`,
  'https://[fd00::1]',
  `https://loopback.rebind.example:${kp}`,
  'https://private.rebind.example',
  `https://mixed.rebind.example:${kp}`,
];

let n = 0;
const fresh = () => `conn-${++n}`;
/** What an admin would have saved: every field of the kind, the sandbox's credentials, then `overrides`. */
const fullDraft = (kind: ConnectionKind, id: string, overrides: Json = {}) => ({ ...newDraft(kind, id), ...w.draft(kind, overrides), kind });
const nothingArrived = () => {
  expect(catcher.log).toEqual([]);
  expect(knocks).toHaveLength(0);
};

describe('with ALLOW_INSECURE_CONNECTIONS off, an admin cannot save a connection to the server’s own network', () => {
  it.each(FORMS)('%s is refused at baseUrl, in words, and not stored', async (baseUrl) => {
    const admin = await w.signIn({}, strict);
    const id = fresh();
    const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { baseUrl }), strict);
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.fields).toEqual([{ field: 'baseUrl', code: 'destination', words: expect.stringMatching(/the app server/) }]);
    const list = await w.call('GET', '/connections', admin.credential, undefined, strict);
    expect(list.body.connections.map((c: Json) => c.id)).not.toContain(id);
    nothingArrived();
  });

  it('plain http and ports other than 443 (or CONNECTION_PORTS) are refused, naming the rule', async () => {
    const admin = await w.signIn({}, strict);
    const http = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft('mico', { baseUrl: `http://localhost:${cp}` }), strict);
    expect(http.body.fields).toEqual([{ field: 'baseUrl', code: 'destination', words: expect.stringMatching(/must be an https URL/) }]);
    const port = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft('mico', { baseUrl: 'https://unresolvable.example:8443' }), strict);
    expect(port.body.fields).toEqual([{ field: 'baseUrl', code: 'destination', words: expect.stringMatching(/must use port 443 or \d+/) }]);
  });

  it('the local sandbox (http on localhost) is refused too, and hears nothing', async () => {
    const admin = await w.signIn({}, strict);
    for (const kind of ['mico', 'fujitsu-api-key', 'fujitsu-oauth', 'fujitsu-legacy']) {
      const answer = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft(kind), strict);
      expect(answer.body.fields, kind).toEqual([{ field: 'baseUrl', code: 'destination', words: expect.any(String) }]);
    }
    expect(w.sandbox.log.filter((e: { path: string }) => e.path.startsWith('/mico') || e.path.startsWith('/fujitsu'))).toEqual([]);
  });
});

describe('with ALLOW_INSECURE_CONNECTIONS off, a stored connection to the server’s own network is never called', () => {
  it.each(FORMS)(
    '%s, stored as mico, fujitsu-api-key and fujitsu-legacy: the token request and the probe answer DESTINATION_REFUSED, with nothing of the destination',
    async (baseUrl) => {
      const admin = await w.signIn({}, strict);
      const agent = await w.signIn(AGENT, strict);
      // Stored as an older version (or one with the switch on) did: through the store, no questions asked.
      const store = connectionStore(strict.db, await createSealer(new Uint8Array(Buffer.from(KEY, 'base64'))));
      for (const kind of ['mico', 'fujitsu-api-key', 'fujitsu-legacy'] as const) {
        const id = fresh();
        expect((await store.save(admin.infobip.accountKey, fullDraft(kind, id, { baseUrl }))).ok).toBe(true);
        const action = await w.call('POST', `/connections/${id}/actions/probe`, agent.credential, undefined, strict);
        expect(action.status, kind).toBe(424);
        expect(action.body).toEqual({ error: 'DESTINATION_REFUSED', message: expect.stringMatching(/does not connect to/), retryable: false });
        const tested = await w.call('POST', `/connections/${id}/test`, admin.credential, undefined, strict);
        expect(tested.body.lastStatus).toEqual({ at: expect.any(Number), ok: false, code: 'DESTINATION_REFUSED' });
        for (const text of [action.text, tested.text]) {
          expect(text).not.toContain(new URL(baseUrl).hostname);
          expect(text).not.toMatch(/ECONN|ENOTFOUND|EHOSTUNREACH|fetch failed/);
        }
      }
      nothingArrived();
    },
  );

  it('a name that resolved to a public address when saved and resolves to loopback when called is refused when called', async () => {
    const admin = await w.signIn({}, strict);
    const answer = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft('mico', { baseUrl: `https://flip.rebind.example:${kp}` }), strict);
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.lastStatus).toEqual({ at: expect.any(Number), ok: false, code: 'DESTINATION_REFUSED' });
    nothingArrived();
  });
});

describe('the development switch and the operator’s host list', () => {
  it('the sandbox still works with ALLOW_INSECURE_CONNECTIONS=1, and the server warns at start that it is on', async () => {
    const warnings: string[] = [];
    const log: Log = { ...silentLog, warn: (msg) => warnings.push(msg) };
    const insecure = await serverWith({ ALLOW_INSECURE_CONNECTIONS: '1' }, { log });
    expect(warnings).toEqual([expect.stringMatching(/^ALLOW_INSECURE_CONNECTIONS is on: .*development and tests only/)]);
    const admin = await w.signIn({}, insecure);
    for (const kind of ['mico', 'fujitsu-api-key', 'fujitsu-oauth', 'fujitsu-legacy']) {
      const saved = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft(kind), insecure);
      expect(saved.status, saved.text).toBe(201);
      expect(saved.body.lastStatus, kind).toMatchObject({ ok: true, status: 200 });
    }
    warnings.length = 0;
    await serverWith({ ALLOW_INSECURE_CONNECTIONS: '0' }, { log });
    expect(warnings).toEqual([]);
  });

  it('CONNECTION_HOSTS: a kind calls only the hosts listed for it, at save and when called', async () => {
    const listed = await serverWith({ ALLOW_INSECURE_CONNECTIONS: '1', CONNECTION_HOSTS: 'mico=localhost,fujitsu-*=*.fujitsu.example' });
    const admin = await w.signIn({}, listed);
    const mico = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft('mico'), listed);
    expect(mico.body.lastStatus).toMatchObject({ ok: true });
    const fujitsu = await w.call('PUT', `/connections/${fresh()}`, admin.credential, w.draft('fujitsu-api-key'), listed);
    expect(fujitsu.body.fields).toEqual([{ field: 'baseUrl', code: 'destination', words: expect.stringMatching(/operator allows for this kind/) }]);

    const sealer = await createSealer(new Uint8Array(Buffer.from(KEY, 'base64')));
    const id = fresh();
    await connectionStore(listed.db, sealer).save(admin.infobip.accountKey, fullDraft('fujitsu-api-key', id));
    const probe = await w.call('POST', `/connections/${id}/actions/probe`, admin.credential, undefined, listed);
    expect(probe.body).toMatchObject({ error: 'DESTINATION_REFUSED' });
    expect(w.requests('/fujitsu/v1/health')).toEqual([]);
  });
});
