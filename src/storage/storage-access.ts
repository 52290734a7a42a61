/**
 * The browser's own (unpartitioned) IndexedDB for a frame whose storage is blocked, through the Storage
 * Access API: one grant, and every later card of this host finds the session there instead of asking
 * for a popup. Where the API is missing, refused, or its storage will not open, there is none.
 */
import { promisifyRequest, type UseStore } from 'idb-keyval';
import { idbStore, probe, sealed } from './store';
import type { KeyValueStore } from '../shared/key-value-store';

/** What `requestStorageAccess({ indexedDB: true })` hands back: the storage this frame may now use. */
interface StorageAccessHandle {
  indexedDB: IDBFactory;
}

type Requesting = Document & { requestStorageAccess(types: { indexedDB: true }): Promise<StorageAccessHandle> };

/** idb-keyval's createStore, on the factory the handle gives instead of the page's own. */
function handleStore(factory: IDBFactory, dbName: string, storeName: string): UseStore {
  const request = factory.open(dbName);
  request.onupgradeneeded = () => request.result.createObjectStore(storeName);
  const db = promisifyRequest(request);
  return (mode, callback) => db.then((opened) => callback(opened.transaction(storeName, mode).objectStore(storeName)));
}

async function storeOf(handle: Promise<StorageAccessHandle>, dbName: string): Promise<KeyValueStore | undefined> {
  const factory = (await handle).indexedDB;
  const inner = idbStore(handleStore(factory, dbName, 'kv'));
  // Chromium can grant and still refuse (or never open) the database: only a write proves it works.
  return (await probe(inner)) ? sealed(inner) : undefined;
}

const supported = (doc: Document): doc is Requesting => typeof doc.hasStorageAccess === 'function' && typeof doc.requestStorageAccess === 'function';

/**
 * From a click: asks for access, which may prompt. Call it before anything else the click does (before
 * opening a popup): the request needs the click's user activation.
 */
export function requestStorage(dbName: string, doc: Document = document): Promise<KeyValueStore | undefined> {
  if (!supported(doc)) return Promise.resolve(undefined);
  return storeOf(doc.requestStorageAccess({ indexedDB: true }), dbName).catch(() => undefined);
}

/** Without a click: the store, only where access was granted before (no prompt); else undefined. */
export async function grantedStorage(
  dbName: string,
  doc: Document = document,
  permissions: Permissions | undefined = navigator.permissions,
): Promise<KeyValueStore | undefined> {
  if (!supported(doc) || !permissions) return undefined;
  try {
    const { state } = await permissions.query({ name: 'storage-access' as PermissionName });
    return state === 'granted' ? await storeOf(doc.requestStorageAccess({ indexedDB: true }), dbName) : undefined;
  } catch {
    return undefined;
  }
}
