// Component tests wait for what the user would see; on a loaded machine a lazy chunk or a sandbox
// answer can take seconds, so the default 1 s is too tight.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The requests a test started and that have not come back. happy-dom does not cancel a request on
 * abort, so an unmounted screen's requests still reach the sandbox: after the next test's reset, or
 * after the file closed it (ECONNREFUSED). Each test waits for its own before the next one starts.
 */
const pending = new Set<Promise<unknown>>();
const browserFetch = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  const answer = browserFetch(...args);
  const settled: Promise<unknown> = answer.then(
    () => pending.delete(settled),
    () => pending.delete(settled),
  );
  pending.add(settled);
  return answer;
};

// Vitest runs without globals, so Testing Library cannot register its own cleanup; a setup file runs
// for every test file, also where files share their modules. An answer may start another request
// (a retry after a 401), so this waits until none is left.
afterEach(async () => {
  cleanup();
  while (pending.size > 0) await Promise.allSettled(pending);
});
