/**
 * A connection's actions through the real server: the presets every existing connection has, an
 * admin's own list (checked, audited), runs that send exactly the stored template with the values
 * encoded (a request catcher sees what the provider would), who may run what, the answer kept for
 * actions that run when the card opens, and an admin's try that shows the request but never a secret.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MS } from '../../../src/server/store/recent';
import type { ConnectionAction } from '../../../src/shared/connection-action';
import { createCatcher } from '../../sandbox/catcher.js';
import { AGENT, CALL_RUN, OTHER_ACCOUNT, shown, useServerWorld, type Json } from '../support';

const w = await useServerWorld();
const catcher = await createCatcher();
afterAll(() => catcher.close());
beforeEach(() => catcher.reset());
let n = 0;
const CALL_PATH = '/mico/v1/outbound_calls/call_7f3a9c21';

/** An admin's session and a saved Mico connection to the sandbox (its actions: the presets). */
async function micoWith(overrides: Json = {}) {
  const admin = await w.signIn();
  const id = `mico-${++n}`;
  const saved = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { name: `Mico ${n}`, ...overrides }));
  expect(saved.status, saved.text).toBe(201);
  return { admin, id };
}

/** An admin's session and a Fujitsu API-key connection whose server is the catcher: it sees every request as sent. */
async function caught() {
  const admin = await w.signIn();
  const id = `caught-${++n}`;
  const draft = { ...w.draft('fujitsu-api-key'), name: 'Caught', baseUrl: `${catcher.url}/base` };
  const saved = await w.call('PUT', `/connections/${id}`, admin.credential, draft);
  expect(saved.status, saved.text).toBe(201);
  catcher.reset();
  return { admin, id };
}

/** An agent: the portal refuses their token (admins signed in before keep their answer). */
async function agent() {
  w.sandbox.behave({ portal: '403' });
  return w.signIn(AGENT);
}

const action = (overrides: Partial<ConnectionAction> & { id: string }): ConnectionAction => ({
  label: `Action ${overrides.id}`,
  audience: 'agents',
  method: 'GET',
  path: '/v1/items/{input}',
  input: { label: 'Item', pattern: '[^]{1,200}' },
  runs: 'on-click',
  cacheSeconds: 0,
  show: { kind: 'all' },
  ...overrides,
});

const listOf = async (credential: string, id: string) =>
  (await w.call('GET', '/connections', credential)).body.connections.find((c: Json) => c.id === id) as Json;

describe('the presets', () => {
  it("an existing connection (no list saved) has the probe and Mico's call look-up; an agent's look-up still works", async () => {
    const { admin, id } = await micoWith();
    expect((await w.server.db.all('SELECT actions FROM connections WHERE id = ?', [id]))[0]?.actions).toBeNull();
    const view = await listOf(admin.credential, id);
    expect(view.actionsChanged).toBe(false);
    expect(view.actions.map((a: Json) => a.id)).toEqual(['probe', 'call-by-uid']);
    const { credential } = await agent();
    const answer = await w.call('POST', `/connections/${id}/actions/call-by-uid`, credential, CALL_RUN);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ cached: false, fetchedAt: expect.any(Number), result: { kind: 'fields' } });
    expect(shown(answer.body.result)).toMatchObject({ 'Call UID': 'call_7f3a9c21', Status: 'completed', Duration: 132 });
    const probe = await w.call('POST', `/connections/${id}/actions/probe`, credential);
    expect(probe.body.result).toEqual({ kind: 'reachable', status: 200, ms: expect.any(Number) });
  });
});

