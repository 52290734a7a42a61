/**
 * Two app server instances on one real PostgreSQL, as behind a load balancer: they serve the same
 * settings and sessions, and cards that need a connection's token at once make one token request
 * between them (the database's advisory lock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server';
import { jsonLog } from '../../src/server/log';
import { FLUSH_MS } from '../../src/server/store/audit-queue';
import { MIGRATIONS } from '../../src/server/store/db';
import { startPostgres, type Postgres } from './postgres';
import { AGENT, KEY, shown, useServerWorld } from './support';

const w = await useServerWorld();
let postgres: Postgres;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  postgres = await startPostgres();
  // Started together: the migrations run once, under the lock.
  [a, b] = await Promise.all([w.startAnother({ DATABASE_URL: postgres.url }), w.startAnother({ DATABASE_URL: postgres.url })]);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  postgres?.stop();
});

describe('two instances on one PostgreSQL', () => {
  it('store their data in PostgreSQL, migrated once', async () => {
    expect(a.db.kind).toBe('postgres');
    expect(await a.db.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
  });

  it('serve the same settings: a connection saved through one is listed, tested and used through the other, with the same session', async () => {
    const admin = await w.signIn({}, a);
    const saved = await w.call('PUT', '/connections/fujitsu-shared', admin.credential, w.draft('fujitsu-api-key', { name: 'Shared' }), a);
    expect(saved.status).toBe(201);
    const listed = await w.call('GET', '/connections', admin.credential, undefined, b);
    expect(listed.body.connections.map((c: { id: string }) => c.id)).toContain('fujitsu-shared');
    expect((await w.call('POST', '/connections/fujitsu-shared/actions/probe', admin.credential, undefined, b)).body.result.status).toBe(200);
    // b writes its action's entry within the audit queue's FLUSH_MS; a's own reads see it then.
    const latest = async () => (await w.call('GET', '/audit', admin.credential, undefined, a)).body.entries.map((e: { what: string }) => e.what).slice(0, 3);
    await expect.poll(latest, { timeout: 10 * FLUSH_MS, interval: FLUSH_MS / 5 }).toEqual(['probe', 'tested', 'created']);
  });

  it('three cards that need a token at once, spread over both instances, make exactly one token request', async () => {
    // The agents' sessions last as long as the server allows (SESSION_MAX_HOURS); Mico's token, an hour, made first, is due first.
    w.sandbox.behave({ tokenLifetimeSeconds: 86_400, sendExpiresIn: true });
    w.mico.behave({ tokenLifetimeSeconds: 3600 });
    const admin = await w.signIn({}, a);
    expect((await w.call('PUT', '/connections/mico-shared', admin.credential, w.draft('mico'), a)).body.lastStatus).toMatchObject({ ok: true });
    w.sandbox.behave({ portal: '403' });
    const agents = await Promise.all([w.signIn(AGENT, a), w.signIn(AGENT, b), w.signIn(AGENT, b)]);
    // Mico's token is due for all three.
    w.sandbox.advanceClock(3600_000 - 10_000);
    const before = w.requests('/mico/oauth/token').length;
    const answers = await Promise.all(
      agents.map((agent, i) =>
        w.call('POST', '/connections/mico-shared/actions/call-by-uid', agent.credential, { variables: { input: 'call_7f3a9c21' } }, i === 0 ? a : b),
      ),
    );
    for (const answer of answers) expect(shown(answer.body.result), answer.text).toMatchObject({ 'Call UID': 'call_7f3a9c21' });
    expect(w.requests('/mico/oauth/token').length - before).toBe(1);
  });

  it('share the Secondary key choice: after one instance switched, the other starts with the Secondary', async () => {
    const admin = await w.signIn({}, a);
    await w.call('PUT', '/connections/keys-shared', admin.credential, w.draft('fujitsu-api-key'), a);
    w.fujitsu.revokeKey('primary');
    w.fujitsu.keyUses.length = 0;
    expect((await w.call('POST', '/connections/keys-shared/actions/probe', admin.credential, undefined, a)).body.result.status).toBe(200);
    expect((await w.call('POST', '/connections/keys-shared/actions/probe', admin.credential, undefined, b)).body.result.status).toBe(200);
    expect(w.fujitsu.keyUses.map((u: { key: string }) => u.key)).toEqual(['primary', 'secondary', 'secondary']);
  });

  it('keep the audit log apart by kind and page through it the same way', async () => {
    const admin = await w.signIn({}, a);
    await w.call('PUT', '/connections/audited', admin.credential, w.draft('fujitsu-api-key'), a);
    for (let i = 0; i < 3; i++) await w.call('POST', '/connections/audited/actions/probe', admin.credential, undefined, i % 2 ? a : b);
    const changes = await w.call('GET', '/audit?kind=change', admin.credential, undefined, b);
    expect(changes.body.entries[0]).toMatchObject({ kind: 'change', connectionId: 'audited', what: 'created' });
    const all = (await w.call('GET', '/audit?limit=100', admin.credential, undefined, a)).body.entries;
    const paged: unknown[] = [];
    let next: string | undefined;
    do {
      const page = await w.call('GET', `/audit?limit=3${next ? `&before=${next}` : ''}`, admin.credential, undefined, next ? b : a);
      paged.push(...page.body.entries);
      next = page.body.next;
    } while (next);
    expect(paged).toEqual(all);
  });

  it('a third instance starting with a new key re-seals row by row, and skips and logs a row that does not open', async () => {
    const admin = await w.signIn({}, a);
    await w.call('PUT', '/connections/sound', admin.credential, w.draft('fujitsu-api-key'), a);
    await w.call('PUT', '/connections/broken', admin.credential, w.draft('fujitsu-api-key'), a);
    await a.db.run("UPDATE connections SET sealed_secrets = 'v1.000000000000.AAAA.AAAA' WHERE id = 'broken'");
    const lines: Record<string, unknown>[] = [];
    const NEW_KEY = Buffer.alloc(32, 5).toString('base64');
    const c = await w.startAnother(
      { DATABASE_URL: postgres.url, SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: KEY },
      jsonLog((line) => lines.push(JSON.parse(line))),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'connection secrets do not open: skipped', connection: 'broken' }));
    expect((await w.call('POST', '/connections/sound/actions/probe', admin.credential, undefined, c)).body.result).toMatchObject({ status: 200 });
    expect((await w.call('POST', '/connections/broken/actions/probe', admin.credential, undefined, c)).status).toBe(409);
    await c.close();
  });
});
