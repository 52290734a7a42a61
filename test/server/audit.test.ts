/**
 * The audit log tells an investigator what happened: refused admin attempts, sign-ins and sign-outs,
 * every change with its old and new values (a secret only as "changed"), each kind of entry filtered
 * apart and paged through so agents' actions never push an admin's change out of view, and nothing
 * kept past AUDIT_RETENTION_DAYS.
 */
import { describe, expect, it } from 'vitest';
import { AGENT, useServerWorld, type Json } from './support';

const w = await useServerWorld();
const DAY = 86_400_000;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

const audit = async (credential: string, query = '') => {
  const answer = await w.call('GET', `/audit${query}`, credential);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { entries: Json[]; next?: string };
};

/** An agent: the portal refuses their token. Admins signed in before keep the answer they were given. */
async function agent() {
  w.sandbox.behave({ portal: '403' });
  const signedIn = await w.signIn(AGENT);
  return signedIn;
}

describe('what the audit log records', () => {
  it("an agent's attempts at an admin's work: who, what, which connection, refused", async () => {
    const admin = await w.signIn();
    expect((await w.call('GET', '/me', admin.credential)).body.admin).toBe(true);
    const { credential } = await agent();
    const id = fresh('x');
    expect((await w.call('PUT', `/connections/${id}`, credential, w.draft('fujitsu-api-key'))).status).toBe(403);
    expect((await w.call('DELETE', `/connections/${id}`, credential)).status).toBe(403);
    expect((await w.call('GET', '/audit', credential)).status).toBe(403);
    const refusals = (await audit(admin.credential, '?kind=refusal')).entries.filter((e) => e.username === AGENT.username);
    expect(refusals.slice(0, 3)).toEqual([
      expect.objectContaining({ kind: 'refusal', connectionId: '', what: 'GET /audit', result: 'refused: not an admin' }),
      expect.objectContaining({ kind: 'refusal', connectionId: id, what: `DELETE /connections/${id}` }),
      expect.objectContaining({ kind: 'refusal', connectionId: id, what: `PUT /connections/${id}`, at: expect.any(Number) }),
    ]);
  });

  it('sign-ins and sign-outs, one entry each', async () => {
    const { credential } = await w.signIn({ username: 'investigated' });
    expect((await w.call('POST', '/auth/sign-out', credential)).status).toBe(204);
    const admin = await w.signIn();
    const entries = (await audit(admin.credential, '?kind=sign-in')).entries.filter((e) => e.username === 'investigated');
    expect(entries.map((e) => [e.kind, e.what, e.result])).toEqual([
      ['sign-in', 'signed out', 'ok'],
      ['sign-in', 'signed in', 'ok'],
    ]);
  });

  it('every change with old and new values: the destination always, a secret only as "changed"', async () => {
    const admin = await w.signIn();
    const id = fresh('mico');
    const created = w.draft('mico');
    expect((await w.call('PUT', `/connections/${id}`, admin.credential, created)).status).toBe(201);
    const moved = { ...created, name: 'Mico moved', baseUrl: `${w.sandbox.url}/mico/`, clientSecret: w.mico.clientSecret };
    // Same destination once the trailing slash goes; the secret typed again is the same: not a change.
    expect((await w.call('PUT', `/connections/${id}`, admin.credential, moved)).status).toBe(200);
    expect((await w.call('PUT', `/connections/${id}`, admin.credential, { ...moved, clientSecret: 'replaced' })).status).toBe(200);
    expect((await w.call('DELETE', `/connections/${id}`, admin.credential)).status).toBe(204);

    const log = await w.call('GET', '/audit?kind=change', admin.credential);
    const changes = (log.body.entries as Json[]).filter((e) => e.connectionId === id);
    expect(changes.map((e) => e.what)).toEqual(['removed', 'updated', 'updated', 'created']);
    const [removed, replaced, renamed, made] = changes;
    const base = `${w.sandbox.url}/mico`;
    expect(made?.changes).toEqual(
      expect.arrayContaining([
        { field: 'kind', to: 'mico' },
        { field: 'baseUrl', to: base },
        { field: 'tokenPath', to: '/oauth/token' },
        { field: 'clientId', to: w.mico.clientId },
        { field: 'name', to: 'mico test' },
        { field: 'clientSecret', secret: 'changed' },
      ]),
    );
    expect(renamed?.changes).toEqual([
      { field: 'kind', from: 'mico', to: 'mico' },
      { field: 'name', from: 'mico test', to: 'Mico moved' },
      { field: 'baseUrl', from: base, to: base },
      { field: 'clientId', from: w.mico.clientId, to: w.mico.clientId },
      { field: 'tokenPath', from: '/oauth/token', to: '/oauth/token' },
    ]);
    expect(replaced?.changes).toContainEqual({ field: 'clientSecret', secret: 'changed' });
    expect(removed?.changes).toEqual(
      expect.arrayContaining([
        { field: 'kind', from: 'mico' },
        { field: 'baseUrl', from: base },
      ]),
    );
    expect(log.text).not.toContain(w.mico.clientSecret);
    expect(log.text).not.toContain('replaced');
  });
});