describe('the request an action sends', () => {
  it('the catcher sees the value encoded into the path, under the base path, and nothing else', async () => {
    const { admin, id } = await caught();
    const put = await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: [action({ id: 'item' })] });
    expect(put.status, put.text).toBe(200);
    for (const [value, path] of [
      ['../../admin?x=1#y', '/base/v1/items/..%2F..%2Fadmin%3Fx%3D1%23y'],
      ['%2e%2e/secret', '/base/v1/items/%252e%252e%2Fsecret'],
    ]) {
      const answer = await w.call('POST', `/connections/${id}/actions/item`, admin.credential, { variables: { input: value } });
      expect(answer.status, answer.text).toBe(200);
      expect(shown(answer.body.result)).toEqual({ Caught: true });
      expect(catcher.log.at(-1)).toMatchObject({ method: 'GET', path, body: '' });
    }
    const before = catcher.log.length;
    for (const value of ['..', 'a\r\nX-Injected: 1', 'x'.repeat(201)]) {
      const answer = await w.call('POST', `/connections/${id}/actions/item`, admin.credential, { variables: { input: value } });
      expect(answer.status).toBe(400);
      expect(answer.body.fields).toEqual([expect.objectContaining({ field: 'variables.input' })]);
    }
    expect(catcher.log.length).toBe(before);
  });

  it('a POST sends the body template as JSON, with a quote in a value unable to break it', async () => {
    const { admin, id } = await caught();
    const ask = action({
      id: 'ask',
      method: 'POST',
      path: '/v1/ask/{conversationId}',
      input: { label: 'Question', pattern: '[^]{1,200}' },
      body: '{"question":"{input}","who":"{agentUsername}","messages":"{recentMessages}"}',
      recentMessages: 2,
    });
    expect((await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: [ask] })).status).toBe(200);
    const input = 'say "hi"\\", "admin": true, "x": "';
    const answer = await w.call('POST', `/connections/${id}/actions/ask`, admin.credential, {
      variables: { input, conversationId: 'conv-1', recentMessages: ['one', 'two "2"', 'three\nlines'] },
    });
    expect(answer.status, answer.text).toBe(200);
    const sent = catcher.log.at(-1);
    expect(sent).toMatchObject({ method: 'POST', path: '/base/v1/ask/conv-1' });
    expect(JSON.parse(sent?.body ?? '')).toEqual({ question: input, who: 'developeruser', messages: ['two "2"', 'three\nlines'] });
  });

  it('a variable the action needs but the request lacks is named; agentUsername cannot come from the browser', async () => {
    const { admin, id } = await micoWith();
    const missing = await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, { variables: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual([{ field: 'variables.input', code: 'required', words: 'is needed by this action' }]);
    const spoofed = await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, {
      variables: { input: 'call_7f3a9c21', agentUsername: 'someone-else' },
    });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body.fields).toEqual([expect.objectContaining({ field: 'variables.agentUsername', code: 'not-allowed' })]);
    expect(w.requests(CALL_PATH)).toHaveLength(0);
  });
});

describe('who may run what', () => {
  it("an action of another account's connection, or of another connection, is a 404", async () => {
    const { admin, id } = await micoWith();
    const other = await w.signIn(OTHER_ACCOUNT);
    const foreign = await w.call('POST', `/connections/${id}/actions/call-by-uid`, other.credential, CALL_RUN);
    expect(foreign.status).toBe(404);
    const { id: fujitsu } = await caught();
    const elsewhere = await w.call('POST', `/connections/${fujitsu}/actions/call-by-uid`, admin.credential, CALL_RUN);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toMatchObject({ error: 'NOT_FOUND', message: 'There is no action "call-by-uid".' });
    expect(w.requests(CALL_PATH)).toHaveLength(0);
  });

  it('an admins-only action: 403 for an agent, who is not told of it; 200 for an admin', async () => {
    const { admin, id } = await micoWith();
    const secretive = action({ id: 'campaigns', label: 'Campaigns', audience: 'admins', path: '/v1/campaigns', input: undefined });
    const put = await w.call('PUT', `/connections/${id}/actions`, admin.credential, {
      actions: [secretive, action({ id: 'open', path: '/v1/campaigns', input: undefined })],
    });
    expect(put.status, put.text).toBe(200);
    expect((await w.call('POST', `/connections/${id}/actions/campaigns`, admin.credential, {})).status).toBe(200);
    const { credential } = await agent();
    const refused = await w.call('POST', `/connections/${id}/actions/campaigns`, credential, {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'FORBIDDEN', message: `Only the account's admins may run "Campaigns".` });
    expect((await listOf(credential, id)).actions.map((a: Json) => a.id)).toEqual(['open']);
    const [refusal] = (await w.call('GET', '/audit?kind=refusal', admin.credential)).body.entries.filter((e: Json) => e.connectionId === id);
    expect(refusal).toMatchObject({ username: AGENT.username, result: 'refused: not an admin', about: { actionId: 'campaigns', actionLabel: 'Campaigns' } });
    expect((await listOf(admin.credential, id)).actions.map((a: Json) => a.id)).toEqual(['campaigns', 'open']);
  });
});

