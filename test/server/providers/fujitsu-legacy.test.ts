import { describe, expect, it } from 'vitest';
import { connectionClient } from '../../../src/server/providers/client';
import { useProviders } from './support';

const p = await useProviders();
const TOKENS = '/fujitsu/auth/v1/tokens';
const HOUR = 3600_000;

describe('Fujitsu legacy tokens', () => {
  it('issues with a JSON { clientId, clientSecret } and sends X-Access-Token', async () => {
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    const [issue] = p.requests(TOKENS, 'POST');
    expect(issue?.headers['content-type']).toBe('application/json');
    expect(issue?.json).toEqual({ clientId: p.fujitsu.clientId, clientSecret: p.fujitsu.clientSecret });
    expect(p.requests('/fujitsu/v1/health')).toHaveLength(1);
  });

  it('reissues with PATCH and the refresh token shortly before the access token expires', async () => {
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    p.sandbox.advanceClock(HOUR - 20_000);
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    const [patch] = p.requests(TOKENS, 'PATCH');
    expect(patch?.json).toEqual({ refreshToken: expect.any(String) });
    expect(p.requests(TOKENS, 'POST')).toHaveLength(1);
  });

  it('keeps reissuing with PATCH through the day, then a full reissue once the refresh token is a day old', async () => {
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    // Each request comes 20 s before the access token runs out: 24 of them fit in the refresh token's day.
    for (let hour = 1; hour <= 25; hour++) {
      p.sandbox.advanceClock(HOUR - 20_000);
      await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    }
    const tokenCalls = p.requests(TOKENS).map((r: { method: string }) => r.method);
    expect(tokenCalls).toEqual(['POST', ...Array(24).fill('PATCH'), 'POST']);
  });

  it('a card opened after the access token expired reissues with PATCH: the refresh token is still valid, so the secret is not sent again', async () => {
    const deps = p.deps();
    await connectionClient(p.connection('fujitsu-legacy'), deps).getJson('/v1/health');
    p.sandbox.advanceClock(2 * HOUR);
    await expect(connectionClient(p.connection('fujitsu-legacy'), deps).getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.requests(TOKENS).map((r: { method: string; status: unknown }) => [r.method, r.status])).toEqual([
      ['POST', 200],
      ['PATCH', 200],
    ]);
  });

  it('after expiry, a PATCH the server refuses falls back to one POST of the client credentials', async () => {
    const deps = p.deps();
    await connectionClient(p.connection('fujitsu-legacy'), deps).getJson('/v1/health');
    p.sandbox.advanceClock(2 * HOUR);
    p.sandbox.failNext({ path: TOKENS, status: 503 });
    await expect(connectionClient(p.connection('fujitsu-legacy'), deps).getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.requests(TOKENS).map((r: { method: string; status: unknown }) => [r.method, r.status])).toEqual([
      ['POST', 200],
      ['PATCH', 503],
      ['POST', 200],
    ]);
  });

  it('a refresh token the server refuses (expired there, or revoked) falls back to a full reissue', async () => {
    p.fujitsu.behave({ refreshLifetimeSeconds: 1800 }); // the server's day is shorter than the document's
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    p.sandbox.advanceClock(HOUR - 20_000);
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.requests(TOKENS, 'PATCH').map((r: { status: unknown }) => r.status)).toEqual([401]);
    expect(p.requests(TOKENS, 'POST')).toHaveLength(2);
  });

  it('reads snake_case answers and then names the refresh token the same way in PATCH', async () => {
    p.fujitsu.behave({ legacyFields: 'snake' });
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    p.sandbox.advanceClock(HOUR - 20_000);
    await client.getJson('/v1/health');
    const [patch] = p.requests(TOKENS, 'PATCH');
    expect(patch?.json).toEqual({ refresh_token: expect.any(String) });
    expect(patch?.status).toBe(200);
  });

  it('adopts a rotated refresh token from the PATCH answer', async () => {
    p.fujitsu.behave({ rotateRefresh: true });
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    for (let i = 0; i < 2; i++) {
      p.sandbox.advanceClock(HOUR - 20_000);
      await client.getJson('/v1/health');
    }
    const patches = p.requests(TOKENS, 'PATCH');
    expect(patches.map((r: { status: unknown }) => r.status)).toEqual([200, 200]);
    expect(patches[1]?.json).not.toEqual(patches[0]?.json);
  });

  it('an answer with field names it cannot read is a clear error naming the connection', async () => {
    p.fujitsu.behave({ legacyFields: 'unknown' });
    const client = connectionClient(p.connection('fujitsu-legacy', { name: 'Legacy' }), p.deps());
    const error = await client.getJson('/v1/health').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect((error as Error).message).toBe('The token answer of "Legacy" has no usable accessToken (nor access_token).');
  });

  it("wrong credentials: an error naming the connection, with the server's words", async () => {
    const client = connectionClient(p.connection('fujitsu-legacy', { clientId: 'nobody' }), p.deps());
    await expect(client.getJson('/v1/health')).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
      status: 401,
      message: '"fujitsu-legacy test" refused to sign in (HTTP 401).',
      detail: 'Invalid client ID or client secret.',
    });
  });

  it('an access token lifetime of 1e306 s is held at a day, so the token is renewed rather than kept for ever', async () => {
    p.fujitsu.behave({ accessLifetimeSeconds: 1e306 });
    const client = connectionClient(p.connection('fujitsu-legacy'), p.deps());
    await client.getJson('/v1/health');
    p.sandbox.advanceClock(24 * HOUR - 20_000);
    await client.getJson('/v1/health');
    expect(p.requests(TOKENS).map((r: { method: string }) => r.method)).toEqual(['POST', 'PATCH']);
  });
});
