/** Loads something once per input, abortable, with a retry: how the screens fetch what they show (use-run.ts runs what the user starts). */
import { useCallback, useEffect, useState } from 'preact/hooks';

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
