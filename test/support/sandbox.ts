/** Test support: the Infobip sandbox in-process, and the config.json an operator would write for it. */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeEach } from 'vitest';
import { parseConfig, type Config } from '../../src/config/config';
import { createInfobipSandbox } from '../sandbox/infobip.js';

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

/** Plays the browser's part of authorize from the app's frame: follows the redirect to our redirect URI. */
export async function authorize(url: URL): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(location).searchParams;
}

/** A PKCE authorization at the sandbox, begun as the page begins one: the code it answers, and the verifier that redeems it. */
export async function authorizationCode(authorizeUrl: string, redirectUri: string): Promise<{ code: string; verifier: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'conversations',
    state: oauth.generateRandomState(),
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const code = (await authorize(url)).get('code');
  if (!code) throw new Error('authorize answered no code');
  return { code, verifier };
}

export function requests(sandbox: Sandbox, path: string) {
  return sandbox.log.filter((entry: { path: string }) => entry.path === path);
}
