/**
 * The lease a connection's credential is renewed under, on the embedded database: held by one caller at
 * a time, given up afterwards, waited for up to a deadline, and taken over once its holder's time is up
 * (a holder that died). Another instance is played by a lease row written by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api-error';
import { migrate, type Db } from '../../../src/server/store/db';
import { leaseLock } from '../../../src/server/store/leases';
import { openSqlite } from '../../../src/server/store/sqlite';

const dir = mkdtempSync(join(tmpdir(), 'exchange-card-leases-'));
const db: Db = openSqlite(dir);
await migrate(db);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const leases = () => db.all('SELECT name, owner FROM leases ORDER BY name');
/** Another instance's lease on `name`, expiring in `ms`. */
const elsewhere = (name: string, ms: number) =>
  db.run('INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)', [name, 'another-instance', Date.now() + ms]);

describe('a lease', () => {
  it('is held while the work runs, by one caller at a time, and given up after it, even when the work fails', async () => {
    const lock = leaseLock(db, { ttlMs: 5_000, waitMs: 1_000 });
    const inside: string[] = [];
    const work = (who: string) => async () => {
      inside.push(`${who} in`);
      expect(await leases()).toEqual([{ name: 'a:one', owner: expect.any(String) }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inside.push(`${who} out`);
      if (who === 'second') throw new Error('refused');
      return who;
    };
    const results = await Promise.allSettled([lock('a:one', work('first')), lock('a:one', work('second')), lock('a:one', work('third'))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(['first', 'failed', 'third']);
    expect(inside).toEqual(['first in', 'first out', 'second in', 'second out', 'third in', 'third out']);
    expect(await leases()).toEqual([]);
  });

  it("is waited for while another instance holds it, then taken once that one's time is up", async () => {
    await elsewhere('a:two', 300);
    const started = Date.now();
    expect(await leaseLock(db, { ttlMs: 5_000, waitMs: 2_000 })('a:two', async () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('is given up waiting for at the deadline: a TIMEOUT that says to try again, and the work never runs', async () => {
    await elsewhere('a:three', 60_000);
    let ran = false;
    const started = Date.now();
    const error = await leaseLock(db, { ttlMs: 5_000, waitMs: 300 })('a:three', async () => {
      ran = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, message: expect.stringContaining('try again') });
    expect(ran).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await leases()).toContainEqual({ name: 'a:three', owner: 'another-instance' });
  });
});
