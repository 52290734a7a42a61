/**
 * "Save" of a connection tests its draft first (PUT /connections/:id?test=first): a failed test stores
 * nothing and names the field that caused it; a passed one stores the draft with that test as its last
 * status; the draft's credential never touches the saved connection's.
 */
import { describe, expect, it } from 'vitest';
import { useServerWorld, type Json } from './support';

const w = await useServerWorld();
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

/** PUT ?test=first of a draft of `kind` with `overrides`, by `credential`. */
const saveTested = (credential: string, id: string, kind: string, overrides: Json = {}) =>
  w.call('PUT', `/connections/${id}?test=first`, credential, w.draft(kind, overrides));

const listed = async (credential: string) => (await w.call('GET', '/connections', credential)).body.connections as Json[];

describe('Save tests the draft first', () => {
  it('a wrong secret: 422 at clientSecret in words, with the last status; nothing stored, the test audited', async () => {
    const admin = await w.signIn();
    const id = fresh('mico');
    const before = await listed(admin.credential);
    const answer = await saveTested(admin.credential, id, 'mico', { clientSecret: 'not-the-secret' });
    expect(answer.status, answer.text).toBe(422);
    expect(answer.body).toEqual({
      error: 'TEST_FAILED',
      message:
        '"mico test" was not saved: its test failed. The server refused this client ID and secret (HTTP 401 Unauthorized). Check the client ID, and type the current secret. Or save it anyway, and correct it later.',
      lastStatus: { at: expect.any(Number), ok: false, code: 'BAD_CREDENTIALS', status: 401, detail: 'Client authentication failed' },
      fields: [
        {
          field: 'clientSecret',
          code: 'test',
          words: 'The server refused this client ID and secret (HTTP 401 Unauthorized). Check the client ID, and type the current secret.',
        },
      ],
    });
    expect(answer.text).not.toContain('not-the-secret');
    expect(await listed(admin.credential)).toEqual(before);
    const entries = (await w.call('GET', '/audit', admin.credential)).body.entries.filter((e: Json) => e.connectionId === id);
    expect(entries.map((e: Json) => [e.what, e.result])).toEqual([['tested', 'BAD_CREDENTIALS (HTTP 401)']]);
  });

  it('a wrong API key: 422 at primaryKey', async () => {
    const admin = await w.signIn();
    const answer = await saveTested(admin.credential, fresh('keys'), 'fujitsu-api-key', { primaryKey: 'wrong1', secondaryKey: 'wrong2' });
    expect(answer.status).toBe(422);
    expect(answer.body.fields).toEqual([
      { field: 'primaryKey', code: 'test', words: 'The server refused these API keys (HTTP 401 Unauthorized). Type the current ones.' },
    ]);
  });

  it('a probe path with nothing there: 422 at probePath, naming the 404', async () => {
    const admin = await w.signIn();
    const answer = await saveTested(admin.credential, fresh('fujitsu'), 'fujitsu-oauth', { probePath: '/v1/nothing-here' });
    expect(answer.status).toBe(422);
    expect(answer.body.lastStatus).toMatchObject({ ok: false, status: 404 });
    expect(answer.body.fields).toEqual([
      { field: 'probePath', code: 'test', words: 'The probe path answered HTTP 404 Not Found: there is nothing at this path on the server. Check the path.' },
    ]);
  });

  it('a token path with nothing there: 422 at tokenPath', async () => {
    const admin = await w.signIn();
    const answer = await saveTested(admin.credential, fresh('legacy'), 'fujitsu-legacy', { tokenPath: '/auth/v9/tokens' });
    expect(answer.status).toBe(422);
    expect(answer.body.fields).toEqual([
      { field: 'tokenPath', code: 'test', words: 'The token path answered HTTP 404 Not Found: there is no token endpoint at this path. Check the path.' },
    ]);
    expect(w.requests('/fujitsu/v1/health')).toEqual([]);
  });

  it('a base URL where nothing answers: 422 at baseUrl, and nothing stored', { timeout: 30_000 }, async () => {
    const admin = await w.signIn();
    const id = fresh('nowhere');
    // Port 9 on loopback: nothing listens (the connection is refused at once).
    const answer = await saveTested(admin.credential, id, 'mico', { baseUrl: 'http://127.0.0.1:9/mico' });
    expect(answer.status, answer.text).toBe(422);
    expect(answer.body.lastStatus).toMatchObject({ ok: false, code: 'NETWORK' });
    expect(answer.body.fields).toEqual([
      { field: 'baseUrl', code: 'test', words: expect.stringMatching(/^Nothing answered at this address.*Check the base URL\.$/) },
    ]);
    expect((await listed(admin.credential)).some((c) => c.id === id)).toBe(false);
  });

  it('a server failing at the probe path (503, after retries): 422 at probePath, naming the status', async () => {
    const admin = await w.signIn();
    w.sandbox.failNext({ path: '/fujitsu/v1/health', status: 503, count: 10 });
    const failing = await saveTested(admin.credential, fresh('keys'), 'fujitsu-api-key');
    expect(failing.body.fields).toEqual([
      { field: 'probePath', code: 'test', words: 'The probe path answered HTTP 503 Service Unavailable: the server had a problem answering. Try again later.' },
    ]);
  });

  it('a draft that passes: stored (201) with that test as its last status, the probe run once', async () => {
    const admin = await w.signIn();
    const id = fresh('mico');
    const answer = await saveTested(admin.credential, id, 'mico');
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({ connection: { id, kind: 'mico', lastStatus: { ok: true, status: 200 } }, lastStatus: { ok: true, status: 200 } });
    expect(answer.body.connection.lastStatus).toEqual(answer.body.lastStatus);
    expect(w.requests('/mico/v1/campaigns')).toHaveLength(1);
    expect((await listed(admin.credential)).find((c) => c.id === id)?.lastStatus).toEqual(answer.body.lastStatus);
    const entries = (await w.call('GET', '/audit', admin.credential)).body.entries.filter((e: Json) => e.connectionId === id);
    expect(entries.map((e: Json) => e.what).sort()).toEqual(['created', 'tested']);
    // An edit that passes is a 200, a secret left out keeping the saved one.
    const edited = await saveTested(admin.credential, id, 'mico', { name: 'Renamed', clientSecret: '' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ connection: { settings: { name: 'Renamed' } }, lastStatus: { ok: true } });
  });

  it("a draft's token neither replaces nor reuses the saved connection's: the saved one keeps working with its own", async () => {
    const admin = await w.signIn();
    const id = fresh('mico');
    expect((await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico'))).status).toBe(201);
    const bearer = () => w.requests('/mico/v1/campaigns').at(-1)?.headers.authorization as string;
    const saved = bearer();
    expect(w.mico.issued).toHaveLength(1);
    const storedToken = async () => JSON.stringify(await w.server.db.all('SELECT * FROM credentials'));
    const stored = await storedToken();

    // The saved secret kept, another probe path: the draft gets a token of its own rather than the saved one's.
    const kept = await saveTested(admin.credential, id, 'mico', { clientSecret: '', probePath: '/v1/nothing' });
    expect(kept.body.fields).toMatchObject([{ field: 'probePath' }]);
    expect(w.mico.issued).toHaveLength(2);
    // A scope that does not allow the probe: the token is refused at the probe, so the scope is named.
    const narrow = await saveTested(admin.credential, id, 'mico', { clientSecret: '', scope: 'campaigns:write' });
    expect(narrow.status).toBe(422);
    expect(narrow.body.fields).toEqual([
      { field: 'scope', code: 'test', words: 'The server issued a token but refused it at the probe path (HTTP 403 Forbidden). Check the scope.' },
    ]);
    expect(w.mico.issued.slice(2)).toContainEqual(['campaigns:write']);
    const issued = w.mico.issued.length;

    // The saved connection is as it was: its settings, and its token, used with no new request.
    const probe = await w.call('POST', `/connections/${id}/actions/probe`, admin.credential);
    expect(probe.body.result).toMatchObject({ kind: 'reachable', status: 200 });
    expect(bearer()).toBe(saved);
    expect(w.mico.issued).toHaveLength(issued);
    expect(await storedToken()).toBe(stored);
    expect((await listed(admin.credential)).find((c) => c.id === id)).toMatchObject({ settings: { probePath: '/v1/campaigns' }, lastStatus: { ok: true } });
  });

  it('without ?test=first a failing draft is stored and tested, as before ("Save anyway"); another test option is a 400', async () => {
    const admin = await w.signIn();
    const id = fresh('anyway');
    const anyway = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { clientSecret: 'not-the-secret' }));
    expect(anyway.status).toBe(201);
    expect(anyway.body.lastStatus).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS' });
    const odd = await w.call('PUT', `/connections/${fresh('odd')}?test=later`, admin.credential, w.draft('mico'));
    expect(odd.status).toBe(400);
    expect(odd.body.message).toMatch(/"\?test=first"/);
  });
});
