/**
 * The choice of token endpoint, and what the page makes of an answer no real server gives. Both
 * endpoints run for real elsewhere: Infobip's against the sandbox (sign-in.test.ts), the app server's
 * against the built server (test/server/page-sign-in.test.ts).
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

  it("an app server's answer without a session is refused: invalid at sign-in, a failed refresh after", async () => {
    const { options } = answering({ infobip });
    const endpoint = tokenEndpoint(config('https://server.example'));
    await expect(endpoint.exchange(flow, new URLSearchParams({ code: 'C' }), options)).rejects.toMatchObject({ code: 'TOKEN_ANSWER_INVALID' });
    await expect(endpoint.refresh({ token: 'T0', server: CREDENTIAL } as TokenRecord, options)).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  });
});
