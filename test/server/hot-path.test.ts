/**
 * An agent's action on an instance that has seen its session and connection a moment ago: no database
 * read, at most one database write on average (the audit log's batch, the rate counts' flush) and no
 * lock — while a sign-out or a change made on the instance still counts at once, and one made on
 * another instance within RECENT_MS.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { readServerConfig } from '../../src/server/config';
import { silentLog } from '../../src/server/log';
import { outboundPolicy } from '../../src/server/outbound';
import { flushAudit } from '../../src/server/store/audit-queue';
import type { Db } from '../../src/server/store/db';
import { flushCounts } from '../../src/server/store/rate-limit';
import { RECENT_MS } from '../../src/server/store/recent';
import { createSealer } from '../../src/server/store/seal';
import { useServerWorld } from './support';

const w = await useServerWorld();
let n = 0;

/** Another instance on the test server's database, every round trip it makes to it written down. */
async function countedInstance() {
  const db = w.server.db;
  const asked: string[] = [];
  const counted: Db = {
    kind: db.kind,
    all: (sql, params) => (asked.push(sql), db.all(sql, params)),
    run: (sql, params) => (asked.push(sql), db.run(sql, params)),
    locked: (name, fn) => (asked.push(`lock ${name}`), db.locked(name, fn)),
    // One round trip and one commit, however many entries.
    batch: (statements) => (asked.push(`batch of ${statements.length}`), db.batch(statements)),
    close: async () => undefined,
  };
  const config = readServerConfig(w.env({}, w.dataDir || undefined));
  const app = createApp({
    config: { ...config, rateLimit: { ...config.rateLimit, user: 100_000, account: 100_000 } },
    db: counted,
    sealer: await createSealer(config.secretsKey, config.previousSecretsKeys),
    log: silentLog,
    now: w.sandbox.now,
    outbound: outboundPolicy(config.outbound),
  });
  const request = (method: string, path: string, credential: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const act = (credential: string, id: string) =>
    request('POST', `/connections/${id}/actions/call-by-uid`, credential, { variables: { input: 'call_7f3a9c21' } });
  return { db: counted, asked, request, act };
}

const isWrite = (sql: string) => /^\s*(INSERT|UPDATE|DELETE)\b|^batch of /i.test(sql);

/** An admin with a saved Mico connection (saved through the test server: its token is in the database). */
async function micoConnection() {
  const admin = await w.signIn();
  const id = `mico-${++n}`;
  expect((await w.call('PUT', `/connections/${id}`, admin.credential, w.draft('mico'))).body.lastStatus).toMatchObject({ ok: true });
  return { admin, id };
}

describe('an action on an instance that has just seen its session and connection', () => {
  it('reads nothing, takes no lock, and writes at most once per action on average, its audit entry included', async () => {
    const { admin, id } = await micoConnection();
    const instance = await countedInstance();
    expect((await instance.act(admin.credential, id)).status).toBe(200);
    await Promise.all([flushAudit(instance.db), flushCounts(instance.db)]);
    instance.asked.length = 0;

    const ACTIONS = 20;
    for (let i = 0; i < ACTIONS; i++) expect((await instance.act(admin.credential, id)).status).toBe(200);
    await Promise.all([flushAudit(instance.db), flushCounts(instance.db)]);

    const writes = instance.asked.filter(isWrite);
    expect(writes.length / ACTIONS, instance.asked.join('\n')).toBeLessThanOrEqual(1);
    expect(instance.asked.filter((sql) => sql.startsWith('lock '))).toEqual([]);
    expect(instance.asked.filter((sql) => /^\s*SELECT/i.test(sql))).toEqual([]);
    // Every action is in the audit log all the same.
    const audit = await w.call('GET', '/audit', admin.credential);
    expect(
      audit.body.entries.filter((entry: { connectionId: string; what: string }) => entry.connectionId === id && entry.what === 'call-by-uid'),
    ).toHaveLength(ACTIONS + 1);
  });

  it('refuses a credential signed out on the same instance at once', async () => {
    const { admin, id } = await micoConnection();
    const instance = await countedInstance();
    expect((await instance.act(admin.credential, id)).status).toBe(200);
    expect((await instance.request('POST', '/auth/sign-out', admin.credential)).status).toBe(204);
    expect((await instance.act(admin.credential, id)).status).toBe(401);
  });

  it('uses a connection changed on the same instance as changed at once', async () => {
    const { admin, id } = await micoConnection();
    const instance = await countedInstance();
    expect((await instance.act(admin.credential, id)).status).toBe(200);
    const changed = await instance.request('PUT', `/connections/${id}`, admin.credential, w.draft('mico', { clientSecret: 'not-the-secret' }));
    expect(changed.status).toBe(200);
    const answer = await instance.act(admin.credential, id);
    expect(answer.status).toBe(424);
    expect(await answer.json()).toMatchObject({ error: 'BAD_CREDENTIALS' });
  });

  it('refuses a credential signed out on another instance within RECENT_MS', async () => {
    const { admin, id } = await micoConnection();
    const instance = await countedInstance();
    expect((await instance.act(admin.credential, id)).status).toBe(200);
    // Signed out through the test server: this instance hears of it only when its memory runs out.
    expect((await w.call('POST', '/auth/sign-out', admin.credential)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, RECENT_MS + 100));
    expect((await instance.act(admin.credential, id)).status).toBe(401);
  });
});
