/**
 * The choice of token endpoint, and the app server's wire (CONTRACT §4) as the page sends and reads it;
 * Infobip's own endpoint is run against the sandbox in sign-in.test.ts, the real server in page-sign-in.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tokenEndpoint } from '../../src/auth/token-endpoint';
import { parseConfig } from '../../src/config/config';
import type { TokenRecord } from '../../src/shared/token-record';

const CREDENTIAL = 'c'.repeat(43);
const infobip = { token: 'T1', tokenType: 'IBSSO', user: { username: 'agent', account: { key: 'K' } } };
const flow = { state: 's1', verifier: 'v'.repeat(43), redirectUri: 'https://app.example/callback.html', returnTo: '', createdAt: 0 };
const config = (serverUrl?: string) =>
  parseConfig(
    { clientId: '0123456789abcdef0123456789abcdef', appId: 'app', redirectUri: flow.redirectUri, ...(serverUrl ? { serverUrl } : {}) },
    new URL('https://app.example/card.html'),
  );

/** A fetch that answers `body` as JSON and keeps what it was sent. */
function answering(body: unknown) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  };
  return { sent, options: { now: 0, fetch: fetch as typeof globalThis.fetch } };
}

describe('the token endpoint', () => {
  it("is Infobip's without serverUrl", async () => {
    const { sent, options } = answering(infobip);
    const record = await tokenEndpoint(config()).refresh({ token: 'T0' } as TokenRecord, options);
    expect(sent.map((s) => s.url)).toEqual([config().tokenUrl]);
    expect(record.server).toBeUndefined();
  });

  it("is the app server's with serverUrl: the code as JSON, Infobip's answer and the session back", async () => {
    const { sent, options } = answering({ infobip, session: { credential: CREDENTIAL, expiresAt: 1 } });
    const record = await tokenEndpoint(config('https://server.example')).exchange(flow, new URLSearchParams({ code: 'C' }), options);
    expect(sent[0]?.url).toBe('https://server.example/auth/token');
    expect(sent[0]?.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ code: 'C', code_verifier: flow.verifier, redirect_uri: flow.redirectUri });
    expect(record).toMatchObject({ token: 'T1', server: CREDENTIAL });
  });

  it('refreshes through the app server with the session credential, and no body', async () => {
    const { sent, options } = answering({ infobip, session: { credential: CREDENTIAL } });
    const previous = { token: 'T0', server: CREDENTIAL } as TokenRecord;
    await tokenEndpoint(config('https://server.example')).refresh(previous, options);
    expect(sent[0]?.url).toBe('https://server.example/auth/refresh');
    expect(sent[0]?.init.headers).toEqual({ Accept: 'application/json', Authorization: `Bearer ${CREDENTIAL}` });
    expect(sent[0]?.init.body).toBeUndefined();
  });

  it("an app server's answer without a session is refused: invalid at sign-in, a failed refresh after", async () => {
    const { options } = answering({ infobip });
    const endpoint = tokenEndpoint(config('https://server.example'));
    await expect(endpoint.exchange(flow, new URLSearchParams({ code: 'C' }), options)).rejects.toMatchObject({ code: 'TOKEN_ANSWER_INVALID' });
    await expect(endpoint.refresh({ token: 'T0', server: CREDENTIAL } as TokenRecord, options)).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  });
});
