/** Loads something once per input, abortable, with a retry; and runs a task the user started: the two data-fetching patterns of the screens. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

/**
 * Runs `load` whenever `key` changes (or retry is called); nothing when `load` is undefined.
 * The previous request is aborted, so a late answer never overwrites a newer one.
 */
export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, key: unknown): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    load(controller.signal).then(
      (value) => controller.signal.aborted || setLoaded({ state: 'ready', value }),
      (error: unknown) => controller.signal.aborted || setLoaded({ state: 'failed', error }),
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` says when its result would differ.
  }, [key, attempt]);
  return [loaded, useCallback(() => setAttempt((n) => n + 1), [])];
}

export type Run<T> = { state: 'idle' } | { state: 'running' } | { state: 'done'; value: T } | { state: 'failed'; error: unknown };

/** One user-started task at a time (a lookup, a probe, a save): its state, and a way to start it again. Starting again makes the previous one's late answer count for nothing. */
export function useRun<T>(): [Run<T>, (task: () => Promise<T>) => void] {
  const [run, setRun] = useState<Run<T>>({ state: 'idle' });
  const latest = useRef(0);
  const start = (task: () => Promise<T>) => {
    const mine = ++latest.current;
    setRun({ state: 'running' });
    task().then(
      (value) => mine === latest.current && setRun({ state: 'done', value }),
      (error: unknown) => mine === latest.current && setRun({ state: 'failed', error }),
    );
  };
  return [run, start];
}
