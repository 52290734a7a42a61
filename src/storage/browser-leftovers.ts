/**
 * Connections were once kept in the browser, secrets included. They now live on the app server only:
 * whatever an older version stored here is deleted, and the settings page says to set them up there.
 */
import type { KeyValueStore } from '../shared/key-value-store';

const INDEX_KEY = 'connections';

/** Deletes the connections an older version stored in this browser; true when there were any. */
export async function forgetBrowserConnections(store: KeyValueStore): Promise<boolean> {
  const ids = await store.get(INDEX_KEY);
  if (ids === undefined) return false;
  for (const id of Array.isArray(ids) ? ids.filter((item): item is string => typeof item === 'string') : []) {
    await store.del(`connection:${id}`);
    await store.del(`connection-token:${id}`);
  }
  await store.del(INDEX_KEY);
  return true;
}
