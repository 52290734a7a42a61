/**
 * The names in an IndexedDB store, loaded when something lists them (clearing drafts at sign-out):
 * idb-keyval's `keys` carries a cursor fallback for browsers without `getAllKeys`, which every
 * browser we support has, and would load with every card.
 */
import { promisifyRequest, type UseStore } from 'idb-keyval';

export const storedKeys = (db: UseStore) => db('readonly', (store) => promisifyRequest(store.getAllKeys())) as Promise<string[]>;
