// Component tests wait for what the user would see; on a loaded machine a lazy chunk or a sandbox
// answer can take seconds, so the default 1 s is too tight.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 10_000 });
// Vitest runs without globals, so Testing Library cannot register its own cleanup; a setup file runs
// for every test file, also where files share their modules.
afterEach(cleanup);
