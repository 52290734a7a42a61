/**
 * A frame whose storage is blocked gets the browser's own IndexedDB through the Storage Access API.
 * The documents here stand in for the browser's API; the storage behind them is a real (fake-indexeddb)
 * IndexedDB, the unpartitioned one a grant opens.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { grantedStorage, requestStorage } from '../../src/storage/storage-access';

const fresh = () => `db-${Math.random().toString(36).slice(2)}`;

/** A document whose requestStorageAccess answers with `answer` (a handle over `factory`, or a refusal). */
function documentWith(answer: () => Promise<{ indexedDB: IDBFactory | Partial<IDBFactory> }>) {
  const requested: unknown[] = [];
  const doc = {
    hasStorageAccess: async () => false,
    requestStorageAccess: (types: unknown) => {
      requested.push(types);
      return answer();
    },
  } as unknown as Document;
  return { doc, requested };
}

const permission = (state: PermissionState) => ({ query: async () => ({ state }) }) as unknown as Permissions;

afterEach(() => {
  vi.useRealTimers();
});

describe('asked for from the Sign in click', () => {
  it('asks for IndexedDB (cookies alone would not hold the session), and a later card reads what an earlier one stored', async () => {
    const browserOwn = new IDBFactory();
    const name = fresh();
    const first = documentWith(async () => ({ indexedDB: browserOwn }));
    const store = await requestStorage(name, first.doc);
    expect(first.requested).toEqual([{ indexedDB: true }]);
    await store!.set('token', { token: 'abc' });

    const later = documentWith(async () => ({ indexedDB: browserOwn }));
    const again = await grantedStorage(name, later.doc, permission('granted'));
    expect(await again!.get('token')).toEqual({ token: 'abc' });
  });

  it('refused: no store, so the popup stays the way to sign in', async () => {
    const { doc } = documentWith(() => Promise.reject(new DOMException('requestStorageAccess not allowed', 'NotAllowedError')));
    await expect(requestStorage(fresh(), doc)).resolves.toBeUndefined();
  });

  it('a browser without the API: no store, and nothing thrown', async () => {
    await expect(requestStorage(fresh(), {} as Document)).resolves.toBeUndefined();
    await expect(grantedStorage(fresh(), {} as Document, permission('granted'))).resolves.toBeUndefined();
  });

  it('granted, but the database refuses to open (as Chromium does): no store', async () => {
    const refusing: Partial<IDBFactory> = {
      open: () => {
        const request = {} as IDBOpenDBRequest & { error: DOMException };
        queueMicrotask(() => {
          Object.assign(request, { error: new DOMException('The user denied permission to access the database.', 'UnknownError') });
          (request.onerror as (() => void) | null)?.();
        });
        return request;
      },
    };
    const { doc } = documentWith(async () => ({ indexedDB: refusing }));
    await expect(requestStorage(fresh(), doc)).resolves.toBeUndefined();
  });

  it('granted, but the database never answers: no store after a few seconds, not a card stuck signing in', async () => {
    vi.useFakeTimers();
    const silent: Partial<IDBFactory> = { open: () => ({}) as IDBOpenDBRequest };
    const { doc } = documentWith(async () => ({ indexedDB: silent }));
    const store = requestStorage(fresh(), doc);
    await vi.advanceTimersByTimeAsync(3000);
    await expect(store).resolves.toBeUndefined();
  });
});

describe('on a card load, without a click', () => {
  it('uses access only where it was granted before: no prompt otherwise', async () => {
    const { doc, requested } = documentWith(async () => ({ indexedDB: new IDBFactory() }));
    await expect(grantedStorage(fresh(), doc, permission('prompt'))).resolves.toBeUndefined();
    await expect(grantedStorage(fresh(), doc, permission('denied'))).resolves.toBeUndefined();
    expect(requested).toEqual([]);
    await expect(grantedStorage(fresh(), doc, permission('granted'))).resolves.toBeDefined();
  });

  it('a browser that cannot say whether access was granted: no store', async () => {
    const { doc } = documentWith(async () => ({ indexedDB: new IDBFactory() }));
    const unknown = { query: () => Promise.reject(new TypeError("'storage-access' is not a valid permission name")) } as unknown as Permissions;
    await expect(grantedStorage(fresh(), doc, unknown)).resolves.toBeUndefined();
  });
});
