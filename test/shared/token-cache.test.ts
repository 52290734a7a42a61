import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/shared/key-value-store';
import { createTokenCache, type Expiring } from '../../src/shared/token-cache';

type Value = Expiring & { token: string };
const isValue = (v: unknown): v is Value => typeof (v as Value | null)?.token === 'string';

/**
 * A lock of the caller's own, as the app server passes its database lock: one queue per name, and no
 * other lock of this process knows it.
 */
function ownLock() {
  const queues = new Map<string, Promise<unknown>>();
  return <R>(name: string, fn: () => Promise<R>): Promise<R> => {
    const run = (queues.get(name) ?? Promise.resolve()).then(fn, fn);
    queues.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

/** A cache whose obtain() hands out t1, t2, … with the given lifetime, and counts. */
function caches(count: number, lifetimeMs = 60_000, now = () => 1_000_000) {
  const store = memoryStore();
  const withLock = ownLock();
  let issued = 0;
  const seen: (Value | undefined)[] = [];
  const make = () =>
    createTokenCache<Value>({
      store,
      key: 'connection-token:x',
      lock: 'test:x',
      withLock,
      now,
      isValue,
      async obtain(previous) {
        seen.push(previous);
        await new Promise((r) => setTimeout(r, 5)); // long enough for the others to queue on the lock
        return { token: `t${++issued}`, issuedAt: now(), expiresAt: now() + lifetimeMs };
      },
    });
  return { store, list: Array.from({ length: count }, make), issued: () => issued, seen };
}

describe('the token cache', () => {
  it('is single-flight across pages: three caches over one store obtain once and share the result', async () => {
    const { list, issued } = caches(3);
    const got = await Promise.all(list.map((c) => c.current()));
    expect(issued()).toBe(1);
    expect(got.map((c) => c.token)).toEqual(['t1', 't1', 't1']);
  });

  it('renews when due (inside the margin), handing obtain() the previous credential', async () => {
    let time = 1_000_000;
    const { list, seen } = caches(1, 60_000, () => time);
    const [cache] = list;
    await cache!.current();
    time += 40_000;
    expect((await cache!.current()).token).toBe('t1');
    time += 6_000; // 14 s left of 60: inside the quarter-lifetime margin
    expect((await cache!.current()).token).toBe('t2');
    expect(seen.map((c) => c?.token)).toEqual([undefined, 't1']);
  });

  it('after a refusal takes what another page already obtained instead of obtaining again', async () => {
    const { list, issued } = caches(2);
    const [a, b] = list;
    await a!.current();
    await b!.current();
    await a!.recover((v) => v.token === 't1');
    await expect(b!.recover((v) => v.token === 't1')).resolves.toMatchObject({ token: 't2' });
    expect(issued()).toBe(2);
  });

  it('never renews a credential deleted from the store: obtain() is given nothing to renew from', async () => {
    let time = 1_000_000;
    const { store, list, seen } = caches(1, 60_000, () => time);
    const [cache] = list;
    await cache!.current();
    await store.del('connection-token:x');
    time += 50_000;
    await cache!.current();
    expect(seen).toEqual([undefined, undefined]);
  });

  it('forgets a credential under the lock it was given, so that a renewal already under way does not write it back', async () => {
    let time = 1_000_000;
    const { store, list } = caches(2, 60_000, () => time);
    const [a, b] = list;
    await a!.current();
    time += 50_000;
    const renewing = a!.current();
    await b!.forget();
    await renewing;
    expect(await store.get('connection-token:x')).toBeUndefined();
  });

  it('discards a stored value of the wrong shape', async () => {
    const { store, list } = caches(1);
    await store.set('connection-token:x', { nope: 1, issuedAt: 0, expiresAt: 9e15 });
    await expect(list[0]!.current()).resolves.toMatchObject({ token: 't1' });
  });
});
