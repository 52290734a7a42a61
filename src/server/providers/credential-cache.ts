/**
 * Each connection's credential in the shared token cache (shared/token-cache.ts), under its own key and
 * lock. The cache is kept in this instance's memory (deps.remember) from one request to the next, so a
 * credential that is not due is used with no lock and no database read; the store and the lock are for
 * renewing it, and for an instance that has none yet.
 *
 * Memory and store are tied to the connection as it is now (its version: a hash of all its fields,
 * secrets included): a connection changed on any instance never uses a credential obtained for the old one.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../../shared/api-error';
import { memoryStore, type KeyValueStore } from '../../shared/key-value-store';
import { createTokenCache, type Expiring, type TokenCache } from '../../shared/token-cache';
import { connectionLock, tokenKey } from '../store/keys';
import type { Connection } from '../../shared/connection';
import { DEFAULT_DEADLINE_MS, type ConnectionDeps } from './sign-in-method';

/** Versions already hashed, by the connection object (an opened connection is kept and never changed). */
const versions = new WeakMap<Connection, string>();

/** The connection's version: the same on every instance, different after any change. */
export function connectionVersion(connection: Connection): string {
  let version = versions.get(connection);
  if (version === undefined) {
    const fields = Object.entries(connection).sort(([a], [b]) => (a < b ? -1 : 1));
    version = createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
    versions.set(connection, version);
  }
  return version;
}

/** The store as seen by one version of a connection: a credential stored for another version is none. */
function forVersion(store: KeyValueStore, version: string): KeyValueStore {
  return {
    async get(key) {
      const stored = (await store.get(key)) as { version?: unknown; value?: unknown } | undefined;
      return stored?.version === version ? stored.value : undefined;
    },
    set: (key, value) => store.set(key, { version, value }),
    del: (key) => store.del(key),
  };
}

/**
 * `obtain` given a signal that aborts at the deadline: a token endpoint that never answers holds the
 * renewal (and whoever waits for it) no longer than that.
 */
function withinDeadline<T>(connection: Connection, deadlineMs: number, obtain: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(deadlineMs);
  return obtain(signal).catch((error: unknown) => {
    if (!signal.aborted) throw error;
    throw new ApiError('TIMEOUT', `"${connection.name}" did not issue a credential within ${deadlineMs / 1000} s.`, { retryable: true, cause: error });
  });
}

/**
 * An instance's memory of opened credentials: per account, the cache of each connection's current
 * version (a new version replaces the old one's), at most `limit` connections (the oldest made go first).
 */
export function credentialMemory(limit = 10_000) {
  const caches = new Map<string, { version: string; cache: TokenCache<Expiring> }>();
  return (account: string): NonNullable<ConnectionDeps['remember']> =>
    <T extends Expiring>(id: string, version: string, make: () => TokenCache<T>): TokenCache<T> => {
      const key = JSON.stringify([account, id]);
      const kept = caches.get(key);
      if (kept?.version === version) return kept.cache as unknown as TokenCache<T>;
      const cache = make();
      caches.delete(key);
      if (caches.size >= limit) caches.delete(caches.keys().next().value as string);
      caches.set(key, { version, cache: cache as unknown as TokenCache<Expiring> });
      return cache;
    };
}

/**
 * `deps` for a connection's draft, tested before it is stored: the same requests (policy, deadline),
 * but a credential that lives in this test's own memory only. A draft has the saved connection's id,
 * so with the shared store, lock and memory its token would replace the saved one's (or, with the same
 * secrets, the saved one's would be used instead of testing the draft's).
 */
export function throwawayCredentials(deps: ConnectionDeps): ConnectionDeps {
  return { ...deps, store: memoryStore(), withLock: (_name, fn) => fn(), remember: undefined };
}

/** The token cache of one connection, under its key and lock, remembered by this instance when it can. */
export function credentialCache<T extends Expiring>(
  connection: Connection,
  deps: ConnectionDeps,
  isValue: (value: unknown) => value is T,
  obtain: (previous: T | undefined, signal: AbortSignal) => Promise<T>,
): TokenCache<T> {
  const version = connectionVersion(connection);
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const make = () =>
    createTokenCache({
      store: forVersion(deps.store, version),
      key: tokenKey(connection.id),
      lock: connectionLock(connection.id),
      withLock: deps.withLock,
      now: deps.now ?? Date.now,
      isValue,
      obtain: (previous) => withinDeadline(connection, deadlineMs, (signal) => obtain(previous, signal)),
    });
  return deps.remember ? deps.remember(connection.id, version, make) : make();
}
