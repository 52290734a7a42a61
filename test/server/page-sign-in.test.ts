/**
 * The page's side of sign-in with `serverUrl` in config.json: the code goes to the app server, not to
 * Infobip's token endpoint; the page gets Infobip's answer plus the server's session credential, and
 * refreshes through the server.
 */
import { describe, expect, it } from 'vitest';
import { authorizationUrl, createPendingFlow } from '../../src/auth/pending-flow';
import { checkCallback } from '../../src/auth/authorization-answer';
import { tokenEndpoint } from '../../src/auth/token-endpoint';
import { parseConfig } from '../../src/config/config';
import { APP_ID, CLIENT_ID } from '../support/sandbox';
import { REDIRECT_URI, useServerWorld } from './support';

const w = await useServerWorld();
const config = () =>
  parseConfig(
    {
      clientId: CLIENT_ID,
      appId: APP_ID,
      authorizeUrl: `${w.sandbox.url}/exchange/1/oauth/authorize`,
      tokenUrl: `${w.sandbox.url}/exchange/1/oauth/token`,
      redirectUri: REDIRECT_URI,
      serverUrl: `${w.server.url}/`,
    },
    new URL(REDIRECT_URI),
  );

async function signIn() {
  const flow = createPendingFlow(config(), null, '', w.sandbox.now());
  const redirect = await fetch(await authorizationUrl(config(), flow), { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
  const params = new URL(redirect.headers.get('location') ?? '').searchParams;
  return tokenEndpoint(config()).exchange(flow, checkCallback(config(), params, flow.state), { now: w.sandbox.now() });
}

describe('sign-in through the app server', () => {
  it('sends the code to the server, which exchanges it: the page gets the token, who signed in, and a session credential', async () => {
    const record = await signIn();
    expect(record).toMatchObject({
      tokenType: 'IBSSO',
      identity: { username: 'developeruser', accountKey: '8F0792F86035A9F4290821F1EE6BC06A' },
      server: expect.stringMatching(/^[\w-]{43}$/),
    });
    const exchange = w.requests('/exchange/1/oauth/token');
    expect(exchange).toHaveLength(1);
    // The server made the exchange: no browser Origin on it.
    expect(exchange[0]?.headers.origin).toBeUndefined();
    expect((await w.call('GET', '/me', record.server)).status).toBe(200);
  });

  it('refreshes through the server with the session credential: a new Infobip token, the same server session', async () => {
    const record = await signIn();
    const renewed = await tokenEndpoint(config()).refresh(record, { now: w.sandbox.now() });
    expect(renewed.token).not.toBe(record.token);
    expect(renewed.server).toBe(record.server);
    expect(w.requests('/exchange/1/oauth/token').map((e) => e.form?.grant_type)).toEqual(['authorization_code', 'refresh_token']);
  });

  it('a sign-in made without the server cannot be refreshed through it: sign in again', async () => {
    const record = await signIn();
    await expect(tokenEndpoint(config()).refresh({ ...record, server: undefined }, { now: w.sandbox.now() })).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  });

  it("a server session that is gone is a refresh failure, with the server's words", async () => {
    const record = await signIn();
    await w.call('POST', '/auth/sign-out', record.server);
    await expect(tokenEndpoint(config()).refresh(record, { now: w.sandbox.now() })).rejects.toMatchObject({
      code: 'REFRESH_FAILED',
      detail: 'The session is unknown or has expired: sign in again.',
    });
  });
});
