import { describe, expect, it } from 'vitest';
import { connectionClient } from '../../../src/server/providers/client';
import { readBasic } from '../../sandbox/fujitsu.js';
import { useProviders } from './support';

const p = await useProviders();
const TOKEN = '/fujitsu/auth/v2/tokens';

describe('Fujitsu with OAuth 2.0', () => {
  it('asks for a token with HTTP Basic id:secret and grant_type=client_credentials, then sends X-Access-Token', async () => {
    const client = connectionClient(p.connection('fujitsu-oauth'), p.deps());
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    const [token] = p.requests(TOKEN);
    expect(token?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(token?.form).toEqual({ grant_type: 'client_credentials' });
    // The sandbox's secret holds + / = and its ID - and .: they arrive intact, form-encoded as RFC 6749 says.
    expect(readBasic(token?.headers.authorization, 'form')).toEqual({ id: p.fujitsu.clientId, secret: p.fujitsu.clientSecret });
  });

  it('reuses the 1-hour token, then gets a new one shortly before it expires', async () => {
    const client = connectionClient(p.connection('fujitsu-oauth'), p.deps());
    await client.getJson('/v1/health');
    p.sandbox.advanceClock(59 * 60_000);
    await client.getJson('/v1/health');
    expect(p.requests(TOKEN)).toHaveLength(1);
    p.sandbox.advanceClock(50_000);
    await client.getJson('/v1/health');
    expect(p.requests(TOKEN)).toHaveLength(2);
  });

  it('reads an answer without token_type (oauth4webapi refuses it; the strict fallback takes it)', async () => {
    p.fujitsu.behave({ v2TokenType: false });
    const client = connectionClient(p.connection('fujitsu-oauth'), p.deps());
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
  });

  it('a server that reads Basic credentials as is needs basicEncoding "plain"; the default then fails clearly', async () => {
    p.fujitsu.behave({ basic: 'plain' });
    const wrong = connectionClient(p.connection('fujitsu-oauth'), p.deps());
    await expect(wrong.getJson('/v1/health')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS', status: 401, detail: 'Client authentication failed.' });
    const plain = connectionClient(p.connection('fujitsu-oauth', { basicEncoding: 'plain' }), p.deps());
    await expect(plain.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(readBasic(p.requests(TOKEN).at(-1)?.headers.authorization, 'plain')).toEqual({ id: p.fujitsu.clientId, secret: p.fujitsu.clientSecret });
  });

  it("wrong credentials: an error naming the connection, with the server's words", async () => {
    const client = connectionClient(p.connection('fujitsu-oauth', { clientSecret: 'wrong' }), p.deps());
    const error = await client.getJson('/v1/health').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_CREDENTIALS', status: 401, detail: 'Client authentication failed.' });
    expect((error as Error).message).toBe('"fujitsu-oauth test" refused to sign in (HTTP 401).');
  });

  it('a revoked token: one new token, the request repeated', async () => {
    const client = connectionClient(p.connection('fujitsu-oauth'), p.deps());
    await client.getJson('/v1/health');
    p.fujitsu.revokeTokens();
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.requests(TOKEN)).toHaveLength(2);
  });

  it('the token path is configurable', async () => {
    const client = connectionClient(p.connection('fujitsu-oauth', { tokenPath: '/auth/v3/tokens' }), p.deps());
    await expect(client.getJson('/v1/health')).rejects.toMatchObject({ code: 'NOT_CONFIGURED', status: 404 });
    expect(p.requests('/fujitsu/auth/v3/tokens')).toHaveLength(1);
  });
});
