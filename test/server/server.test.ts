/**
 * The app server against the sandboxes: sign-in through the server, sessions, who is an admin, the
 * account's connections with every sign-in method, the named actions, and what never leaves the server.
 */
import { describe, expect, it } from 'vitest';
import { AGENT, OTHER_ACCOUNT, shown, useServerWorld, type Json } from './support';

const w = await useServerWorld();
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const HOUR = 3600_000;

/** An admin session and a saved connection of `kind` (the server tests it on save). */
async function adminWith(kind: string, overrides: Json = {}) {
  const admin = await w.signIn();
  const id = fresh(kind);
  const saved = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft(kind, overrides));
  return { admin, id, saved };
}

describe('sign-in through the server', () => {
  it("returns Infobip's own answer and a 256-bit session credential that the database keeps only as a hash", async () => {
    const { credential, infobip } = await w.signIn();
    expect(infobip).toMatchObject({ tokenType: 'IBSSO', accountKey: '8F0792F86035A9F4290821F1EE6BC06A', token: expect.any(String) });
    expect(Buffer.from(credential, 'base64url')).toHaveLength(32);
    const rows = await w.server.db.all('SELECT * FROM sessions');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(credential);
    expect(stored).not.toContain(infobip.token);
    expect((await w.call('GET', '/me', credential)).body).toMatchObject({ accountKey: '8F0792F86035A9F4290821F1EE6BC06A', username: 'developeruser' });
  });

  it("passes Infobip's refusal of a bad code on, and makes no session", async () => {
    const before = (await w.server.db.all('SELECT count(*) AS n FROM sessions'))[0]?.n;
    const answer = await w.call('POST', '/auth/token', undefined, {
      code: 'deadbeefdeadbeef',
      code_verifier: 'x'.repeat(43),
      redirect_uri: 'http://localhost:5999/apps/card/callback.html',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant' });
    expect((await w.server.db.all('SELECT count(*) AS n FROM sessions'))[0]?.n).toBe(before);
  });

  it('refreshes through the server: a new Infobip token, a new credential, a later expiry', async () => {
    const { credential, infobip, expiresAt } = await w.signIn();
    w.sandbox.advanceClock(30_000);
    const answer = await w.refresh(credential);
    expect(answer.status).toBe(200);
    expect(answer.body.infobip.token).not.toBe(infobip.token);
    expect(answer.body.session).toEqual({ credential: expect.stringMatching(/^[\w-]{43}$/), expiresAt: expect.any(Number) });
    expect(answer.body.session.credential).not.toBe(credential);
    expect(answer.body.session.expiresAt).toBeGreaterThan(expiresAt);
    expect(w.requests('/exchange/1/oauth/token').at(-1)?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: infobip.token,
      code: infobip.token,
    });
  });

  it('answers 401 to an unknown credential, a missing one, and an expired session', async () => {
    expect((await w.call('GET', '/connections', 'A'.repeat(43))).status).toBe(401);
    expect((await w.call('GET', '/connections')).status).toBe(401);
    const { credential, expiresAt } = await w.signIn();
    w.sandbox.setClock(expiresAt);
    const expired = await w.call('GET', '/connections', credential);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'UNAUTHORIZED' });
  });

  it('ends the session on sign-out', async () => {
    const { credential } = await w.signIn();
    expect((await w.call('POST', '/auth/sign-out', credential)).status).toBe(204);
    expect((await w.call('GET', '/me', credential)).status).toBe(401);
  });
});

describe('who is an admin', () => {
  it('a user whose token can read the app at Infobip is one; a user it refuses is not, and gets 403 on changes', async () => {
    const admin = await w.signIn();
    expect((await w.call('GET', '/me', admin.credential)).body.admin).toBe(true);
    w.sandbox.behave({ portal: '403' });
    const agent = await w.signIn(AGENT);
    expect((await w.call('GET', '/me', agent.credential)).body.admin).toBe(false);
    const change = await w.call('PUT', `/connections/${fresh('x')}`, agent.credential, w.draft('fujitsu-api-key'));
    expect(change.status).toBe(403);
    expect((await w.call('GET', '/audit', agent.credential)).status).toBe(403);
  });

  it('asks Infobip once per token, not once per request', async () => {
    const admin = await w.signIn();
    for (let i = 0; i < 3; i++) await w.call('GET', '/connections', admin.credential);
    expect(w.requests(`/api/amg/exchange/1/apps/3bb98d89-2c5f-4b5e-9a4e-6f1c2d3e4a5b/oauth`)).toHaveLength(1);
  });
});

