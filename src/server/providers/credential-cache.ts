/** Each connection's credential in the shared token cache (shared/token-cache.ts), under its own key and lock. */
import { createTokenCache, type Expiring, type TokenCache } from '../../shared/token-cache';
import { connectionLock, tokenKey } from '../store/keys';
import type { Connection } from '../../shared/connection';
import type { ConnectionDeps } from './sign-in-method';

/** The token cache of one connection, under its key and lock. */
export function credentialCache<T extends Expiring>(
  connection: Connection,
  deps: ConnectionDeps,
  isValue: (value: unknown) => value is T,
  obtain: (previous: T | undefined) => Promise<T>,
): TokenCache<T> {
  return createTokenCache({
    store: deps.store,
    key: tokenKey(connection.id),
    lock: connectionLock(connection.id),
    withLock: deps.withLock,
    now: deps.now ?? Date.now,
    isValue,
    obtain,
  });
}
