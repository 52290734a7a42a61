/**
 * Where the session lives: IndexedDB (idb-keyval) when the browser allows it, else memory for the life
 * of the page. Every value is sealed with AES-GCM under a non-extractable CryptoKey kept beside it, so a
 * copy of the profile's IndexedDB files shows no token text; a value that will not open is discarded.
 * The key name is sealed in as AES-GCM additional data, so a record copied under another name (a
 * connection's secret as the token, say) does not open there.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { withLock } from './lock';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export interface OpenedStore {
  store: KeyValueStore;
  /** False when storage is denied: nothing survives a reload. */
  persistent: boolean;
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
  };
}

function idbStore(db: UseStore): KeyValueStore {
  return {
    get: (key) => get(key, db),
    set: (key, value) => set(key, value, db),
    del: (key) => del(key, db),
  };
}

const PROBE_TIMEOUT_MS = 3000;

/** IndexedDB can be missing, throw, or hang (some private modes): probe it with a write, bounded in time. */
async function probe(store: KeyValueStore): Promise<boolean> {
  const attempt = (async () => {
    await store.set('probe', 1);
    return (await store.get('probe')) === 1;
  })();
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS, false));
  try {
    return await Promise.race([attempt, timeout]);
  } catch {
    return false;
  }
}

export async function openStore(dbName = 'exchange-card'): Promise<OpenedStore> {
  if (typeof indexedDB !== 'undefined') {
    try {
      const store = idbStore(createStore(dbName, 'kv'));
      if (await probe(store)) return { store: sealed(store), persistent: true };
    } catch {
      // Denied storage throws SecurityError on open: fall through to memory.
    }
  }
  return { store: sealed(memoryStore()), persistent: false };
}

/** 2: the key name bound as additional data. Records of 1 (without it) are discarded and made anew. */
interface Sealed {
  v: 2;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const KEY = 'sealing-key';
const encode = (text: string) => new TextEncoder().encode(text);

function isSealed(value: unknown): value is Sealed {
  const s = value as Sealed | null;
  return typeof s === 'object' && s !== null && s.v === 2 && s.iv instanceof Uint8Array && s.data instanceof ArrayBuffer;
}

function isAesKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey && value.algorithm.name === 'AES-GCM';
}

/** Wraps a store so values are encrypted at rest; the key itself is made once, under a lock. */
export function sealed(inner: KeyValueStore): KeyValueStore {
  let key: Promise<CryptoKey> | undefined;
  const sealingKey = (create: boolean): Promise<CryptoKey | undefined> => {
    if (key) return key;
    return withLock('exchange-card:sealing-key', async () => {
      const existing = await inner.get(KEY);
      if (isAesKey(existing)) return existing;
      if (!create) return undefined;
      const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await inner.set(KEY, made);
      return made;
    }).then((found) => {
      if (found) key = Promise.resolve(found);
      return found;
    });
  };
  return {
    async get(name) {
      const value = await inner.get(name);
      if (value === undefined) return undefined;
      const k = isSealed(value) ? await sealingKey(false) : undefined;
      try {
        if (!k || !isSealed(value)) throw new Error('unsealed');
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: value.iv, additionalData: encode(name) }, k, value.data);
        return JSON.parse(new TextDecoder().decode(plain));
      } catch {
        await inner.del(name);
        return undefined;
      }
    },
    async set(name, value) {
      const k = await sealingKey(true);
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encode(name) }, k as CryptoKey, encode(JSON.stringify(value)));
      await inner.set(name, { v: 2, iv, data } satisfies Sealed);
    },
    del: (name) => inner.del(name),
  };
}