describe("the account's connections", () => {
  it.each(['mico', 'fujitsu-api-key', 'fujitsu-oauth', 'fujitsu-legacy'])(
    '%s: saved, tested on save, listed without its secrets, probed from the card',
    async (kind) => {
      const { admin, id, saved } = await adminWith(kind);
      expect(saved.status, saved.text).toBe(201);
      expect(saved.body.lastStatus).toMatchObject({ ok: true, status: 200 });
      const list = await w.call('GET', '/connections', admin.credential);
      const listed = list.body.connections.find((c: Json) => c.id === id);
      expect(listed).toMatchObject({ kind, secrets: expect.any(Array), lastStatus: { ok: true } });
      for (const secret of [w.mico.clientSecret, w.fujitsu.clientSecret, w.fujitsu.primaryKey, w.fujitsu.secondaryKey]) {
        expect(list.text).not.toContain(secret);
        expect(saved.text).not.toContain(secret);
      }
      const probe = await w.call('POST', `/connections/${id}/actions/probe`, admin.credential);
      expect(probe.status).toBe(200);
      expect(probe.body.result).toMatchObject({ status: 200, ms: expect.any(Number) });
    },
  );

  it('stores secrets sealed: the database holds no secret in the clear', async () => {
    await adminWith('fujitsu-api-key');
    await adminWith('mico');
    const dump = JSON.stringify(await w.server.db.all('SELECT * FROM connections')) + JSON.stringify(await w.server.db.all('SELECT * FROM credentials'));
    for (const secret of [w.mico.clientSecret, w.fujitsu.primaryKey, w.fujitsu.secondaryKey]) expect(dump).not.toContain(secret);
  });

  it('names a field a hand-made request should not send, and why, in words', async () => {
    const admin = await w.signIn();
    const answer = await w.call('PUT', `/connections/${fresh('odd')}`, admin.credential, { ...w.draft('mico'), primaryKey: 'x', name: 7 });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'BAD_REQUEST', message: 'The connection has fields that are not valid.' });
    expect(answer.body.fields).toEqual([
      { field: 'name', code: 'not-a-string', words: 'must be a string' },
      { field: 'primaryKey', code: 'not-a-field', words: 'is not a field of a mico connection' },
    ]);
  });

  it('an edit that leaves a secret empty keeps the saved one', async () => {
    const { admin, id } = await adminWith('mico');
    const edited = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { name: 'Renamed', clientSecret: '' }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ connection: { settings: { name: 'Renamed' } }, lastStatus: { ok: true } });
  });

  it('refuses invalid fields by name, and stores nothing', async () => {
    const admin = await w.signIn();
    const id = fresh('bad');
    const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { baseUrl: 'ftp://x', clientSecret: '' }));
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([
      { field: 'baseUrl', code: 'url', words: 'must be an https URL without a query or fragment' },
      { field: 'clientSecret', code: 'required', words: 'is required' },
    ]);
    expect((await w.call('GET', '/connections', admin.credential)).body.connections.some((c: Json) => c.id === id)).toBe(false);
  });

  it('Mico: three agents who need a new token at once make one token request for the whole team', async () => {
    // The agents' sessions last as long as the server allows (SESSION_MAX_HOURS); Mico's token, an hour, made first, is due first.
    w.sandbox.behave({ tokenLifetimeSeconds: 86_400, sendExpiresIn: true });
    w.mico.behave({ tokenLifetimeSeconds: 3600 });
    const { id } = await adminWith('mico');
    w.sandbox.behave({ portal: '403' });
    const agents = await Promise.all([w.signIn(AGENT), w.signIn(AGENT), w.signIn(AGENT)]);
    // Mico's token is now due for every one of them.
    w.sandbox.advanceClock(3600_000 - 10_000);
    const before = w.requests('/mico/oauth/token').length;
    const answers = await Promise.all(
      agents.map((a) => w.call('POST', `/connections/${id}/actions/call-by-uid`, a.credential, { variables: { input: 'call_7f3a9c21' } })),
    );
    for (const answer of answers) expect(shown(answer.body.result), answer.text).toMatchObject({ 'Call UID': 'call_7f3a9c21', Status: 'completed' });
    expect(w.requests('/mico/oauth/token').length - before).toBe(1);
  });

  it('Fujitsu API key: the Secondary after the Primary is refused, and the choice is shared', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    w.fujitsu.revokeKey('primary');
    w.fujitsu.keyUses.length = 0;
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).body.result.status).toBe(200);
    const agent = await w.signIn(AGENT);
    expect((await w.call('POST', `/connections/${id}/actions/probe`, agent.credential)).body.result.status).toBe(200);
    expect(w.fujitsu.keyUses.map((u: Json) => u.key)).toEqual(['primary', 'secondary', 'secondary']);
  });

  it('Fujitsu legacy: PATCH with the refresh token shortly before the access token expires', async () => {
    w.sandbox.behave({ tokenLifetimeSeconds: 86_400, sendExpiresIn: true });
    const { admin, id } = await adminWith('fujitsu-legacy');
    w.sandbox.advanceClock(HOUR - 20_000);
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).body.result.status).toBe(200);
    expect(w.requests('/fujitsu/auth/v1/tokens').map((r: Json) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('wrong credentials: the save reports them in the last status, and an action answers BAD_CREDENTIALS', async () => {
    const { admin, id, saved } = await adminWith('fujitsu-oauth', { clientSecret: 'wrong' });
    expect(saved.body.lastStatus).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS', status: 401 });
    const action = await w.call('POST', `/connections/${id}/actions/probe`, admin.credential);
    expect(action.status).toBe(424);
    expect(action.body).toMatchObject({ error: 'BAD_CREDENTIALS', message: expect.stringContaining('fujitsu-oauth test') });
    expect(action.text).not.toContain('wrong');
  });

  it("another account's session cannot see, use, change or remove the connection (404)", async () => {
    const { id } = await adminWith('mico');
    const other = await w.signIn(OTHER_ACCOUNT);
    expect((await w.call('GET', '/connections', other.credential)).body.connections).toEqual([]);
    expect((await w.call('POST', `/connections/${id}/actions/probe`, other.credential)).status).toBe(404);
    expect((await w.call('POST', `/connections/${id}/test`, other.credential)).status).toBe(404);
    expect((await w.call('DELETE', `/connections/${id}`, other.credential)).status).toBe(404);
  });

  it('refuses a request that tries to choose the upstream URL or path, or an action that does not exist', async () => {
    const { admin, id } = await adminWith('mico');
    const sent = w.sandbox.log.length;
    for (const body of [
      { variables: { input: 'call_7f3a9c21' }, baseUrl: 'http://127.0.0.1:1/steal' },
      { variables: { input: 'call_7f3a9c21' }, url: 'http://127.0.0.1:1/' },
      { variables: { input: '../../oauth/token' } },
      { variables: { input: 'x', path: '/v1/campaigns' } },
      // The old look-up's shape: the value outside `variables`.
      { uid: 'call_7f3a9c21' },
    ]) {
      expect((await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, body)).status).toBe(400);
    }
    // An action that does not exist is one answer, whatever the body: 404 with the error in words.
    for (const [action, body] of [
      ['fetch', { url: 'http://example.com' }],
      ['delete-campaign', undefined],
    ] as const) {
      const answer = await w.call('POST', `/connections/${id}/actions/${action}`, admin.credential, body);
      expect({ status: answer.status, error: answer.body?.error, message: answer.body?.message }).toEqual({
        status: 404,
        error: 'NOT_FOUND',
        message: `There is no action "${action}".`,
      });
    }
    expect(w.sandbox.log.length).toBe(sent);
  });

  it('records every change and action in the audit log, newest first', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    await w.call('POST', `/connections/${id}/actions/probe`, admin.credential);
    await w.call('DELETE', `/connections/${id}`, admin.credential);
    const entries = (await w.call('GET', '/audit', admin.credential)).body.entries.filter((e: Json) => e.connectionId === id);
    expect(entries.map((e: Json) => e.what)).toEqual(['removed', 'probe', 'tested', 'created']);
    expect(entries[0]).toMatchObject({ username: 'developeruser', result: 'ok', at: expect.any(Number) });
  });
});

