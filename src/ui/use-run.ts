/** Runs a task the user started: the screens' other data-fetching pattern (use-load.ts loads what they show). */
import { useRef, useState } from 'preact/hooks';

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
