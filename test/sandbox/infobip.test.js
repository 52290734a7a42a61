// @ts-check
/**
 * Tests of the local Infobip sandbox itself (and the static/host servers around it): that it rejects
 * what Infobip would reject, answers the way Infobip answers, and that every behaviour switch works.
 * Real HTTP against servers on port 0.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInfobipSandbox, DEFAULT_USER, pkceChallenge } from './infobip.js';
import { createStaticServer } from './static-server.js';
import { createHostServer } from './host.js';
import { deploy, undeploy } from './deploy.js';
import { startAll } from './index.js';
import { sendJson } from './http.js';

const CLIENT_ID = '0123456789abcdef0123456789abcdef';
const APP_ID = '3bb98d89-0000-4000-8000-000000000001';
const REDIRECT = 'http://localhost:9999/apps/card/callback.html';
const ORIGIN = 'http://localhost:9999';

/** @type {import('./infobip.js').InfobipSandbox} */
let sb;

beforeAll(async () => {
  sb = await createInfobipSandbox({ clientId: CLIENT_ID, appId: APP_ID });
  sb.registerRedirectUri(REDIRECT);
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const newVerifier = () => randomBytes(32).toString('base64url'); // 43 chars

/** @param {Record<string, string | undefined>} [overrides] undefined removes a parameter */
function authorizeUrl(overrides = {}, verifier = newVerifier()) {
  /** @type {Record<string, string | undefined>} */
  const params = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: 'conversations',
    state: 'WeHH_yy2irpl8UY',
    code_challenge: pkceChallenge(verifier),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL(`${sb.url}/exchange/1/oauth/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

/** @param {string} url @param {RequestInit} [init] */
const get = (url, init = {}) => fetch(url, { redirect: 'manual', ...init });

/** The query of a redirect's Location. @param {Response} res */
function location(res) {
  const value = res.headers.get('location');
  expect(value, 'a Location header').toBeTruthy();
  const url = new URL(/** @type {string} */ (value));
  return { base: `${url.origin}${url.pathname}`, query: Object.fromEntries(url.searchParams) };
}

/** Runs the authorize step and returns the code. */
async function getCode(verifier = newVerifier(), overrides = {}) {
  const res = await get(authorizeUrl(overrides, verifier));
  expect(res.status).toBe(302);
  return { code: location(res).query.code ?? '', verifier };
}

/** @param {Record<string, string>} form @param {Record<string, string>} [headers] */
const postToken = (form, headers = {}) =>
  fetch(`${sb.url}/exchange/1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
    body: new URLSearchParams(form),
  });

/** @param {string} code @param {string} verifier @param {Record<string, string>} [extra] */
const exchange = (code, verifier, extra = {}) =>
  postToken({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: CLIENT_ID, redirect_uri: REDIRECT, ...extra });

async function signIn() {
  const { code, verifier } = await getCode();
  const res = await exchange(code, verifier);
  expect(res.status).toBe(200);
  return /** @type {Record<string, any>} */ (await res.json());
}

/** @param {string} path @param {string | undefined} token @param {RequestInit} [init] */
const api = (path, token, init = {}) =>
  fetch(`${sb.url}${path}`, {
    ...init,
    headers: { origin: ORIGIN, ...(token ? { authorization: `IBSSO ${token}` } : {}), .../** @type {any} */ (init.headers) },
  });

const portal = (/** @type {string | undefined} */ token, appId = APP_ID) => api(`/api/amg/exchange/1/apps/${appId}/oauth`, token);
const messages = (/** @type {string | undefined} */ token, id = 'c1', q = '?orderBy=createdAt:ASC&limit=100') =>
  api(`/ccaas/1/conversations/${id}/messages${q}`, token);
/** @param {string | undefined} token @param {unknown} body @param {string} [type] */
const sendSms = (token, body, type = 'application/json') =>
  api('/sms/2/text/advanced', token, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const control = (/** @type {string} */ path, /** @type {unknown} */ body = undefined) =>
  fetch(`${sb.url}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const tokenPosts = () => sb.log.filter((e) => e.path === '/exchange/1/oauth/token' && e.method === 'POST');

// -------------------------------------------------------------------------------------------

describe('createInfobipSandbox', () => {
  it('listens on loopback and names itself localhost', async () => {
    expect(sb.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(sb.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses a client id that is not 32 hex characters', async () => {
    await expect(createInfobipSandbox({ clientId: 'not-hex' })).rejects.toThrow(/32 hex/);
  });
});

describe('authorize', () => {
  it('redirects with a 16-hex code and the same state', async () => {
    const res = await get(authorizeUrl());
    expect(res.status).toBe(302);
    const { base, query } = location(res);
    expect(base).toBe(REDIRECT);
    expect(query.code).toMatch(/^[0-9a-f]{16}$/);
    expect(query.state).toBe('WeHH_yy2irpl8UY');
    expect(res.headers.get('access-control-allow-origin')).toBeNull(); // a navigation, not an API
  });

  it('accepts an absent code_challenge_method (as Infobip’s sample) and refuses plain', async () => {
    expect(location(await get(authorizeUrl({ code_challenge_method: undefined }))).query.code).toBeTruthy();
    const plain = location(await get(authorizeUrl({ code_challenge_method: 'plain' }))).query;
    expect(plain).toMatchObject({ error: 'invalid_request', state: 'WeHH_yy2irpl8UY' });
    expect(plain.code).toBeUndefined();
  });

  it.each([
    ['unknown client_id', { client_id: 'ffffffffffffffffffffffffffffffff' }],
    ['malformed client_id', { client_id: 'abc' }],
    ['missing client_id', { client_id: undefined }],
    ['unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['redirect_uri that differs by a slash', { redirect_uri: `${REDIRECT}/` }],
    ['missing redirect_uri', { redirect_uri: undefined }],
  ])('shows an error page, never a redirect, for %s', async (_name, overrides) => {
    const res = await get(authorizeUrl(overrides));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it.each([
    ['missing state', { state: undefined }, 'invalid_request'],
    ['missing scope', { scope: undefined }, 'invalid_request'],
    ['missing code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['a short code_challenge', { code_challenge: 'abc' }, 'invalid_request'],
    ['a padded code_challenge', { code_challenge: `${'a'.repeat(42)}=` }, 'invalid_request'],
    ['missing response_type', { response_type: undefined }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
  ])('redirects with an error for %s', async (_name, overrides, error) => {
    const res = await get(authorizeUrl(overrides));
    expect(res.status).toBe(302);
    const { base, query } = location(res);
    expect(base).toBe(REDIRECT);
    expect(query.error).toBe(error);
    expect(query.error_description).toBeTruthy();
    expect(query.code).toBeUndefined();
    if ('state' in overrides) expect(query.state).toBeUndefined();
    else expect(query.state).toBe('WeHH_yy2irpl8UY');
  });

  it('refuses a repeated parameter', async () => {
    const res = await get(`${authorizeUrl()}&scope=other`);
    expect(location(res).query.error).toBe('invalid_request');
  });

  it.each([
    ['deny', 'access_denied'],
    ['login_required', 'login_required'],
    ['interaction_required', 'interaction_required'],
  ])('authorize: %s redirects with error=%s and the state', async (mode, error) => {
    sb.behave({ authorize: /** @type {any} */ (mode) });
    const { query } = location(await get(authorizeUrl(), { headers: { 'sec-fetch-dest': 'iframe' } }));
    expect(query).toMatchObject({ error, state: 'WeHH_yy2irpl8UY' });
    if (mode === 'deny') expect(query.error_description).toBe('The user denied access');
  });

  it.each(['login_required', 'interaction_required'])('authorize: %s only in a frame; a top-level window gets the sign-in page', async (mode) => {
    sb.behave({ authorize: /** @type {any} */ (mode) });
    const res = await get(authorizeUrl(), { headers: { 'sec-fetch-dest': 'document' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<button type="submit" name="decision" value="allow">Sign in</button>');
  });

  it('authorize: wrong-state answers a code with another state', async () => {
    sb.behave({ authorize: 'wrong-state' });
    const { query } = location(await get(authorizeUrl()));
    expect(query.code).toMatch(/^[0-9a-f]{16}$/);
    expect(query.state).not.toBe('WeHH_yy2irpl8UY');
  });

  it('authorize: refuse-framing shows a sign-in page that cannot be framed, whose form gives the code', async () => {
    sb.behave({ authorize: 'refuse-framing' });
    const res = await get(authorizeUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<button type="submit" name="decision" value="allow">Sign in</button>');
    expect(html).toContain('action="/exchange/1/oauth/authorize/confirm"');

    // Submit the form as the browser would: every hidden field plus the button's value.
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(fields).toMatchObject({ client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'WeHH_yy2irpl8UY' });
    const confirm = (/** @type {string} */ decision) =>
      get(`${sb.url}/exchange/1/oauth/authorize/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, decision }),
      });
    const ok = await confirm('allow');
    expect(ok.status).toBe(302);
    expect(location(ok).query).toMatchObject({ state: 'WeHH_yy2irpl8UY', code: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(location(await confirm('deny')).query.error).toBe('access_denied');
  });

  it('authorize: coop adds Cross-Origin-Opener-Policy to the sign-in page and its redirect', async () => {
    sb.behave({ authorize: 'coop' });
    const res = await get(authorizeUrl());
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const url = new URL(authorizeUrl());
    const confirm = await get(`${sb.url}/exchange/1/oauth/authorize/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...url.searchParams, ['decision', 'allow']]),
    });
    expect(confirm.status).toBe(302);
    expect(confirm.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('the confirm endpoint validates the request again', async () => {
    const res = await get(`${sb.url}/exchange/1/oauth/authorize/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: 'https://evil.example/' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe('token: authorization_code', () => {
  it('answers as Infobip documents it', async () => {
    const answer = await signIn();
    expect(answer).toEqual({
      token: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      tokenType: 'IBSSO',
      accountKey: expect.stringMatching(/^[0-9A-F]{32}$/),
      userKey: expect.stringMatching(/^[0-9A-F]{32}$/),
      username: 'developeruser',
      email: 'developer@infobip.com',
      locale: 'en-US',
      roles: [{ id: 79, name: 'Manager' }],
      groups: [{ id: 54004, name: 'Group1' }],
    });
    expect((await portal(answer.token)).status).toBe(200);
  });

  it('sends CORS headers for the calling origin', async () => {
    const { code, verifier } = await getCode();
    const res = await exchange(code, verifier);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a body that is not form-encoded (415, Infobip error)', async () => {
    const { code, verifier } = await getCode();
    const res = await fetch(`${sb.url}/exchange/1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: CLIENT_ID, redirect_uri: REDIRECT }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ requestError: { serviceException: { messageId: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });

  it('refuses a client secret from this public client', async () => {
    const { code, verifier } = await getCode();
    const res = await exchange(code, verifier, { client_secret: 'x' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('refuses an unknown client', async () => {
    const { code, verifier } = await getCode();
    const res = await exchange(code, verifier, { client_id: 'ffffffffffffffffffffffffffffffff' });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('spends a code at the first attempt even when it fails, and revokes the token on replay', async () => {
    const { code, verifier } = await getCode();
    const wrong = await exchange(code, newVerifier());
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect((await second.json()).error).toBe('invalid_grant');
    expect(tokenPosts().filter((e) => e.form?.code === code)).toHaveLength(2);

    const fresh = await getCode();
    const first = await exchange(fresh.code, fresh.verifier);
    const { token } = await first.json();
    expect((await portal(token)).status).toBe(200);
    expect((await exchange(fresh.code, fresh.verifier)).status).toBe(400);
    expect((await portal(token)).status).toBe(401); // RFC 6749 §4.1.2: replay revokes
  });

  it('refuses an expired code (60 s)', async () => {
    const { code, verifier } = await getCode();
    sb.advanceClock(61_000);
    const res = await exchange(code, verifier);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri other than the authorize one', async () => {
    const other = 'http://localhost:9999/apps/card/other.html';
    sb.registerRedirectUri(other);
    const { code, verifier } = await getCode();
    expect((await (await exchange(code, verifier, { redirect_uri: other })).json()).error).toBe('invalid_grant');
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['with a forbidden character', `${'a'.repeat(42)}+`],
  ])('refuses a code_verifier %s', async (_name, verifier) => {
    const { code } = await getCode();
    const res = await exchange(code, verifier);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('accepts a 128-char verifier of the whole alphabet', async () => {
    const verifier = `${'AZaz09-._~'.repeat(12)}abcdefgh`;
    expect(verifier).toHaveLength(128);
    const { code } = await getCode(verifier);
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('refuses an unknown grant_type and a missing code', async () => {
    expect((await (await postToken({ grant_type: 'client_credentials', client_id: CLIENT_ID })).json()).error).toBe('unsupported_grant_type');
    expect((await (await postToken({ grant_type: 'authorization_code', client_id: CLIENT_ID })).json()).error).toBe('invalid_request');
  });

  it('token: 5xx answers 503 with an Infobip error (and the code is spent)', async () => {
    sb.behave({ token: '5xx' });
    const { code, verifier } = await getCode();
    const res = await exchange(code, verifier);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ requestError: { serviceException: { messageId: 'SERVICE_UNAVAILABLE' } } });
    sb.behave({ token: 'ok' });
    expect((await exchange(code, verifier)).status).toBe(400);
  });

  it('token: html answers 200 text/html', async () => {
    sb.behave({ token: 'html' });
    const { code, verifier } = await getCode();
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe('<html><body>Service unavailable</body></html>');
  });

  it('token: no-token answers JSON without a token', async () => {
    sb.behave({ token: 'no-token' });
    const { code, verifier } = await getCode();
    const body = await (await exchange(code, verifier)).json();
    expect(body).not.toHaveProperty('token');
    expect(body.tokenType).toBe('IBSSO');
  });

  it('token: snake answers the sample app’s variant', async () => {
    sb.behave({ token: 'snake', tokenLifetimeSeconds: 120 });
    const { code, verifier } = await getCode();
    const body = await (await exchange(code, verifier)).json();
    expect(body).toEqual({ token: expect.any(String), token_type: 'IBSSO', userName: 'developeruser', email: 'developer@infobip.com', expires_in: 120 });
    expect((await portal(body.token)).status).toBe(200);
  });

  it('token: expires_at adds a lifetime in seconds; sendExpiresIn adds expires_in', async () => {
    sb.behave({ token: 'expires_at' });
    let { code, verifier } = await getCode();
    let body = await (await exchange(code, verifier)).json();
    expect(body.expires_at).toBe(3600);
    expect(body).not.toHaveProperty('expires_in');

    sb.behave({ token: 'ok', sendExpiresIn: true, tokenLifetimeSeconds: 90 });
    ({ code, verifier } = await getCode());
    body = await (await exchange(code, verifier)).json();
    expect(body.expires_in).toBe(90);
    expect(body.tokenType).toBe('IBSSO');
  });

  it('tokenLifetimeSeconds sets the server-side validity', async () => {
    sb.behave({ tokenLifetimeSeconds: 60 });
    const { token } = await signIn();
    sb.advanceClock(59_000);
    expect((await portal(token)).status).toBe(200);
    sb.advanceClock(2_000);
    expect((await portal(token)).status).toBe(401);
  });

  it('takes the identity fields from a configurable user (markup stays as given)', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    sb.behave({ user: { username: evil, email: `${evil}@x.test`, locale: 'ja-JP', roles: [{ id: 1, name: evil }] } });
    const body = await signIn();
    expect(body).toMatchObject({ username: evil, email: `${evil}@x.test`, locale: 'ja-JP', roles: [{ id: 1, name: evil }] });
    expect(body.groups).toEqual([{ id: 54004, name: 'Group1' }]);
  });
});

describe('token: refresh_token', () => {
  /** @param {string} token @param {'code'|'refresh_token'|'both'} how */
  const refresh = (token, how) =>
    postToken({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      ...(how !== 'refresh_token' ? { code: token } : {}),
      ...(how !== 'code' ? { refresh_token: token } : {}),
    });

  it.each([
    ['code', 'code', 200],
    ['code', 'refresh_token', 400],
    ['code', 'both', 200],
    ['refresh_token', 'refresh_token', 200],
    ['refresh_token', 'code', 400],
    ['refresh_token', 'both', 200],
    ['either', 'code', 200],
    ['either', 'refresh_token', 200],
  ])('refreshParam %s, app sends %s → %i', async (mode, how, status) => {
    sb.behave({ refreshParam: /** @type {any} */ (mode) });
    const { token } = await signIn();
    const res = await refresh(token, /** @type {any} */ (how));
    expect(res.status).toBe(status);
    if (status === 400) expect((await res.json()).error).toBe('invalid_request');
  });

  it('issues a new token of the same shape and invalidates the old one', async () => {
    const old = await signIn();
    const res = await refresh(old.token, 'both');
    const body = await res.json();
    expect(body).toMatchObject({ token: expect.any(String), tokenType: 'IBSSO', username: 'developeruser' });
    expect(body.token).not.toBe(old.token);
    expect((await portal(old.token)).status).toBe(401);
    expect((await portal(body.token)).status).toBe(200);
    expect((await refresh(old.token, 'both')).status).toBe(400);
  });

  it('refreshes a token expired less than 5 minutes ago, not later', async () => {
    const a = await signIn();
    sb.expireTokens();
    expect((await portal(a.token)).status).toBe(401);
    expect((await refresh(a.token, 'both')).status).toBe(200);

    const b = await signIn();
    sb.expireTokens({ beyondGrace: true });
    expect((await (await refresh(b.token, 'both')).json()).error).toBe('invalid_grant');
  });

  it('refuses revoked tokens and refresh: fail', async () => {
    const a = await signIn();
    sb.revokeTokens();
    expect((await portal(a.token)).status).toBe(401);
    expect((await refresh(a.token, 'both')).status).toBe(400);

    const b = await signIn();
    sb.behave({ refresh: 'fail' });
    const res = await refresh(b.token, 'both');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
    expect((await portal(b.token)).status).toBe(200); // a failed refresh does not kill the token
  });

  it('editUser: the token still works, and the refresh answers with the user as they are now', async () => {
    const a = await signIn();
    sb.editUser(DEFAULT_USER.userKey, { roles: [], username: 'renamed' });
    expect((await portal(a.token)).status).toBe(200);
    const renewed = await (await refresh(a.token, 'both')).json();
    expect(renewed).toMatchObject({ username: 'renamed', userKey: DEFAULT_USER.userKey, roles: [] });
  });
});

describe('portal API: app OAuth config', () => {
  it('answers the registered app for a valid IBSSO token', async () => {
    const { token } = await signIn();
    const res = await portal(token);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      clientId: CLIENT_ID,
      clientSecret: expect.stringMatching(/^YED8[A-Za-z0-9+/]{39}=$/),
      appId: APP_ID,
      redirectUri: REDIRECT,
      signingSecret: expect.stringMatching(/^H\+WP[A-Za-z0-9+/]{39}=$/),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it.each([
    ['no Authorization', undefined, {}],
    ['a Bearer token', 'Bearer', {}],
    ['an unknown token', 'IBSSO', { authorization: 'IBSSO 3d7908aa-0000-0000-0000-000000000000' }],
  ])('401 with Infobip’s error for %s', async (_name, scheme, headers) => {
    const { token } = await signIn();
    const res = await fetch(`${sb.url}/api/amg/exchange/1/apps/${APP_ID}/oauth`, {
      headers: { origin: ORIGIN, ...(scheme === 'Bearer' ? { authorization: `Bearer ${token}` } : headers) },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ requestError: { serviceException: { messageId: 'UNAUTHORIZED', text: 'Invalid login details' } } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN); // errors are readable cross-origin too
  });

  it('404 for an unknown app id', async () => {
    const { token } = await signIn();
    const res = await portal(token, 'nope');
    expect(res.status).toBe(404);
    expect((await res.json()).requestError.serviceException.messageId).toBe('NOT_FOUND');
  });

  it('portal: 401 and 403 switches', async () => {
    const { token } = await signIn();
    sb.behave({ portal: '401' });
    expect((await portal(token)).status).toBe(401);
    sb.behave({ portal: '403' });
    const res = await portal(token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Missing permissions' } } });
  });

  it('portalErrorText: the 403 answers with the test’s text', async () => {
    const { token } = await signIn();
    sb.behave({ portal: '403', portalErrorText: 'No access to <b>apps</b>' });
    const res = await portal(token);
    expect(res.status).toBe(403);
    expect((await res.json()).requestError.serviceException).toEqual({ messageId: 'FORBIDDEN', text: 'No access to <b>apps</b>' });
    expect(() => sb.behave({ portalErrorText: 403 })).toThrow(/portalErrorText must be a string/);
  });
});

describe('conversation messages', () => {
  it('answers seeded messages in Infobip’s shape', async () => {
    const { token } = await signIn();
    const body = await (await messages(token)).json();
    expect(body.pagination).toEqual({ totalItems: 5, page: 0, size: 100, orderBy: 'createdAt:ASC' });
    expect(body.messages[0]).toEqual({
      id: 'c1-m1',
      conversationId: 'c1',
      channel: 'SMS',
      from: '41793026727',
      to: 'InfoSMS',
      direction: 'INBOUND',
      contentType: 'TEXT',
      content: { text: 'Hi, my parcel 4471 has not arrived yet.' },
      createdAt: '2024-05-01T10:00:00.000+0000',
      updatedAt: '2024-05-01T10:00:00.000+0000',
    });
    expect(body.messages[1].direction).toBe('OUTBOUND');
    const c2 = await (await messages(token, 'c2')).json();
    const image = c2.messages.find((/** @type {any} */ m) => m.contentType === 'IMAGE');
    expect(image).toMatchObject({ channel: 'WHATSAPP', content: { url: `${sb.url}/media/e07.png` } });
    expect((await fetch(image.content.url)).headers.get('content-type')).toBe('image/png');
  });

  it('answers an empty conversation and 404 for an unknown one', async () => {
    const { token } = await signIn();
    expect(await (await messages(token, 'c-empty')).json()).toEqual({
      messages: [],
      pagination: { totalItems: 0, page: 0, size: 100, orderBy: 'createdAt:ASC' },
    });
    const res = await messages(token, 'nope');
    expect(res.status).toBe(404);
    expect((await res.json()).requestError.serviceException.messageId).toBe('NOT_FOUND');
  });

  it('pages, orders, and refuses a bad limit', async () => {
    const { token } = await signIn();
    const page1 = await (await messages(token, 'c1', '?orderBy=createdAt:DESC&limit=2&page=1')).json();
    expect(page1.messages.map((/** @type {any} */ m) => m.id)).toEqual(['c1-m3', 'c1-m2']);
    const bad = await messages(token, 'c1', '?limit=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).requestError.serviceException.validationErrors).toHaveProperty('limit');
  });

  it('requires a token', async () => {
    expect((await messages(undefined)).status).toBe(401);
  });

  it('lets tests replace messages, filling partial ones', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    sb.setMessages('c1', [{ content: { text: evil } }, { direction: 'OUTBOUND', content: { text: 'ok' } }]);
    const { token } = await signIn();
    const body = await (await messages(token)).json();
    expect(body.messages).toHaveLength(2);
    expect(body.messages[0]).toMatchObject({ conversationId: 'c1', contentType: 'TEXT', direction: 'INBOUND', from: '41793026727', content: { text: evil } });
    expect(body.messages[1]).toMatchObject({ from: 'InfoSMS', to: '41793026727' });
  });
});

describe('send SMS', () => {
  const good = { messages: [{ destinations: [{ to: '41793026727' }], from: 'InfoSMS', text: 'Hello' }] };

  it('accepts a valid message and answers Infobip’s status', async () => {
    const { token } = await signIn();
    const res = await sendSms(token, good);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      bulkId: expect.any(String),
      messages: [
        {
          messageId: expect.any(String),
          status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
          destination: '41793026727',
        },
      ],
    });
    expect(sb.sent).toEqual([good]);
  });

  it('adds an SMS to the customer to their SMS conversation, newest first', async () => {
    const { token } = await signIn();
    await sendSms(token, { messages: [{ destinations: [{ to: '+41793026727' }], text: 'On its way' }] });
    const body = await (await messages(token, 'c1', '?orderBy=createdAt:DESC&limit=1')).json();
    expect(body.messages[0]).toMatchObject({ direction: 'OUTBOUND', content: { text: 'On its way' }, to: '41793026727' });
    expect(body.pagination.totalItems).toBe(6);
  });

  it.each([
    ['letters in the number', { messages: [{ destinations: [{ to: '41-79' }], text: 'x' }] }, 'messages[0].destinations[0].to'],
    ['a too long number', { messages: [{ destinations: [{ to: '1234567890123456' }], text: 'x' }] }, 'messages[0].destinations[0].to'],
    // Not in international form: what `12-34` and a domestic `090-1234` became when read as bare digits.
    ['a number too short for any country', { messages: [{ destinations: [{ to: '1234' }], text: 'x' }] }, 'messages[0].destinations[0].to'],
    ['a domestic number (trunk 0)', { messages: [{ destinations: [{ to: '0901234' }], text: 'x' }] }, 'messages[0].destinations[0].to'],
    ['a numeric to', { messages: [{ destinations: [{ to: 41793026727 }], text: 'x' }] }, 'messages[0].destinations[0].to'],
    ['no destinations', { messages: [{ destinations: [], text: 'x' }] }, 'messages[0].destinations'],
    ['blank text', { messages: [{ destinations: [{ to: '+41793026727' }], text: ' ' }] }, 'messages[0].text'],
    ['no messages', {}, 'messages'],
  ])('400 with validation errors for %s', async (_name, body, field) => {
    const { token } = await signIn();
    const res = await sendSms(token, body);
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.requestError.serviceException).toMatchObject({ messageId: 'BAD_REQUEST', text: 'Bad request' });
    expect(error.requestError.serviceException.validationErrors).toHaveProperty([field]);
  });

  it('answers the exact documented error for a bad destination', async () => {
    const { token } = await signIn();
    const res = await sendSms(token, { messages: [{ destinations: [{ to: 'abc' }], text: 'x' }] });
    expect(await res.json()).toEqual({
      requestError: {
        serviceException: {
          messageId: 'BAD_REQUEST',
          text: 'Bad request',
          validationErrors: { 'messages[0].destinations[0].to': ['invalid destination address'] },
        },
      },
    });
  });

  it('requires JSON and a token', async () => {
    const { token } = await signIn();
    expect((await sendSms(token, 'to=1', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await sendSms(token, '{oops')).status).toBe(400);
    expect((await sendSms(undefined, good)).status).toBe(401);
  });

  it('sms: reject answers 400 with the test’s text', async () => {
    sb.behave({ sms: 'reject', smsRejectText: 'Destination blocked <b>x</b>' });
    const { token } = await signIn();
    const res = await sendSms(token, good);
    expect(res.status).toBe(400);
    expect((await res.json()).requestError.serviceException.validationErrors).toEqual({ 'messages[0].destinations[0].to': ['Destination blocked <b>x</b>'] });
    expect(sb.sent).toEqual([]);
  });

  it('sms: unreadable sends the SMS and answers 200 with an HTML page', async () => {
    sb.behave({ sms: 'unreadable' });
    const { token } = await signIn();
    const res = await sendSms(token, good);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sb.sent).toHaveLength(1);
  });
});

describe('SMS logs', () => {
  const good = { messages: [{ destinations: [{ to: '41793026727' }], from: 'InfoSMS', text: 'Hello' }] };
  /** @param {string | undefined} token @param {string} [q] */
  const logs = (token, q = '') => api(`/sms/1/logs${q}`, token);

  it('keeps each SMS sent, pending until a status is set, in Infobip’s shape', async () => {
    const { token } = await signIn();
    const sent = await (await sendSms(token, good)).json();
    const messageId = sent.messages[0].messageId;
    const body = await (await logs(token, `?messageId=${messageId}`)).json();
    expect(body).toEqual({
      results: [
        {
          bulkId: sent.bulkId,
          messageId,
          to: '41793026727',
          from: 'InfoSMS',
          text: 'Hello',
          sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
          smsCount: 1,
          status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
          error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false },
        },
      ],
    });
    sb.setSmsStatus('DELIVERED', messageId);
    const [log] = (await (await logs(token, `?messageId=${messageId}`)).json()).results;
    expect(log.status).toEqual({ groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' });
    expect(log.doneAt).toEqual(expect.any(String));
  });

  it('sets the last SMS’s status through the control endpoint, and refuses an unknown status', async () => {
    const { token } = await signIn();
    await sendSms(token, good);
    expect((await control('sms-status', { status: 'EXPIRED' })).status).toBe(200);
    expect((await (await logs(token)).json()).results[0].status.groupName).toBe('EXPIRED');
    expect((await control('sms-status', { status: 'LOST' })).status).toBe(400);
  });

  it('lists the newest first, filters, and requires a token', async () => {
    const { token } = await signIn();
    await sendSms(token, good);
    await sendSms(token, { messages: [{ destinations: [{ to: '4915112345678' }], text: 'Second' }] });
    expect((await (await logs(token)).json()).results.map((/** @type {any} */ r) => r.text)).toEqual(['Second', 'Hello']);
    expect((await (await logs(token, '?to=41793026727')).json()).results).toHaveLength(1);
    expect((await (await logs(token, '?messageId=0')).json()).results).toEqual([]);
    expect((await logs(token, '?limit=0')).status).toBe(400);
    expect((await logs(undefined)).status).toBe(401);
  });
});

describe('a message written while the card is open', () => {
  it('joins its conversation as the newest, created now', async () => {
    sb.setClock(Date.UTC(2026, 0, 2, 9, 30));
    expect((await control('messages/c1/add', { content: { text: 'Any news?' } })).status).toBe(200);
    const { token } = await signIn();
    const body = await (await messages(token, 'c1', '?orderBy=createdAt:DESC&limit=1')).json();
    expect(body.messages[0]).toMatchObject({
      direction: 'INBOUND',
      from: '41793026727',
      content: { text: 'Any news?' },
      createdAt: '2026-01-02T09:30:00.000+0000',
    });
    expect(body.pagination.totalItems).toBe(6);
    expect((await control('messages/nope/add', { content: { text: 'x' } })).status).toBe(400);
  });
});

describe('media', () => {
  it.each([
    ['e07.png', 'image/png'],
    ['sticker.png', 'image/png'],
    ['clip.webm', 'video/webm'],
    ['voice.wav', 'audio/wav'],
  ])('serves %s as %s', async (file, type) => {
    const res = await fetch(`${sb.url}/media/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(200);
  });
});

describe('CORS', () => {
  it('answers a preflight for the API endpoints', async () => {
    const res = await fetch(`${sb.url}/sms/2/text/advanced`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type, accept, x-api-key, x-access-token');
    expect(res.headers.get('access-control-max-age')).toBeTruthy();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('does not do CORS on the authorize endpoint', async () => {
    const res = await fetch(authorizeUrl(), { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the origin to 404s too', async () => {
    const res = await fetch(`${sb.url}/nope`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('faults and delays', () => {
  it('failNext answers the status the given number of times, then recovers', async () => {
    const { token } = await signIn();
    sb.failNext({ path: '/api/amg', status: 503, count: 2 });
    expect((await portal(token)).status).toBe(503);
    const second = await portal(token);
    expect(second.status).toBe(503);
    expect(second.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await portal(token)).status).toBe(200);
  });

  it('429 carries Retry-After, exposed to scripts', async () => {
    const { token } = await signIn();
    sb.failNext({ path: '/ccaas/', status: 429, retryAfter: 2 });
    const res = await messages(token);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('network destroys the socket', async () => {
    const { token } = await signIn();
    sb.failNext({ path: '/sms/', status: 'network' });
    await expect(sendSms(token, { messages: [{ destinations: [{ to: '41793026727' }], text: 'x' }] })).rejects.toThrow();
    expect(sb.log.at(-1)).toMatchObject({ path: '/sms/2/text/advanced', status: 'network' });
  });

  it('a fault on the token endpoint does not spend the code', async () => {
    sb.failNext({ path: '/exchange/1/oauth/token', status: 502 });
    const { code, verifier } = await getCode();
    expect((await exchange(code, verifier)).status).toBe(502);
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('delayMs slows answers under a prefix', async () => {
    const { token } = await signIn();
    sb.behave({ delayMs: { '/api/amg': 300 } });
    const started = Date.now();
    expect((await portal(token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('failNext refuses nonsense', () => {
    expect(() => sb.failNext({ path: 'api', status: 503 })).toThrow();
    expect(() => sb.failNext({ path: '/api', status: 200 })).toThrow();
  });
});

describe('log', () => {
  it('records method, path, query, selected headers, parsed body and status', async () => {
    const { code, verifier } = await getCode();
    await exchange(code, verifier);
    const [authorize, token] = sb.log;
    expect(authorize).toMatchObject({
      method: 'GET',
      path: '/exchange/1/oauth/authorize',
      status: 302,
      query: { client_id: CLIENT_ID, state: 'WeHH_yy2irpl8UY' },
    });
    expect(token).toMatchObject({
      method: 'POST',
      path: '/exchange/1/oauth/token',
      status: 200,
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      form: { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: CLIENT_ID, redirect_uri: REDIRECT },
    });
    expect(typeof token?.time).toBe('number');
    const { token: t } = await signIn();
    await sendSms(t, { messages: [{ destinations: [{ to: '41793026727' }], text: 'hi' }] });
    expect(sb.log.at(-1)).toMatchObject({ json: { messages: [{ text: 'hi' }] }, headers: { authorization: `IBSSO ${t}` } });
  });
});

describe('control endpoints', () => {
  it('behave, log, reset over HTTP, and they are not logged', async () => {
    const res = await control('behave', { authorize: 'deny', user: { locale: 'ja-JP' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(sb.behaviour).toMatchObject({ authorize: 'deny', user: { locale: 'ja-JP', username: 'developeruser' } });
    expect((await control('behave', { authorize: 'nonsense' })).status).toBe(400);
    expect((await control('behave', { nonsense: 1 })).status).toBe(400);

    await get(authorizeUrl());
    const log = await (await fetch(`${sb.url}/__sandbox/log`)).json();
    expect(log).toHaveLength(1);
    expect(await (await fetch(`${sb.url}/__sandbox/log?path=/sms`)).json()).toHaveLength(0);

    await control('reset');
    expect(sb.behaviour.authorize).toBe('auto');
    expect(sb.log).toHaveLength(0);
  });

  it('expire-tokens and revoke-tokens over HTTP', async () => {
    const a = await signIn();
    await control('expire-tokens');
    expect((await portal(a.token)).status).toBe(401);
    const b = await signIn();
    await control('revoke-tokens');
    expect((await portal(b.token)).status).toBe(401);
  });

  it('fail-next, messages and issue-token over HTTP', async () => {
    const issued = await (await control('issue-token', { user: { username: 'u2' } })).json();
    expect(issued).toMatchObject({ tokenType: 'IBSSO', username: 'u2', token: expect.any(String), expiresAt: expect.any(Number) });
    await control('messages/c9', [{ content: { text: 'new' } }]);
    expect((await (await messages(issued.token, 'c9')).json()).messages[0].content.text).toBe('new');
    await control('fail-next', { path: '/ccaas', status: 504 });
    expect((await messages(issued.token, 'c9')).status).toBe(504);
  });

  it('issueToken mints a usable token with its own lifetime', async () => {
    const t = sb.issueToken({ lifetimeSeconds: 10 });
    expect((await portal(t.token)).status).toBe(200);
    sb.advanceClock(10_001);
    expect((await portal(t.token)).status).toBe(401);
  });

  it('reset restores every default', async () => {
    sb.behave({
      authorize: 'coop',
      token: 'snake',
      refresh: 'fail',
      refreshParam: 'code',
      tokenLifetimeSeconds: 5,
      sendExpiresIn: true,
      portal: '403',
      portalErrorText: 'y',
      sms: 'reject',
      smsRejectText: 'x',
      delayMs: { '/a': 1 },
      user: { username: 'z' },
    });
    sb.setMessages('c1', []);
    sb.failNext({ path: '/', status: 503 });
    sb.reset();
    const fresh = await createInfobipSandbox({ clientId: CLIENT_ID });
    expect(sb.behaviour).toEqual(fresh.behaviour);
    await fresh.close();
    const { token } = await signIn(); // the fault is gone too
    expect((await (await messages(token)).json()).messages).toHaveLength(5);
  });
});

describe('mount', () => {
  it('lets another sandbox answer under a prefix, with CORS and logging', async () => {
    sb.mount('/mico', (_req, res, ctx) => {
      if (ctx.subpath !== '/oauth/token') return false;
      sendJson(res, 200, { access_token: 'a', token_type: 'bearer', expires_in: 86399, got: ctx.form });
      return true;
    });
    const res = await fetch(`${sb.url}/mico/oauth/token`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(await res.json()).toMatchObject({ token_type: 'bearer', got: { grant_type: 'client_credentials' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(sb.log.at(-1)).toMatchObject({ path: '/mico/oauth/token', status: 200 });
    expect((await fetch(`${sb.url}/mico/other`)).status).toBe(404);
  });
});

// -------------------------------------------------------------------------------------------

describe('static server, deploy, host page, startAll', () => {
  /** @type {string} */
  let dist;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'dummy-dist-'));
    mkdirSync(join(dist, 'assets'));
    for (const page of ['index', 'card', 'settings', 'callback']) writeFileSync(join(dist, `${page}.html`), `<!doctype html><title>${page}</title>`);
    writeFileSync(join(dist, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(dist, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(dist, 'config.json'), '{"placeholder":true}');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('deploy copies dist and writes config.json (object, raw text, or none)', () => {
    const dir = deploy({ distDir: dist, config: { clientId: 'x' } });
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ clientId: 'x' });
    expect(readFileSync(join(dir, 'assets', 'app.js'), 'utf8')).toBe('export {};');
    expect(readFileSync(join(dist, 'config.json'), 'utf8')).toBe('{"placeholder":true}'); // dist untouched
    undeploy(dir);
    const raw = deploy({ distDir: dist, config: '{oops' });
    expect(readFileSync(join(raw, 'config.json'), 'utf8')).toBe('{oops');
    undeploy(raw);
    expect(() => deploy({ distDir: join(dist, 'missing'), config: {} })).toThrow(/npm run build/);
  });

  it('static server: sub-path, index.html for dir/, 404 without rewrites, types, caching as a CDN', async () => {
    const server = await createStaticServer({ dir: dist, base: '/apps/card/' });
    try {
      expect(server.url).toMatch(/^http:\/\/localhost:\d+\/apps\/card\/$/);
      const index = await fetch(server.url);
      expect(await index.text()).toContain('<title>index</title>');
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const script = await fetch(`${server.url}assets/app.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${server.url}config.json`)).headers.get('cache-control')).toBe('no-cache');
      expect((await fetch(`${server.url}assets/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect((await fetch(`${server.url}config.json`)).headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect((await fetch(`${server.url}card.html?state=x`)).status).toBe(200);
      expect((await fetch(`${server.url}card`)).status).toBe(404); // no rewrite to card.html
      expect((await fetch(`${server.url}nope/deep/link`)).status).toBe(404);
      expect((await fetch(`${server.url}assets`, { redirect: 'manual' })).status).toBe(301);
      expect((await fetch(`${server.url}assets/`)).status).toBe(404); // no index.html there
      expect((await fetch(`${server.url}..%2f..%2fetc/passwd`)).status).toBe(404);
      expect((await fetch(server.url.replace('/apps/card/', '/card.html'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('host page frames the app cross-site as Infobip would', async () => {
    const appUrl = 'http://localhost:1/apps/card/';
    const host = await createHostServer({ appUrl });
    try {
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await (await fetch(`${host.url}__host/ping`)).json()).toMatchObject({ ok: true });
      /** @param {string} q */
      const frames = async (q) => {
        const html = await (await fetch(`${host.url}${q}`)).text();
        expect(html).toMatch(/<html lang="en">/);
        expect(html).toMatch(/<title>[^<]+<\/title>/);
        expect(html).toContain('<main aria-labelledby="view-heading">');
        return [...html.matchAll(/<iframe ([^>]*)><\/iframe>/g)].map((m) => {
          const attr = m[1] ?? '';
          expect(attr).not.toMatch(/sandbox=/);
          expect(attr).toContain('allow="clipboard-write"');
          expect(attr).toMatch(/title="[^"]+"/);
          expect(attr).toContain('width="360"');
          return new URL((/src="([^"]+)"/.exec(attr)?.[1] ?? '').replaceAll('&#38;', '&'));
        });
      };
      const [one] = await frames('?page=card&conversationId=c2');
      expect(one?.href.startsWith(`${appUrl}card.html?`)).toBe(true);
      expect(one?.searchParams.get('conversationId')).toBe('c2');
      expect(one?.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{15}$/);
      const [again] = await frames('?page=card&conversationId=c2');
      expect(again?.searchParams.get('state')).not.toBe(one?.searchParams.get('state'));

      const [none] = await frames('?page=card');
      expect(none?.searchParams.has('conversationId')).toBe(false);
      const [settings] = await frames('?page=settings');
      expect(settings?.pathname).toBe('/apps/card/settings.html');
      const three = await frames('?page=card&count=3');
      expect(three.map((u) => u.searchParams.get('conversationId'))).toEqual(['c1', 'c2', 'c3']);
      expect(new Set(three.map((u) => u.searchParams.get('state'))).size).toBe(3);
      const [home] = await frames('');
      expect(home?.searchParams.get('conversationId')).toBe('c1');
      expect((await fetch(`${host.url}?page=card&count=9`)).status).toBe(400);
    } finally {
      await host.close();
    }
  });

  it('startAll wires it all: config.json points at the sandbox, redirect URI registered', async () => {
    const world = await startAll({ distDir: dist, clientId: CLIENT_ID, appId: APP_ID });
    try {
      expect(world.appUrl).toMatch(/^http:\/\/localhost:\d+\/apps\/card\/$/);
      expect(world.hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const sbUrl = world.sandbox.url;
      const config = await (await fetch(`${world.appUrl}config.json`)).json();
      expect(config).toEqual({
        clientId: CLIENT_ID,
        appId: APP_ID,
        authorizeUrl: `${sbUrl}/exchange/1/oauth/authorize`,
        tokenUrl: `${sbUrl}/exchange/1/oauth/token`,
        portalApiUrl: `${sbUrl}/api/amg`,
        apiBaseUrl: sbUrl,
        hostOrigins: [world.hostUrl.slice(0, -1)],
        connections: [
          { id: 'mico', kind: 'mico', name: 'Mico Voice AI', baseUrl: `${sbUrl}/mico`, clientId: world.mico.clientId },
          { id: 'fujitsu', kind: 'fujitsu-oauth', name: 'Fujitsu AI platform', baseUrl: `${sbUrl}/fujitsu`, clientId: world.fujitsu.clientId },
        ],
      });
      expect(JSON.stringify(config)).not.toContain(world.mico.clientSecret);
      expect(world.sandbox.app.redirectUris).toEqual([`${world.appUrl}callback.html`]);
      const hostHtml = await (await fetch(world.hostUrl)).text();
      expect(hostHtml).toContain(`${world.appUrl}card.html?state=`);

      world.configFor({ clientId: undefined, scope: 'conversations sms:message:send' });
      const changed = await (await fetch(`${world.appUrl}config.json`)).json();
      expect(changed).not.toHaveProperty('clientId');
      expect(changed.scope).toBe('conversations sms:message:send');
      world.setConfigText('{not json');
      expect(await (await fetch(`${world.appUrl}config.json`)).text()).toBe('{not json');
      world.deleteConfig();
      expect((await fetch(`${world.appUrl}config.json`)).status).toBe(404);
      world.resetConfig();
      expect((await (await fetch(`${world.appUrl}config.json`)).json()).clientId).toBe(CLIENT_ID);
    } finally {
      await world.close();
    }
  });
});

// Keeps the PKCE helper honest against an independent computation.
it('pkceChallenge is base64url(SHA-256(verifier)) without padding', () => {
  const v = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 appendix B
  expect(pkceChallenge(v)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  expect(pkceChallenge(v)).toBe(createHash('sha256').update(v).digest('base64url'));
});
