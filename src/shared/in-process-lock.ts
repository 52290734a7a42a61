/** Serializes callers of the same name within this process: the page's fallback without Web Locks, and the embedded app server's lock. */
const local = new Map<string, Promise<unknown>>();

export function inProcess<T>(name: string, fn: () => Promise<T>): Promise<T> {
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