describe('an action that runs when the card opens', () => {
  it('is answered from memory for cacheSeconds: no second request to the provider; fresh asks again; a save of the actions forgets it', async () => {
    const { admin, id } = await micoWith();
    const onOpen = {
      ...action({ id: 'call', path: '/v1/outbound_calls/{input}', input: { label: 'UID', pattern: '[\\w]{1,64}' } }),
      runs: 'on-open' as const,
      cacheSeconds: 20,
    };
    expect((await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: [onOpen] })).status).toBe(200);
    const run = (body: Json = CALL_RUN) => w.call('POST', `/connections/${id}/actions/call`, admin.credential, body);
    const first = await run();
    expect(first.body.cached).toBe(false);
    w.sandbox.advanceClock(10_000);
    const second = await run();
    expect(second.body).toEqual({ ...first.body, cached: true });
    expect(w.requests(CALL_PATH)).toHaveLength(1);
    const forced = await run({ ...CALL_RUN, fresh: true });
    expect(forced.body.cached).toBe(false);
    expect(forced.body.fetchedAt).toBeGreaterThan(first.body.fetchedAt);
    expect(w.requests(CALL_PATH)).toHaveLength(2);
    // Past cacheSeconds after the fresh answer was kept, asked again.
    w.sandbox.advanceClock(21_000);
    const later = await run();
    expect(later.body.cached, later.text).toBe(false);
    expect(w.requests(CALL_PATH)).toHaveLength(3);
    // A save of the actions (even the same list) forgets what was kept.
    expect((await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: [onOpen] })).status).toBe(200);
    expect((await run()).body.cached).toBe(false);
    expect(w.requests(CALL_PATH)).toHaveLength(4);
    // A failure is never kept.
    w.mico.behave({ apiPrefix: '/api' });
    expect((await run({ variables: { input: 'call_none' } })).status).toBe(424);
    w.mico.behave({ apiPrefix: '' });
    expect((await run({ variables: { input: 'call_none' } })).status).toBe(424);
    expect(w.requests('/mico/v1/outbound_calls/call_none')).toHaveLength(2);
  });
});

describe("an admin's list of actions", () => {
  it('a list with a bad action is refused with each field named, and nothing is stored', async () => {
    const { admin, id } = await micoWith();
    const bad = await w.call('PUT', `/connections/${id}/actions`, admin.credential, {
      actions: [action({ id: 'ok' }), { ...action({ id: 'bad' }), path: 'no-slash/{secret}', method: 'DELETE' }, action({ id: 'ok' })],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'BAD_REQUEST', message: expect.stringContaining('nothing was saved') });
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'actions.1.method', problem: 'choice' },
        { field: 'actions.1.path', problem: 'path' },
        { field: 'actions.2.id', problem: 'duplicate' },
      ]),
    );
    expect((await listOf(admin.credential, id)).actionsChanged).toBe(false);
    expect((await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: 'none' })).status).toBe(400);
  });

  it('a saved list is audited as a change, by the connection’s name, with each action added or removed', async () => {
    const { admin, id } = await micoWith({ name: 'Mico sales' });
    const kept = (await listOf(admin.credential, id)).actions.filter((a: Json) => a.id === 'call-by-uid');
    const put = await w.call('PUT', `/connections/${id}/actions`, admin.credential, { actions: [...kept, action({ id: 'extra' })] });
    expect(put.body.actions.map((a: Json) => a.id)).toEqual(['call-by-uid', 'extra']);
    expect(await listOf(admin.credential, id)).toMatchObject({ actionsChanged: true, actions: put.body.actions });
    const [entry] = (await w.call('GET', '/audit?kind=change', admin.credential)).body.entries.filter((e: Json) => e.connectionId === id);
    expect(entry).toMatchObject({ what: 'actions updated', result: 'ok', about: { connectionName: 'Mico sales' } });
    expect(entry.changes.map((c: Json) => [c.field, c.from !== undefined, c.to !== undefined])).toEqual([
      ['actions.probe', true, false],
      ['actions.extra', false, true],
    ]);
  });

  it('a stored action that no longer passes the check does not run; the rest do', async () => {
    const { admin, id } = await micoWith();
    const stored = [action({ id: 'broken', path: 'not a path' }), action({ id: 'fine', path: '/v1/campaigns', input: undefined })];
    await w.server.db.run('UPDATE connections SET actions = ? WHERE id = ?', [JSON.stringify(stored), id]);
    // The connection was remembered a moment ago (recent.ts): a save would forget it; a hand edit is waited out.
    await new Promise((resolve) => setTimeout(resolve, RECENT_MS + 100));
    expect((await listOf(admin.credential, id)).actions.map((a: Json) => a.id)).toEqual(['fine']);
    expect((await w.call('POST', `/connections/${id}/actions/broken`, admin.credential, { variables: { input: 'x' } })).status).toBe(404);
    expect((await w.call('POST', `/connections/${id}/actions/fine`, admin.credential, {})).status).toBe(200);
  });
});

