/** Where a program keeps values by name: the browser's sealed IndexedDB, the app server's database, or memory. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Every name with a value: the page's stores have it, to forget the drafts at sign-out. */
  keys?(): Promise<string[]>;
  /** Resolves once every write started so far has landed (or failed): before the page navigates away. */
  settled?(): Promise<void>;
}

/** Values for the life of this process only: a frame denied storage, and tests. */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    keys: async () => [...map.keys()],
  };
}
