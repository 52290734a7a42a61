/**
 * Runs `fn` while holding a named lock shared by every frame and tab of this storage partition, so that
 * several cards never refresh the same token at once. Without Web Locks (old browsers, or a frame denied
 * storage) it still serializes callers within this page.
 */
import { inProcess } from '../shared/in-process-lock';

export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks?.request) return inProcess(name, fn);
  let entered = false;
  try {
    return await locks.request(name, () => {
      entered = true;
      return fn();
    });
  } catch (error) {
    if (entered) throw error;
    return inProcess(name, fn);
  }
}
