/**
 * A cached credential with an expiry, shared by everyone who uses it: kept in a store, renewed shortly
 * before expiry under a lock named for it, and — once the lock is held — read from the store again, so
 * several users that find it due at once make one request. A cache without a credential of its own
 * first reads the store without the lock: a fresh one there needs no renewal. The page's Infobip
 * session (its sealed store, Web Locks) and the server's connection tokens (its database and a lease
 * taken in it) use it.
 */
import { renewalMargin, type Expiring } from './expiring';
import type { KeyValueStore } from './key-value-store';

export type { Expiring } from './expiring';

export interface TokenCacheOptions<T extends Expiring> {
  store: KeyValueStore;
  /** Store key, e.g. `connection-token:<id>`. */
  key: string;
  /** Lock name shared by every frame, e.g. `exchange-card:connection:<id>`. */
  lock: string;
  /** How the lock is taken: Web Locks in a browser; the app server passes its database lock, shared by its instances. */
  withLock: <R>(name: string, fn: () => Promise<R>) => Promise<R>;
  now: () => number;
  /** A value this page already holds (e.g. just read from the store), used until it is due. */
  initial?: T;
  /** Checks a stored value's shape; anything else is deleted and obtained anew. */
  isValue(value: unknown): value is T;
  /**
   * Obtains a new credential. `previous` is the last one known (perhaps expired, perhaps just refused),
   * for methods that renew from it: a refresh token, or the other API key.
   */
  obtain(previous: T | undefined): Promise<T>;
}

export interface TokenCache<T extends Expiring> {
  /** A credential that is not about to expire: this page's, another page's from the store, or a new one. */
  current(): Promise<T>;
  /**
   * After the server refused a credential (`refused(value)` is true for it): another page's different,
   * still valid one if the store has it, else a new one.
   */
  recover(refused: (value: T) => boolean): Promise<T>;
  /** Deletes the credential from the store, under the lock, so that no renewal in flight writes it back. */
  forget(): Promise<void>;
}

function isExpiring(value: unknown): value is Expiring {
  const e = value as Expiring | null;
  return typeof e === 'object' && e !== null && Number.isFinite(e.issuedAt) && Number.isFinite(e.expiresAt);
}

export function createTokenCache<T extends Expiring>(options: TokenCacheOptions<T>): TokenCache<T> {
  const { store, key, now } = options;
  let memory = options.initial;

  const due = (credential: T) => credential.expiresAt - renewalMargin(credential) <= now();

  const load = async (): Promise<T | undefined> => {
    const value = await store.get(key);
    if (value === undefined || (isExpiring(value) && options.isValue(value))) return value;
    await store.del(key);
    return undefined;
  };

  /** Under the lock: what another page stored wins unless it is `stale`; else obtain and store. */
  const renew = (stale: (stored: T) => boolean) =>
    options.withLock(options.lock, async () => {
      const stored = await load();
      // The store is the truth: a credential deleted there (signed out, replaced) is never renewed from memory.
      memory = stored && !stale(stored) ? stored : undefined;
      if (memory) return memory;
      const next = await options.obtain(stored);
      await store.set(key, next);
      memory = next;
      return next;
    });

  /** Without one of its own: a fresh one from the store needs no lock (a read); else a renewal under the lock. */
  const fromStoreOrRenewed = async (): Promise<T> => {
    if (!memory) {
      const stored = await load();
      if (stored && !due(stored)) {
        memory = stored;
        return stored;
      }
    }
    return renew(due);
  };

  // Callers of this cache that find it due together share one renewal: one trip to the lock, not one each.
  let renewing: Promise<T> | undefined;
  const renewDue = () =>
    (renewing ??= fromStoreOrRenewed().finally(() => {
      renewing = undefined;
    }));

  return {
    current: () => (memory && !due(memory) ? Promise.resolve(memory) : renewDue()),
    recover: (refused) => renew((stored) => refused(stored) || due(stored)),
    forget: () =>
      options.withLock(options.lock, async () => {
        memory = undefined;
        await store.del(key);
      }),
  };
}
