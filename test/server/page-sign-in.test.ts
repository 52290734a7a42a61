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
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession } from '../../src/auth/session';
import { saveToken } from '../../src/auth/token-store';
import { memoryStore } from '../../src/shared/key-value-store';
import type { TokenRecord } from '../../src/shared/token-record';
import { sealed } from '../../src/storage/store';
import { APP_ID, CLIENT_ID } from '../support/sandbox';
import { APP_ORIGIN, REDIRECT_URI, useServerWorld } from './support';

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

/** Node's fetch as the page's browser sends: with the page's Origin on every POST. */
const browserFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), origin: APP_ORIGIN } });
const options = () => ({ now: w.sandbox.now(), fetch: browserFetch });

async function signIn() {
  const flow = createPendingFlow(config(), null, '', w.sandbox.now());
  const redirect = await fetch(await authorizationUrl(config(), flow), { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
  const params = new URL(redirect.headers.get('location') ?? '').searchParams;
  return tokenEndpoint(config()).exchange(flow, checkCallback(config(), params, flow.state), options());
}

/** A card's session of `record`, in a store of its own (the browser's IndexedDB, sealed). */
async function card(record: TokenRecord, serverUrl = config().serverUrl) {
  const store = sealed(memoryStore());
  await saveToken(store, record);
  return { store, session: createSession({ config: { ...config(), serverUrl }, store, fetch: browserFetch }, record) };
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

  it('refreshes through the server with the session credential: a new Infobip token, and a new credential the page keeps', async () => {
    const record = await signIn();
    const renewed = await tokenEndpoint(config()).refresh(record, options());
    expect(renewed.token).not.toBe(record.token);
    expect(renewed.server).toMatch(/^[\w-]{43}$/);
    expect(renewed.server).not.toBe(record.server);
    expect((await w.call('GET', '/me', renewed.server)).status).toBe(200);
    expect(w.requests('/exchange/1/oauth/token').map((e) => e.form?.grant_type)).toEqual(['authorization_code', 'refresh_token']);
  });

  it('a sign-in made without the server cannot be refreshed through it: sign in again', async () => {
    const record = await signIn();
    await expect(tokenEndpoint(config()).refresh({ ...record, server: undefined }, options())).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  });

  it("a server session that is gone is a refresh failure, with the server's words", async () => {
    const record = await signIn();
    await w.call('POST', '/auth/sign-out', record.server);
    await expect(tokenEndpoint(config()).refresh(record, options())).rejects.toMatchObject({
      code: 'REFRESH_FAILED',
      detail: 'The session is unknown or has expired: sign in again.',
    });
  });
});

describe('signing out in the page', () => {
  it('ends the server session before it says so: the credential is refused from then on', async () => {
    const record = await signIn();
    const { store, session } = await card(record);
    const heard: unknown[] = [];
    session.subscribe((next) => next === undefined && heard.push(w.call('GET', '/me', record.server)));
    expect(await session.signOut()).toEqual({ serverUnreachable: false });
    // What a copy of the credential gets the moment the card says "signed out", and later.
    expect((await heard[0]) as { status: number }).toMatchObject({ status: 401 });
    expect((await w.call('GET', '/me', record.server)).status).toBe(401);
    expect(await store.get('token')).toBeUndefined();
    expect(w.requests('/exchange/1/oauth/token').map((e) => e.form?.grant_type)).toEqual(['authorization_code']);
  });

  it('ends it with the newest credential, after another card refreshed and so replaced the one this card read', async () => {
    const record = await signIn();
    const { store, session } = await card(record);
    const renewed = await tokenEndpoint(config()).refresh(record, options());
    await saveToken(store, renewed);
    // Past the seconds a replaced credential is still served: only the newest one is the session's now.
    w.sandbox.advanceClock(10_000);
    expect(await session.serverCredential()).toBe(renewed.server);
    expect((await w.call('GET', '/me', renewed.server)).status).toBe(200);
    await session.signOut();
    expect((await w.call('GET', '/me', renewed.server)).status).toBe(401);
  });

  it('signs out here even when the server cannot be reached, and says the server session was kept', async () => {
    const record = await signIn();
    const closed = await listening();
    const { store, session } = await card(record, closed);
    expect(await session.signOut()).toEqual({ serverUnreachable: true });
    expect(await store.get('token')).toBeUndefined();
    await expect(session.current()).rejects.toMatchObject({ code: 'SIGNED_OUT' });
  });
});

/** The URL of a port nothing listens on any more. */
async function listening(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
