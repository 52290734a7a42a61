/**
 * The answers kept for actions that run when the card opens: one entry per exact request, kept for the
 * action's cacheSeconds, bounded in all and per account (one tenant cannot push out the others'), and
 * dropped with their connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actionCache } from '../../src/server/action-cache';
import { buildRequest } from '../../src/server/action-request';
import { migrate, type Db } from '../../src/server/store/db';
import { openSqlite } from '../../src/server/store/sqlite';
import { byCustomerNumberPreset } from '../../src/shared/action-presets';
import type { ActionResult } from '../../src/shared/connection-action';

const dir = mkdtempSync(join(tmpdir(), 'exchange-card-action-cache-'));
const db: Db = openSqlite(dir);
await migrate(db);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const action = byCustomerNumberPreset();
const requestFor = (number: string) => {
  const built = buildRequest('https://mico.example', action, { customerNumber: number });
  if (!built.ok) throw new Error(built.problem.words);
  return built.request;
};
const result = (total: number): ActionResult => ({ kind: 'list', columns: [], rows: [], total });

describe('the action cache', () => {
  it('keeps an answer for the exact request for cacheSeconds; another value, action or connection is another entry', () => {
    let now = 1_000_000;
    const cache = actionCache(db, () => now);
    cache.set('acc', 'mico', action, requestFor('+41790000001'), { result: result(1), fetchedAt: now });
    expect(cache.get('acc', 'mico', action, requestFor('+41790000001'))).toEqual({ result: result(1), fetchedAt: 1_000_000 });
    expect(cache.get('acc', 'mico', action, requestFor('+41790000002'))).toBeUndefined();
    expect(cache.get('acc', 'other', action, requestFor('+41790000001'))).toBeUndefined();
    expect(cache.get('acc', 'mico', { ...action, label: 'Renamed' }, requestFor('+41790000001'))).toBeUndefined();
    now += action.cacheSeconds * 1000 - 1;
    expect(cache.get('acc', 'mico', action, requestFor('+41790000001'))).toBeDefined();
    now += 1;
    expect(cache.get('acc', 'mico', action, requestFor('+41790000001'))).toBeUndefined();
  });

  it('one account past its share pushes out its own oldest answers, not another account’s', () => {
    const now = 5_000;
    const cache = actionCache(db, () => now, { total: 10, perAccount: 3 });
    cache.set('quiet', 'c', action, requestFor('+41790000000'), { result: result(0), fetchedAt: now });
    for (let i = 1; i <= 6; i++) cache.set('busy', 'c', action, requestFor(`+4179000000${i}`), { result: result(i), fetchedAt: now });
    expect(cache.get('quiet', 'c', action, requestFor('+41790000000'))).toBeDefined();
    const kept = [1, 2, 3, 4, 5, 6].filter((i) => cache.get('busy', 'c', action, requestFor(`+4179000000${i}`)));
    expect(kept).toEqual([4, 5, 6]);
  });

  it('holds at most its total, the oldest going first', () => {
    const cache = actionCache(db, () => 0, { total: 3, perAccount: 3 });
    for (let i = 1; i <= 4; i++) cache.set(`acc${i}`, 'c', action, requestFor('+41790000000'), { result: result(i), fetchedAt: 0 });
    expect([1, 2, 3, 4].map((i) => cache.get(`acc${i}`, 'c', action, requestFor('+41790000000')) !== undefined)).toEqual([false, true, true, true]);
  });

  it('drops every answer of a connection, and keeps nothing for an action with cacheSeconds 0', async () => {
    const cache = actionCache(db, () => 0);
    cache.set('acc', 'c', action, requestFor('+41790000001'), { result: result(1), fetchedAt: 0 });
    cache.set('acc', 'd', action, requestFor('+41790000001'), { result: result(1), fetchedAt: 0 });
    await cache.drop('acc', 'c');
    expect(cache.get('acc', 'c', action, requestFor('+41790000001'))).toBeUndefined();
    expect(cache.get('acc', 'd', action, requestFor('+41790000001'))).toBeDefined();
    const never = { ...action, cacheSeconds: 0 };
    cache.set('acc', 'c', never, requestFor('+41790000001'), { result: result(1), fetchedAt: 0 });
    expect(cache.get('acc', 'c', never, requestFor('+41790000001'))).toBeUndefined();
  });
});
