import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api-error';
import { memoryStore } from '../../../src/shared/key-value-store';
import { buildRequest } from '../../../src/server/action-request';
import { connectionClient, type ConnectionClient } from '../../../src/server/providers/client';
import { tokenKey } from '../../../src/server/store/keys';
import { callByUidPreset } from '../../../src/shared/action-presets';
import type { MicoConnection } from '../../../src/shared/connection';
import { errorFromResponse, readJson } from '../../../src/shared/http';
import { MICO_SCOPE } from '../../../src/shared/connection-fields';
import { sampleCall } from '../../sandbox/mico.js';
import { useProviders } from './support';

const p = await useProviders();
const TOKEN = '/mico/oauth/token';
const CALL = 'call_7f3a9c21';

/** Mico's "Outbound call by UID" preset, its request built and sent as the server does for the card: the call as Mico answered it. */
async function lookupOutboundCall(client: ConnectionClient, uid: string): Promise<unknown> {
  const built = buildRequest(client.connection.baseUrl, callByUidPreset((client.connection as MicoConnection).callPath), { input: uid });
  if (!built.ok) throw new Error(`refused: ${built.problem.words}`);
  const response = await client.request(built.request);
  if (!response.ok) throw await errorFromResponse(response);
  return readJson(response);
}

describe('Mico Voice AI', () => {
  it('gets a token by client credentials, form-encoded with the four scopes, and sends it as Bearer', async () => {
    const client = connectionClient(p.connection('mico'), p.deps());
    await expect(lookupOutboundCall(client, CALL)).resolves.toEqual(sampleCall(CALL));
    const [token] = p.requests(TOKEN);
    expect(token?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(token?.form).toEqual({ grant_type: 'client_credentials', client_id: p.mico.clientId, client_secret: p.mico.clientSecret, scope: MICO_SCOPE });
    const [call] = p.requests(`/mico/v1/outbound_calls/${CALL}`);
    expect(call?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('reuses the token until shortly before expires_in, then fetches a new one', async () => {
    const client = connectionClient(p.connection('mico'), p.deps());
    await lookupOutboundCall(client, CALL);
    p.sandbox.advanceClock(23 * 3600_000);
    await lookupOutboundCall(client, CALL);
    expect(p.requests(TOKEN)).toHaveLength(1);
    p.sandbox.advanceClock(3600_000 - 20_000); // 20 s before the 86399 s run out
    await lookupOutboundCall(client, CALL);
    expect(p.requests(TOKEN)).toHaveLength(2);
    const calls = p.requests(`/mico/v1/outbound_calls/${CALL}`);
    expect(calls.at(-1)?.headers.authorization).not.toBe(calls[0]?.headers.authorization);
  });

  it('makes one token request for concurrent lookups, and another card with the same store makes none', async () => {
    const deps = p.deps();
    const client = connectionClient(p.connection('mico'), deps);
    await Promise.all([1, 2, 3, 4, 5].map(() => lookupOutboundCall(client, CALL)));
    await lookupOutboundCall(connectionClient(p.connection('mico'), deps), CALL);
    expect(p.requests(TOKEN)).toHaveLength(1);
  });

  it('after a 401 (the token was revoked) fetches one new token and repeats the lookup', async () => {
    const client = connectionClient(p.connection('mico'), p.deps());
    await lookupOutboundCall(client, CALL);
    p.mico.revokeTokens();
    await expect(lookupOutboundCall(client, CALL)).resolves.toMatchObject({ uid: CALL });
    expect(p.requests(TOKEN)).toHaveLength(2);
  });

  it("wrong credentials: an error naming the connection, with Mico's words, not retried", async () => {
    const client = connectionClient(p.connection('mico', { clientSecret: 'not-the-secret' }), p.deps());
    const error = await lookupOutboundCall(client, CALL).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_CREDENTIALS', status: 401, detail: 'Client authentication failed', retryable: false });
    expect((error as Error).message).toContain('"mico test"');
    expect(p.requests(TOKEN)).toHaveLength(1);
  });

  it('an unknown scope is refused by Mico, and the error says which', async () => {
    const client = connectionClient(p.connection('mico', { scope: 'outbound_calls:read calls:delete' }), p.deps());
    await expect(lookupOutboundCall(client, CALL)).rejects.toMatchObject({
      code: 'NOT_CONFIGURED',
      status: 400,
      detail: expect.stringContaining('calls:delete'),
    });
  });

  it('a token without outbound_calls:read gets 403: shown as such, with no new token', async () => {
    const client = connectionClient(p.connection('mico', { scope: 'campaigns:read' }), p.deps());
    await expect(lookupOutboundCall(client, CALL)).rejects.toMatchObject({ code: 'FORBIDDEN', detail: 'Invalid scope(s) provided.' });
    expect(p.requests(TOKEN)).toHaveLength(1);
  });

  it("an unknown call is NOT_FOUND with Mico's words; the UID is encoded into the path", async () => {
    const client = connectionClient(p.connection('mico'), p.deps());
    await expect(lookupOutboundCall(client, 'no:such')).rejects.toMatchObject({ code: 'NOT_FOUND', detail: 'Outbound call no:such not found.' });
    expect(p.requests('/mico/v1/outbound_calls/no%3Asuch')).toHaveLength(1);
  });

  it("the call path is configurable (Mico's guide puts the API under /api/v1)", async () => {
    p.mico.behave({ apiPrefix: '/api' });
    const client = connectionClient(p.connection('mico', { callPath: '/api/v1/outbound_calls/{uid}' }), p.deps());
    await expect(lookupOutboundCall(client, CALL)).resolves.toMatchObject({ uid: CALL });
  });

  it("accepts the Japanese page's answer with a refresh_token, and a short expires_in", async () => {
    p.mico.behave({ sendRefreshToken: true, tokenLifetimeSeconds: 60 });
    const client = connectionClient(p.connection('mico'), p.deps());
    await lookupOutboundCall(client, CALL);
    p.sandbox.advanceClock(50_000); // inside the last quarter of a 60 s token
    await lookupOutboundCall(client, CALL);
    expect(p.requests(TOKEN)).toHaveLength(2);
  });

  it('a lifetime of 5e-324 s is held at 5 s: one token request for calls within it, not one per call', async () => {
    p.mico.behave({ claimedExpiresIn: 5e-324 });
    const client = connectionClient(p.connection('mico'), p.deps());
    await lookupOutboundCall(client, CALL);
    await lookupOutboundCall(client, CALL);
    expect(p.requests(TOKEN)).toHaveLength(1);
  });

  it.each(['\u0000', 'Ā', ' ', 'a b'])('an access token %j that no header can carry is refused, naming the connection, and not stored', async (issued) => {
    p.mico.behave({ issueAccessToken: issued });
    const store = memoryStore();
    const error = await lookupOutboundCall(connectionClient(p.connection('mico'), p.deps(store)), CALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', message: expect.stringContaining('"mico test"') });
    expect(await store.get(tokenKey('mico-test'))).toBeUndefined();
    expect(p.requests(`/mico/v1/outbound_calls/${CALL}`)).toEqual([]);
  });

  it('a 503 from the token endpoint is retried by the shared request policy', async () => {
    p.sandbox.failNext({ path: TOKEN, status: 503 });
    const client = connectionClient(p.connection('mico'), p.deps());
    await expect(lookupOutboundCall(client, CALL)).resolves.toMatchObject({ uid: CALL });
    expect(p.requests(TOKEN).map((r: { status: unknown }) => r.status)).toEqual([503, 200]);
  });
});
