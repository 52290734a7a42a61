/**
 * Connection records in the app's sealed store (the same AES-GCM mechanism as the Infobip token): one
 * key per record plus an index of ids (keys.ts). Each connection's cached credential sits beside it;
 * saving a connection forgets that credential (the secret or URL it came from may have changed) and
 * removing one wipes both.
 */
import { withLock } from '../storage/lock';
import type { KeyValueStore } from '../storage/store';
import { connectionLock, INDEX_KEY, recordKey, tokenKey } from './keys';
import { asConnection } from './record';
import type { Connection } from './types';

const INDEX_LOCK = 'exchange-card:connections';

async function readIndex(store: KeyValueStore): Promise<string[]> {
  const ids = await store.get(INDEX_KEY);
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The saved connections, in the order they were added; a record that no longer checks is left out. */
export async function listConnections(store: KeyValueStore): Promise<Connection[]> {
  const records = await Promise.all((await readIndex(store)).map((id) => store.get(recordKey(id))));
  return records.map(asConnection).filter((c): c is Connection => c !== undefined);
}

/** The credential goes under the connection's own lock, so a renewal in flight cannot store it back afterwards. */
const forgetCredential = (store: KeyValueStore, id: string) => withLock(connectionLock(id), () => store.del(tokenKey(id)));

/** Adds or replaces a connection (already checked by checkDraft). */
export function saveConnection(store: KeyValueStore, connection: Connection): Promise<void> {
  return withLock(INDEX_LOCK, async () => {
    await store.set(recordKey(connection.id), connection);
    await forgetCredential(store, connection.id);
    const ids = await readIndex(store);
    if (!ids.includes(connection.id)) await store.set(INDEX_KEY, [...ids, connection.id]);
  });
}

/** Removes a connection: its record with the secrets in it, and its cached credential. */
export function removeConnection(store: KeyValueStore, id: string): Promise<void> {
  return withLock(INDEX_LOCK, async () => {
    await store.del(recordKey(id));
    await forgetCredential(store, id);
    await store.set(INDEX_KEY, (await readIndex(store)).filter((other) => other !== id));
  });
}
