/**
 * Where connections live in the store, and the lock a credential is renewed under. Apart from store.ts
 * so the card can ask whether any connection exists, and its sign-in code find its credential, without
 * loading the record checks.
 */
import type { KeyValueStore } from '../storage/store';

/** The ids of the saved connections, in the order they were added (a KeyValueStore cannot list keys). */
export const INDEX_KEY = 'connections';
export const recordKey = (id: string) => `connection:${id}`;
export const tokenKey = (id: string) => `connection-token:${id}`;
/** The lock every page takes to renew this connection's credential. */
export const connectionLock = (id: string) => `exchange-card:connection:${id}`;

/** Whether this browser has any connection set up: the card's cheap test before it imports ConnectionActions. */
export async function hasConnections(store: KeyValueStore): Promise<boolean> {
  const ids = await store.get(INDEX_KEY);
  return Array.isArray(ids) && ids.length > 0;
}
