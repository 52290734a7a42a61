// Component tests wait for what the user would see; on a loaded machine a lazy chunk or a sandbox
// answer can take seconds, so the default 1 s is too tight.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The requests a test started and that have not come back. A screen's request may outlive it (it was
 * unmounted, or the test ended first) and would reach the sandbox after the next test's reset, or after
 * the file closed it (ECONNREFUSED). Each test waits for its own before the next one starts.
 *
 * An aborted request fails at once for the page, as in a browser, and runs to its end below it:
 * happy-dom's own abort destroys the socket and prints that as an error ("socket hang up"), which a
 * browser never shows.
 */
const pending = new Set<Promise<unknown>>();
const browserFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const signal = init?.signal;
  const answer = browserFetch(input, { ...init, signal: null });
  const settled: Promise<unknown> = answer.then(
    () => pending.delete(settled),
    () => pending.delete(settled),
  );
  pending.add(settled);
  if (!signal) return answer;
  return new Promise<Response>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
};

// Vitest runs without globals, so Testing Library cannot register its own cleanup; a setup file runs
// for every test file, also where files share their modules. An answer may start another request
// (a retry after a 401), so this waits until none is left.
afterEach(async () => {
  cleanup();
  while (pending.size > 0) await Promise.allSettled(pending);
});
