/**
 * Where the session lives: IndexedDB (idb-keyval) when the browser allows it, else memory for the life
 * of the page. Every value is sealed with AES-GCM under a non-extractable CryptoKey kept beside it, so a
 * copy of the profile's IndexedDB files shows no token text; a value that will not open is discarded.
 * The key name is sealed in as AES-GCM additional data, so a record copied under another name (a
 * connection's secret as the token, say) does not open there.
 */
import { createStore, del, get, getMany, set, type UseStore } from 'idb-keyval';
import { memoryStore, type KeyValueStore } from '../shared/key-value-store';
import { isAesKey, KEY } from './sealing-key';

export interface OpenedStore {
  store: KeyValueStore;
  /** False when storage is denied: nothing survives a reload. */
  persistent: boolean;
  /** The values `openStore` was asked to read, opened (undefined: absent or unreadable). */
  read: unknown[];
}

export function idbStore(db: UseStore): KeyValueStore {
  return {
    get: (key) => get(key, db),
    set: (key, value) => set(key, value, db),
    del: (key) => del(key, db),
    keys: () => import('./store-keys').then((names) => names.storedKeys(db)),
  };
}

const PROBE_TIMEOUT_MS = 3000;

/** IndexedDB can be missing, throw, or hang (some private modes): every first step is bounded in time. */
function bounded<T>(attempt: Promise<T>, fallback: T): Promise<T> {
  const timeout = new Promise<T>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS, fallback));
  return Promise.race([attempt, timeout]).catch(() => fallback);
}

/**
 * Probes with a write, bounded in time: only a store that showed none of the values it was asked for
 * pays for it, and a store granted through Storage Access proves with it that its database opens.
 */
export const probe = (store: KeyValueStore) =>
  bounded(
    store.set('probe', 1).then(async () => (await store.get('probe')) === 1),
    false,
  );

/**
 * Opens the store and reads the sealing key and the `read` values in one read-only transaction, so a
 * page that finds its token starts with no write, no lock and no second read.
 */
/** The database every frame of this app opens: one name, so sign-in and start-up find the same store. */
export const DB_NAME = 'exchange-card';

export async function openStore(dbName = DB_NAME, read: string[] = []): Promise<OpenedStore> {
  if (typeof indexedDB !== 'undefined') {
    try {
      const db = createStore(dbName, 'kv');
      const inner = idbStore(db);
      const [key, ...values] = await bounded(getMany([KEY, ...read], db), [] as unknown[]);
      if (values.some((value) => value !== undefined) || (await probe(inner))) {
        const { store, open } = sealing(inner, isAesKey(key) ? key : undefined);
        return { store, persistent: true, read: await Promise.all(read.map((name, i) => open(name, values[i]))) };
      }
    } catch {
      // Denied storage throws SecurityError on open: fall through to memory.
    }
  }
  return { store: sealed(memoryStore()), persistent: false, read: read.map(() => undefined) };
}

/** 2: the key name bound as additional data. Records of 1 (without it) are discarded and made anew. */
interface Sealed {
  v: 2;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const encode = (text: string) => new TextEncoder().encode(text);

function isSealed(value: unknown): value is Sealed {
  const s = value as Sealed | null;
  return typeof s === 'object' && s !== null && s.v === 2 && s.iv instanceof Uint8Array && s.data instanceof ArrayBuffer;
}

/** Wraps a store so values are encrypted at rest; the key itself is made once, under a lock. */
export function sealed(inner: KeyValueStore): KeyValueStore {
  return sealing(inner, undefined).store;
}

/** `known`: the key already read from `inner`. `open` unseals a value read from `inner`, or deletes it. */
function sealing(inner: KeyValueStore, known: CryptoKey | undefined) {
  let key: Promise<CryptoKey> | undefined = known && Promise.resolve(known);
  const sealingKey = (create: boolean): Promise<CryptoKey | undefined> =>
    // Loaded when needed: a page that read the key with its token never takes this lock.
    key ??
    import('./seal')
      .then((seal) => seal.findKey(inner, create))
      .then((found) => {
        if (found) key = Promise.resolve(found);
        return found;
      });
  const open = async (name: string, value: unknown): Promise<unknown> => {
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
  };
  // Sealing makes a write take a while; a page about to navigate waits for the ones under way.
  const writing = new Set<Promise<void>>();
  const track = (write: Promise<void>) => {
    writing.add(write);
    const done = () => void writing.delete(write);
    write.then(done, done);
    return write;
  };
  const store: KeyValueStore = {
    get: async (name) => open(name, await inner.get(name)),
    set: (name, value) =>
      track(
        (async () => {
          const k = await sealingKey(true);
          const iv = crypto.getRandomValues(new Uint8Array(12));
          const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encode(name) }, k as CryptoKey, encode(JSON.stringify(value)));
          await inner.set(name, { v: 2, iv, data } satisfies Sealed);
        })(),
      ),
    del: (name) => track(inner.del(name)),
    // Names are not sealed (they are the additional data): the inner store's are these.
    keys: () => inner.keys?.() ?? Promise.resolve([]),
    settled: async () => {
      await Promise.allSettled([...writing]);
    },
  };
  return { store, open };
}