describe('limits and restarts', () => {
  it('answers 429 with Retry-After past the per-user limit', async () => {
    await w.restart({ RATE_LIMIT_SESSION: '3' });
    const { credential } = await w.signIn();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await w.call('GET', '/connections', credential)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await w.call('GET', '/me', credential);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await w.restart();
  });

  it('a restart loses nothing: sessions, connections and their cached tokens', async () => {
    const { admin, id } = await adminWith('mico');
    await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, { variables: { input: 'call_7f3a9c21' } });
    const tokens = w.requests('/mico/oauth/token').length;
    await w.restart();
    const again = await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, { variables: { input: 'call_7f3a9c21' } });
    expect(shown(again.body.result)).toMatchObject({ 'Call UID': 'call_7f3a9c21' });
    expect(w.requests('/mico/oauth/token')).toHaveLength(tokens);
  });

  it('a new SECRETS_KEY with the old one as SECRETS_KEY_PREVIOUS re-seals every secret; without it, the connection asks for its secrets again', async () => {
    const { admin, id } = await adminWith('fujitsu-api-key');
    const NEW = Buffer.alloc(32, 9).toString('base64');
    const old = (await import('./support')).KEY;
    await w.restart({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: old });
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).body.result.status).toBe(200);
    // Re-sealed: the old key is no longer needed.
    await w.restart({ SECRETS_KEY: NEW });
    expect((await w.call('POST', `/connections/${id}/actions/probe`, admin.credential)).body.result.status).toBe(200);
    // Under the old key alone it does not open (the log names SECRETS_KEY_PREVIOUS: secrets.test.ts); the server still starts.
    await w.restart({ SECRETS_KEY: old });
    const again = await w.signIn();
    expect((await w.call('POST', `/connections/${id}/actions/probe`, again.credential)).status).toBe(409);
    await w.restart({ SECRETS_KEY: old, SECRETS_KEY_PREVIOUS: NEW });
  });
});
