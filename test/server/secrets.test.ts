/**
 * Saved secrets go only where they were typed for, and a key rotation cannot strand the server: an edit
 * that moves a connection elsewhere must type its secrets again, a destination edited in the database
 * does not open, a row that does not open is skipped at start (and named in the log), and a session
 * whose token does not open is told to sign in again. A request catcher on loopback stands for the
 * attacker's host.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLog } from '../../src/server/log';
import { createSealer } from '../../src/server/store/seal';
import { KEY, useServerWorld, type Json } from './support';

const w = await useServerWorld();
const ACCOUNT = '8F0792F86035A9F4290821F1EE6BC06A';
const NEW_KEY = Buffer.alloc(32, 9).toString('base64');
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

/** Every request the catcher received, as one text to search for a secret. */
const caught: Json[] = [];
const catcher = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    caught.push({ method: request.method, url: request.url, headers: request.headers, body });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"access_token":"caught","token_type":"Bearer","expires_in":3600}');
  });
});
await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
const CATCHER = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => catcher.close(() => resolve())));

const SECRETS = () => [w.mico.clientSecret, w.fujitsu.clientSecret, w.fujitsu.primaryKey, w.fujitsu.secondaryKey];
const SECRET_FIELDS: Record<string, string[]> = {
  mico: ['clientSecret'],
  'fujitsu-api-key': ['primaryKey', 'secondaryKey'],
  'fujitsu-oauth': ['clientSecret'],
  'fujitsu-legacy': ['clientSecret'],
};
const emptySecrets = (kind: string) => Object.fromEntries((SECRET_FIELDS[kind] ?? []).map((field) => [field, '']));

async function adminWith(kind: string) {
  const admin = await w.signIn();
  const id = fresh(kind);
  const saved = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft(kind));
  expect(saved.status, saved.text).toBe(201);
  return { admin, id };
}

describe('an edit that changes where a connection goes', () => {
  it.each([
    ['fujitsu-api-key', 'its base URL', () => ({ baseUrl: CATCHER })],
    ['mico', 'its base URL', () => ({ baseUrl: `${CATCHER}/mico` })],
    ['fujitsu-legacy', 'its token path', () => ({ tokenPath: '/steal' })],
    ['mico', 'its client ID', () => ({ clientId: 'someone-else' })],
  ])('%s, %s, with the secrets left empty: refused at each secret, and nothing is sent anywhere', async (kind, _what, change) => {
    const { admin, id } = await adminWith(kind);
    caught.length = 0;
    const sent = w.sandbox.log.length;
    const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft(kind, { ...change(), ...emptySecrets(kind) }));
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual(
      (SECRET_FIELDS[kind] ?? []).map((field) => ({ field, code: 'retype', words: expect.stringContaining('must be typed again') })),
    );
    expect(caught).toEqual([]);
    // Nor to the connections' own hosts (the admin check before a change still asks Infobip).
    expect(w.sandbox.log.slice(sent).filter((e: Json) => /^\/(mico|fujitsu)\//.test(e.path))).toEqual([]);
    // The saved connection is as it was.
    const listed = (await w.call('GET', '/connections', admin.credential)).body.connections.find((c: Json) => c.id === id);
    expect(listed.settings).toMatchObject({ baseUrl: (w.draft(kind) as Json).baseUrl });
  });

  it('with every secret typed again, is saved: the admin chose where they go', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    caught.length = 0;
    const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('fujitsu-api-key', { baseUrl: CATCHER, primaryKey: 'typed-again' }));
    expect(answer.status, answer.text).toBe(200);
    expect(caught.map((request) => request.headers['x-api-key'])).toEqual(['typed-again']);
  });

  it('that keeps the destination still keeps the saved secrets', async () => {
    const { admin, id } = await adminWith('fujitsu-oauth');
    const answer = await w.call(
      'PUT',
      `/connections/${id}`,
      admin.credential,
      w.draft('fujitsu-oauth', { name: 'Renamed', probePath: '/v1/health', ...emptySecrets('fujitsu-oauth') }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.lastStatus).toMatchObject({ ok: true });
  });
});

