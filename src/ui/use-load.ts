/** Loads something once per input, abortable, with a retry: how the screens fetch what they show (use-run.ts runs what the user starts). */
import { useCallback, useEffect, useLayoutEffect, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

/**
 * Runs `load` whenever `key` changes (or retry is called); nothing when `load` is undefined.
 * The previous request is aborted, so a late answer never overwrites a newer one.
 *
 * `early` (the same at every render of a call site): `load` starts as the screen renders, not once the
 * browser has painted it, up to a frame later. Only for what the first screen waits for (a cold card's
 * sign-in): it delays that paint by the time `load` takes to start.
 */
export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, key: unknown, early?: boolean): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  (early ? useLayoutEffect : useEffect)(() => {
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