describe('reading it', () => {
  it("an admin's change stays in view however many actions agents take: filter by kind", async () => {
    const admin = await w.signIn();
    const id = fresh('fujitsu');
    await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('fujitsu-api-key'));
    const { credential } = await agent();
    for (let i = 0; i < 55; i++) await w.call('POST', `/connections/${id}/actions/probe`, credential);
    const everything = await audit(admin.credential);
    expect(everything.entries).toHaveLength(50);
    expect(everything.entries.some((e) => e.connectionId === id && e.kind === 'change')).toBe(false);
    const changes = await audit(admin.credential, '?kind=change');
    expect(changes.entries[0]).toMatchObject({ kind: 'change', connectionId: id, what: 'created' });
    expect((await audit(admin.credential, '?kind=action')).entries.every((e) => e.kind === 'action')).toBe(true);
  });

  it('pages through every entry, newest first, each once', async () => {
    const admin = await w.signIn();
    const all = (await audit(admin.credential, '?limit=100')).entries;
    const paged: Json[] = [];
    let next: string | undefined = '';
    let pages = 0;
    while (next !== undefined && pages < 50) {
      const page = await audit(admin.credential, `?limit=7${next ? `&before=${encodeURIComponent(next)}` : ''}`);
      paged.push(...page.entries);
      next = page.next;
      pages++;
    }
    const total = Math.min(all.length, 100);
    expect(paged.slice(0, total)).toEqual(all.slice(0, total));
    expect(paged.map((e) => e.at)).toEqual([...paged.map((e) => e.at)].sort((a, b) => b - a));
    expect(pages).toBeGreaterThan(2);
  });

  it('refuses a kind or a page position it does not know, in words', async () => {
    const admin = await w.signIn();
    for (const query of ['?kind=everything', '?before=yesterday', '?limit=0', '?limit=1000']) {
      const answer = await w.call('GET', `/audit${query}`, admin.credential);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'BAD_REQUEST', message: expect.any(String) });
    }
  });
});

describe('retention', () => {
  it('entries older than AUDIT_RETENTION_DAYS are deleted when the server starts', async () => {
    const admin = await w.signIn();
    const id = fresh('old');
    await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('fujitsu-api-key'));
    w.sandbox.advanceClock(40 * DAY);
    await w.restart({ AUDIT_RETENTION_DAYS: '60' });
    let now = await w.signIn();
    expect((await audit(now.credential, '?kind=change')).entries.some((e) => e.connectionId === id)).toBe(true);
    await w.restart({ AUDIT_RETENTION_DAYS: '30' });
    now = await w.signIn();
    expect((await audit(now.credential, '?kind=change')).entries.some((e) => e.connectionId === id)).toBe(false);
    expect((await audit(now.credential, '?kind=sign-in')).entries.map((e) => e.what)).toContain('signed in');
    await w.restart();
  });
});