describe('a connection edited in the database', () => {
  it('whose base URL was changed there does not open: nothing is sent, and the answer says an admin must type the secrets again', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    const [row] = await w.server.db.all('SELECT settings FROM connections WHERE account_key = ? AND id = ?', [ACCOUNT, id]);
    const settings = { ...JSON.parse(String(row?.settings)), baseUrl: CATCHER };
    await w.server.db.run('UPDATE connections SET settings = ? WHERE account_key = ? AND id = ?', [JSON.stringify(settings), ACCOUNT, id]);
    caught.length = 0;
    for (const path of [`/connections/${id}/actions/probe`, `/connections/${id}/test`]) {
      const answer = await w.call('POST', path, admin.credential);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: 'NOT_CONFIGURED', message: expect.stringContaining('type them again') });
    }
    expect(caught).toEqual([]);

    // An edit that leaves the secrets empty cannot use them; one that types every secret replaces the row.
    const empty = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('fujitsu-api-key', { ...settings, ...emptySecrets('fujitsu-api-key') }));
    expect(empty.status).toBe(400);
    expect(empty.body.fields.map((f: Json) => [f.field, f.code])).toEqual([
      ['primaryKey', 'unreadable'],
      ['secondaryKey', 'unreadable'],
    ]);
    const typed = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('fujitsu-api-key'));
    expect(typed.status).toBe(200);
    expect(typed.body.lastStatus).toMatchObject({ ok: true });
    expect(caught).toEqual([]);
  });

  it('sealed the old way (before destinations were bound in) opens once at start and is bound to its destination from then on', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    const legacy = await (await createSealer(new Uint8Array(Buffer.from(KEY, 'base64')))).seal(
      { primaryKey: w.fujitsu.primaryKey, secondaryKey: w.fujitsu.secondaryKey },
      ACCOUNT,
      `connection:${id}`,
    );
    await w.server.db.run('UPDATE connections SET sealed_secrets = ? WHERE account_key = ? AND id = ?', [legacy, ACCOUNT, id]);
    await w.restart();
    const [row] = await w.server.db.all('SELECT settings, sealed_secrets FROM connections WHERE account_key = ? AND id = ?', [ACCOUNT, id]);
    expect(row?.sealed_secrets).not.toBe(legacy);
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).body.result).toMatchObject({ status: 200 });
    // Bound now: the same row pointed elsewhere in the database does not open.
    const settings = { ...JSON.parse(String(row?.settings)), baseUrl: CATCHER };
    await w.server.db.run('UPDATE connections SET settings = ? WHERE account_key = ? AND id = ?', [JSON.stringify(settings), ACCOUNT, id]);
    // A server that opened the row a moment ago uses what it opened (for up to 3 s); a fresh one reads the edit.
    await w.restart();
    caught.length = 0;
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).status).toBe(409);
    expect(JSON.stringify(caught)).not.toContain(w.fujitsu.primaryKey);
  });
});

describe('key rotation', () => {
  it('re-seals row by row: a row that does not open is logged with its account and connection id and skipped, and the server starts', async () => {
    const good = await adminWith('fujitsu-api-key');
    const bad = await adminWith('mico');
    // The good row's sealed secrets copied onto the other: valid under the key, but not for that record.
    const [copied] = await w.server.db.all('SELECT sealed_secrets FROM connections WHERE account_key = ? AND id = ?', [ACCOUNT, good.id]);
    await w.server.db.run('UPDATE connections SET sealed_secrets = ? WHERE account_key = ? AND id = ?', [String(copied?.sealed_secrets), ACCOUNT, bad.id]);

    const lines: Json[] = [];
    await w.restart(
      { SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: KEY },
      jsonLog((line) => lines.push(JSON.parse(line))),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'connection secrets do not open: skipped', account: ACCOUNT, connection: bad.id }),
    );
    expect(JSON.stringify(lines)).not.toContain(w.fujitsu.primaryKey);

    // The rest is re-sealed and serves without the old key; the skipped row waits for an admin.
    await w.restart({ SECRETS_KEY: NEW_KEY });
    const admin = await w.signIn();
    expect((await w.call('POST', `/connections/${good.id}/actions/probe`, admin.credential)).body.result).toMatchObject({ status: 200 });
    expect((await w.call('POST', `/connections/${bad.id}/actions/probe`, admin.credential)).status).toBe(409);
    // A save that types every secret again overwrites the unreadable row.
    const retyped = await w.call('PUT', `/connections/${bad.id}`, admin.credential, w.draft('mico'));
    expect(retyped.status, retyped.text).toBe(200);
    expect(retyped.body.lastStatus).toMatchObject({ ok: true });
    await w.restart();
  });

  it('a key dropped too early leaves the server running, and names SECRETS_KEY_PREVIOUS in the log', async () => {
    const { id } = await adminWith('fujitsu-api-key');
    const lines: Json[] = [];
    await w.restart(
      { SECRETS_KEY: NEW_KEY },
      jsonLog((line) => lines.push(JSON.parse(line))),
    );
    const skipped = lines.find((line) => line.connection === id);
    expect(skipped).toMatchObject({ account: ACCOUNT, reason: expect.stringContaining('SECRETS_KEY_PREVIOUS') });
    expect((await w.call('GET', '/healthz')).status).toBe(200);
    await w.restart();
  });
});

describe('a session whose stored token does not open', () => {
  it('answers 401, sign in again, on every route that needs the token — not "Infobip could not be reached"', async () => {
    const { credential } = await w.signIn();
    // The key the session was sealed under is gone.
    await w.restart({ SECRETS_KEY: NEW_KEY });
    for (const [method, path] of [
      ['GET', '/me'],
      ['GET', '/connections'],
      ['POST', '/auth/refresh'],
    ] as const) {
      // The refresh, as the page sends it: a JSON body.
      const answer = await w.call(method, path, credential, method === 'POST' ? {} : undefined);
      expect({ path, status: answer.status, error: answer.body?.error }).toEqual({ path, status: 401, error: 'UNAUTHORIZED' });
      expect(answer.body.message).toContain('sign in again');
    }
    await w.restart();
  });
});

describe('what never leaves the server', () => {
  it('no refusal above quotes a secret', async () => {
    const { admin, id } = await adminWith('mico');
    const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { baseUrl: CATCHER, clientSecret: '' }));
    for (const secret of SECRETS()) expect(answer.text).not.toContain(secret);
  });
});
