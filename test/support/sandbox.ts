/** Test support: the Infobip sandbox in-process, and the config.json an operator would write for it. */
import { afterAll, beforeEach } from 'vitest';
import { parseConfig, type Config } from '../../src/config/config';
import { authorizationCode as sandboxAuthorizationCode } from '../sandbox/authorize.js';
import { createInfobipSandbox } from '../sandbox/infobip.js';

export { authorize } from '../sandbox/authorize.js';

export const CLIENT_ID = '0123456789abcdef0123456789abcdef';
export const APP_ID = '3bb98d89-2c5f-4b5e-9a4e-6f1c2d3e4a5b';
export const APP_PAGE = new URL('http://localhost:5999/apps/card/card.html');

export type Sandbox = Awaited<ReturnType<typeof createInfobipSandbox>>;

/** One sandbox per test file, reset before each test. */
export async function useSandbox(overrides: Record<string, unknown> = {}): Promise<{ sandbox: Sandbox; config: Config }> {
  const sandbox = await createInfobipSandbox({ clientId: CLIENT_ID, appId: APP_ID });
  const config = parseConfig(
    {
      clientId: CLIENT_ID,
      appId: APP_ID,
      authorizeUrl: `${sandbox.url}/exchange/1/oauth/authorize`,
      tokenUrl: `${sandbox.url}/exchange/1/oauth/token`,
      portalApiUrl: `${sandbox.url}/api/amg`,
      apiBaseUrl: sandbox.url,
      ...overrides,
    },
    APP_PAGE,
  );
  sandbox.registerRedirectUri(config.redirectUri);
  beforeEach(async () => {
    await settled(sandbox);
    sandbox.reset();
  });
  afterAll(() => sandbox.close());
  return { sandbox, config };
}

/**
 * Waits (up to 10 s) until the sandbox handles no request, so that one a test left behind (it timed
 * out, its screen was unmounted, or its client gave up on a delayed answer) lands before the next
 * test's reset: not in its log, and not spending the fault it sets up.
 */
async function settled(sandbox: Sandbox): Promise<void> {
  for (const until = Date.now() + 10_000; sandbox.busy && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A PKCE authorization at the sandbox for the tests' client: the code it answers, and the verifier that redeems it. */
export const authorizationCode = (authorizeUrl: string, redirectUri: string) => sandboxAuthorizationCode({ authorizeUrl, redirectUri, clientId: CLIENT_ID });

export function requests(sandbox: Sandbox, path: string) {
  return sandbox.log.filter((entry: { path: string }) => entry.path === path);
}
