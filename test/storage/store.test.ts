import { createStore, del, get, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { openStore, sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';

const fresh = () => `db-${Math.random().toString(36).slice(2)}`;

describe('the session store', () => {
  it('keeps values in IndexedDB across openings, so a reload finds them', async () => {
    const name = fresh();
    const first = await openStore(name);
    expect(first.persistent).toBe(true);
    await first.store.set('token', { token: 'abc', n: 1 });
    const second = await openStore(name);
    expect(await second.store.get('token')).toEqual({ token: 'abc', n: 1 });
  });

  it('a page that finds its token starts with one read: the values come back opened, and nothing is written', async () => {
    const name = fresh();
    await (await openStore(name)).store.set('token', { token: 'abc' });
    const raw = createStore(name, 'kv');
    await del('probe', raw);
    const opened = await openStore(name, ['token', 'absent']);
    expect(opened.persistent).toBe(true);
    expect(opened.read).toEqual([{ token: 'abc' }, undefined]);
    // No probe write: the token read proved IndexedDB works.
    expect(await get('probe', raw)).toBeUndefined();
    expect(await opened.store.get('token')).toEqual({ token: 'abc' });
  });

  it('a value read at opening that will not open is discarded, as a later read would', async () => {
    const name = fresh();
    await (await openStore(name)).store.set('token', { token: 'abc' });
    const raw = createStore(name, 'kv');
    await set('token', { token: 'plain-text' }, raw);
    const opened = await openStore(name, ['token']);
    expect(opened.read).toEqual([undefined]);
    expect(await get('token', raw)).toBeUndefined();
  });

  it('settles only when every write under way has landed: a page navigating away loses nothing it was saving', async () => {
    const name = fresh();
    const { store } = await openStore(name);
    void store.set('draft', { text: 'Half-typed answer' });
    void store.set('other', { n: 1 });
    await store.settled?.();
    const raw = createStore(name, 'kv');
    expect(await get('draft', raw)).toBeDefined();
    expect(await get('other', raw)).toBeDefined();
  });

  it('keeps no value in readable form: the raw record is AES-GCM ciphertext', async () => {
    const inner = memoryStore();
    const store = sealed(inner);
    await store.set('token', { token: 'secret-token-text' });
    const raw = await inner.get('token');
    expect(JSON.stringify(raw)).not.toContain('secret-token-text');
    expect(new TextDecoder().decode((raw as { data: ArrayBuffer }).data)).not.toContain('secret-token-text');
    const key = await inner.get('sealing-key');
    expect(key).toBeInstanceOf(CryptoKey);
    expect((key as CryptoKey).extractable).toBe(false);
    expect(await store.get('token')).toEqual({ token: 'secret-token-text' });
  });

  it('seals what the opened store writes to IndexedDB: the database holds no token text', async () => {
    const name = fresh();
    const { store } = await openStore(name);
    await store.set('token', { token: 'secret-token-text' });
    const raw = await get('token', createStore(name, 'kv'));
    expect(raw).toMatchObject({ v: 2, iv: expect.any(Uint8Array), data: expect.any(ArrayBuffer) });
    expect(JSON.stringify(raw)).not.toContain('secret-token-text');
    expect(new TextDecoder().decode((raw as { data: ArrayBuffer }).data)).not.toContain('secret-token-text');
  });

  it('discards a record that will not open (foreign, corrupt, or sealed under a lost key)', async () => {
    const inner = memoryStore();
    const store = sealed(inner);
    await store.set('token', { token: 'x' });
    await inner.set('foreign', { token: 'plain-text' });
    expect(await store.get('foreign')).toBeUndefined();
    expect(await inner.get('foreign')).toBeUndefined();

    await inner.del('sealing-key');
    const reopened = sealed(inner);
    expect(await reopened.get('token')).toBeUndefined();
    expect(await inner.get('token')).toBeUndefined();
  });

  it('binds each record to its key: a record copied under another key does not open there, and is discarded', async () => {
    const inner = memoryStore();
    const store = sealed(inner);
    await store.set('connection:mico', { clientSecret: 's3cret' });
    await inner.set('connection:other', await inner.get('connection:mico'));
    expect(await store.get('connection:other')).toBeUndefined();
    expect(await inner.get('connection:other')).toBeUndefined();
    expect(await store.get('connection:mico')).toEqual({ clientSecret: 's3cret' });
  });

  it('discards a record sealed the old way (no key name bound), and a new one is made in its place', async () => {
    const inner = memoryStore();
    const store = sealed(inner);
    await store.set('probe', 1);
    const key = (await inner.get('sealing-key')) as CryptoKey;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify({ token: 'old' })));
    await inner.set('token', { v: 1, iv, data });
    expect(await store.get('token')).toBeUndefined();
    expect(await inner.get('token')).toBeUndefined();
    await store.set('token', { token: 'new' });
    expect(await store.get('token')).toEqual({ token: 'new' });
  });

  it('falls back to memory when IndexedDB is unavailable, and says so', async () => {
    const original = globalThis.indexedDB;
    // @ts-expect-error: a browser that denies storage to the frame
    delete globalThis.indexedDB;
    try {
      const { store, persistent } = await openStore(fresh());
      expect(persistent).toBe(false);
      await store.set('token', { token: 'kept for the life of the page' });
      expect(await store.get('token')).toEqual({ token: 'kept for the life of the page' });
    } finally {
      globalThis.indexedDB = original;
    }
  });

  it('falls back to memory when opening IndexedDB throws (a SecurityError in a denied frame)', async () => {
    const original = globalThis.indexedDB;
    const denied = Object.create(original, {
      open: {
        value: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    });
    globalThis.indexedDB = denied;
    try {
      expect((await openStore(fresh())).persistent).toBe(false);
    } finally {
      globalThis.indexedDB = original;
    }
  });
});
