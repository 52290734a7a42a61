// @ts-check
/**
 * The browser's part of a sign-in at the sandbox's authorize endpoint, for the tests (TypeScript) and
 * the server benchmark (a plain script, which cannot import TypeScript): a PKCE authorization begun as
 * the page begins one, and the redirect followed as the app's frame would.
 */
import * as oauth from 'oauth4webapi';

/**
 * Plays the browser's part of authorize from the app's frame: follows the redirect to our redirect URI.
 * @param {URL} url the authorize URL with its query
 * @returns {Promise<URLSearchParams>} the redirect's query (code and state, or error)
 */
export async function authorize(url) {
  const response = await fetch(url, { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(location).searchParams;
}

/**
 * A PKCE authorization at the sandbox: the code it answers, and the verifier that redeems it.
 * @param {{ authorizeUrl: string, redirectUri: string, clientId: string }} options
 * @returns {Promise<{ code: string, verifier: string }>}
 */
export async function authorizationCode({ authorizeUrl, redirectUri, clientId }) {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({
    client_id: clientId,
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
