// Component tests wait for what the user would see; on a loaded machine a lazy chunk or a sandbox
// answer can take seconds, so the default 1 s is too tight.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 10_000 });
// Vitest runs without globals, so Testing Library cannot register its own cleanup; a setup file runs
// for every test file, also where files share their modules.
// A test ends when what it started has: a request still on its way (a refresh after a send, the
// messages of a card the test did not wait for) would reach the sandbox after the next test's reset,
// or after the file's sandbox closed, and fail there. happy-dom does not cancel a request on abort.
afterEach(async () => {
  cleanup();
  await (window as unknown as { happyDOM?: { waitUntilComplete(): Promise<void> } }).happyDOM?.waitUntilComplete();
});
