// Component tests wait for what the user would see; on a loaded machine a lazy chunk or a sandbox
// answer can take seconds, so the default 1 s is too tight.
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 10_000 });