describe("an admin's try", () => {
  it('shows the URL and body the server sent and what an agent would see, never the secret; nothing is stored or kept', async () => {
    const { admin, id } = await micoWith();
    const draft = action({
      id: 'draft',
      method: 'POST',
      path: '/v1/outbound_calls/{input}',
      input: { label: 'UID', pattern: '[\\w]{1,64}' },
      body: '{"agent":"{agentUsername}"}',
      runs: 'on-open',
      cacheSeconds: 300,
    });
    // The sandbox answers a GET only: the try shows the request and Mico's refusal, as an agent would see it.
    const tried = await w.call('POST', `/connections/${id}/try-action`, admin.credential, {
      action: { ...draft, method: 'GET', body: undefined },
      variables: { input: 'call_7f3a9c21', agentUsername: 'sample.agent' },
    });
    expect(tried.status, tried.text).toBe(200);
    expect(tried.body.request).toEqual({ method: 'GET', url: `${w.sandbox.url}/mico/v1/outbound_calls/call_7f3a9c21` });
    expect(shown(tried.body.answer.result)).toMatchObject({ Uid: 'call_7f3a9c21', 'Campaign name': 'Parcel delivery follow-up' });
    const posted = await w.call('POST', `/connections/${id}/try-action`, admin.credential, { action: draft, variables: { input: 'call_7f3a9c21' } });
    expect(posted.body.request).toEqual({
      method: 'POST',
      url: expect.stringMatching(/\/v1\/outbound_calls\/call_7f3a9c21$/),
      body: '{"agent":"developeruser"}',
    });
    expect(posted.body.error).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    for (const text of [tried.text, posted.text]) {
      expect(text).not.toContain(w.mico.clientSecret);
      expect(text.toLowerCase()).not.toContain('bearer');
    }
    expect((await listOf(admin.credential, id)).actionsChanged).toBe(false);
    const again = await w.call('POST', `/connections/${id}/try-action`, admin.credential, {
      action: { ...draft, method: 'GET', body: undefined },
      variables: { input: 'call_7f3a9c21' },
    });
    expect(again.body.answer.cached).toBe(false);
    expect(w.requests(CALL_PATH, 'GET')).toHaveLength(2);
  });

  it('an invalid action is a 400 naming its fields; a refused value shows no request; agents may not try', async () => {
    const { admin, id } = await micoWith();
    const invalid = await w.call('POST', `/connections/${id}/try-action`, admin.credential, {
      action: { ...action({ id: 'x', input: undefined }), path: '' },
      variables: {},
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.problems).toEqual([{ field: 'action.path', problem: 'required' }]);
    const refused = await w.call('POST', `/connections/${id}/try-action`, admin.credential, { action: action({ id: 'x' }), variables: { input: '..' } });
    expect(refused.body).toMatchObject({ request: null, error: { error: 'BAD_REQUEST', fields: [{ field: 'variables.input', code: 'path' }] } });
    const { credential } = await agent();
    expect((await w.call('POST', `/connections/${id}/try-action`, credential, { action: action({ id: 'x' }), variables: { input: 'a' } })).status).toBe(403);
  });
});

describe('the audit log of a run', () => {
  it('names the connection, the action and the conversation as they were, with the result in words, never the answer', async () => {
    const { admin, id } = await micoWith({ name: 'Mico audited' });
    const { credential } = await agent();
    await w.call('POST', `/connections/${id}/actions/call-by-uid`, credential, { variables: { input: 'call_7f3a9c21', conversationId: 'conv-77' } });
    await w.call('POST', `/connections/${id}/actions/call-by-uid`, credential, { variables: { input: 'call_missing' } });
    const answer = await w.call('GET', '/audit?kind=action', admin.credential);
    const entries = answer.body.entries.filter((e: Json) => e.connectionId === id && e.what === 'call-by-uid');
    expect(entries).toEqual([
      expect.objectContaining({
        username: AGENT.username,
        result: 'NOT_FOUND (HTTP 404)',
        about: { connectionName: 'Mico audited', actionId: 'call-by-uid', actionLabel: 'Outbound call by UID', actionLabelJa: 'UIDで発信通話を検索' },
      }),
      expect.objectContaining({
        result: 'ok',
        about: {
          connectionName: 'Mico audited',
          actionId: 'call-by-uid',
          actionLabel: 'Outbound call by UID',
          actionLabelJa: 'UIDで発信通話を検索',
          conversationId: 'conv-77',
        },
      }),
    ]);
    expect(answer.text).not.toContain('Parcel delivery follow-up');
  });
});
