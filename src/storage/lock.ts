/**
 * Runs `fn` while holding a named lock shared by every frame and tab of this storage partition, so that
 * several cards never refresh the same token at once. Without Web Locks (old browsers, or a frame denied
 * storage) it still serializes callers within this page.
 */

const local = new Map<string, Promise<unknown>>();

/** Serializes callers of the same name within this process: the fallback here, and the app server's embedded lock. */
export function inPage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const previous = local.get(name) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  local.set(name, settled);
  void settled.then(() => {
    if (local.get(name) === settled) local.delete(name);
  });
  return run;
}

export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks?.request) return inPage(name, fn);
  let entered = false;
  try {
    return await locks.request(name, () => {
      entered = true;
      return fn();
    });
  } catch (error) {
    if (entered) throw error;
    return inPage(name, fn);
  }
}
