import { describe, expect, it } from 'vitest';
import { connectionClient } from '../../../src/server/providers/client';
import { useProviders } from './support';

const p = await useProviders();

describe('the connection client', () => {
  it('probes: status and time taken, sign-in included', async () => {
    p.sandbox.behave({ delayMs: { '/fujitsu/v1/health': 40 } });
    const result = await connectionClient(p.connection('fujitsu-legacy'), p.deps()).probe();
    expect(result.status).toBe(200);
    expect(result.ms).toBeGreaterThanOrEqual(40);
    expect(result.detail).toBeUndefined();
  });

  it("a probe path the server does not know: the status and the server's words, no error", async () => {
    const client = connectionClient(p.connection('fujitsu-api-key', { probePath: '/v1/nothing' }), p.deps());
    await expect(client.probe()).resolves.toMatchObject({ status: 404, detail: 'Resource not found' });
  });

  it('a probe that cannot sign in is an error', async () => {
    const client = connectionClient(p.connection('mico', { clientSecret: 'wrong' }), p.deps());
    await expect(client.probe()).rejects.toMatchObject({ code: 'BAD_CREDENTIALS', detail: 'Client authentication failed' });
  });

  it('a server that does not answer in time is a TIMEOUT, after the shared retries', async () => {
    p.sandbox.behave({ delayMs: { '/fujitsu/v1/health': 300 } });
    const client = connectionClient(p.connection('fujitsu-api-key'), { ...p.deps(), timeoutMs: 50, retries: 1 });
    await expect(client.probe()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(p.requests('/fujitsu/v1/health')).toHaveLength(2);
  });
});
