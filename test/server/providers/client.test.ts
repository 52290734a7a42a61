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

  it("an action's POST carries its JSON body and is never repeated after a failure that may have reached the server; a GET is", async () => {
    const client = connectionClient(p.connection('fujitsu-api-key'), { ...p.deps(), retries: 2 });
    const url = new URL(`${p.connection('fujitsu-api-key').baseUrl}/v1/health`);
    p.sandbox.failNext({ path: '/fujitsu/v1/health', status: 503, count: 1 });
    const posted = await client.request({ method: 'POST', url, body: '{"q":"x"}' }).catch((e: unknown) => e);
    expect(posted).toMatchObject({ code: expect.any(String) });
    const [sent] = p.requests('/fujitsu/v1/health');
    // The body as it arrives: the catcher sees it (test/server/routes/actions.test.ts).
    expect(sent?.method).toBe('POST');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(p.requests('/fujitsu/v1/health')).toHaveLength(1);
    p.sandbox.failNext({ path: '/fujitsu/v1/health', status: 503, count: 1 });
    expect((await client.request({ method: 'GET', url })).status).toBe(200);
    expect(p.requests('/fujitsu/v1/health', 'GET')).toHaveLength(2);
  });

  it('a server that does not answer in time is a TIMEOUT, after the shared retries', async () => {
    p.sandbox.behave({ delayMs: { '/fujitsu/v1/health': 300 } });
    const client = connectionClient(p.connection('fujitsu-api-key'), { ...p.deps(), timeoutMs: 50, retries: 1 });
    await expect(client.probe()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(p.requests('/fujitsu/v1/health')).toHaveLength(2);
    // The sandbox still answers both abandoned tries after its delay: they must not take the next test's faults.
    await new Promise((resolve) => setTimeout(resolve, 350));
  });

  it('the whole call — token, request, every retry — ends at its deadline, naming the connection', async () => {
    p.sandbox.behave({ delayMs: { '/fujitsu/oauth/token': 150, '/fujitsu/v1/health': 150 } });
    // Each try alone fits its own timeout; three of them and the token do not fit the deadline.
    const client = connectionClient(p.connection('fujitsu-oauth'), { ...p.deps(), deadlineMs: 400, timeoutMs: 1_000, retries: 2 });
    p.sandbox.failNext({ path: '/fujitsu/v1/health', status: 503, count: 2 });
    const started = performance.now();
    await expect(client.probe()).rejects.toMatchObject({ code: 'TIMEOUT', message: '"fujitsu-oauth test" did not answer within 0.4 s.' });
    expect(performance.now() - started).toBeLessThan(700);
  });

  it('a token endpoint that never answers ends the renewal at the deadline, for whoever waits on it', async () => {
    p.sandbox.behave({ delayMs: { '/mico/oauth/token': 60_000 } });
    const deps = { ...p.deps(), deadlineMs: 300 };
    const started = performance.now();
    const errors = await Promise.all(
      [connectionClient(p.connection('mico'), deps).probe(), connectionClient(p.connection('mico'), deps).probe()].map((call) => call.catch((e: unknown) => e)),
    );
    for (const error of errors) expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(performance.now() - started).toBeLessThan(600);
  });
});
