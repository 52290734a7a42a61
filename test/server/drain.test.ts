/**
 * The built app server (`npm run server`, a child process) stopped by SIGTERM while keep-alive clients
 * keep sending actions: every request it took is answered, no client sees its connection reset, and the
 * process ends within its drain deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server';
import { startAppServer } from '../sandbox/app-server.js';
import { useServerWorld } from './support';

const w = await useServerWorld();
/** CONNECTION_DEADLINE_MS (10 s by default) + 5 s: the drain deadline of src/server/server.ts. */
const DRAIN_MS = 15_000;
let server: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  server = await startAppServer({
    env: w.env({ RATE_LIMIT_SESSION: '100000', RATE_LIMIT_ACCOUNT: '1000000' }) as Record<string, string>,
  });
}, 120_000);
afterAll(() => server?.close());

/** Why a request got no answer: the socket error's code (ECONNREFUSED: nothing was sent). */
const failureCode = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
};

describe('SIGTERM during load', () => {
  // On a loaded machine a client can race a connection's keep-alive timeout once; a drain that resets fails every try.
  it('answers every request it took, resets no keep-alive connection, and ends within the drain deadline', { timeout: 60_000, retry: 2 }, async () => {
    const via = { url: server.url } as RunningServer;
    const admin = await w.signIn({}, via);
    expect((await w.call('PUT', '/connections/mico-drain', admin.credential, w.draft('mico'), via)).body.lastStatus).toMatchObject({ ok: true });

    const statuses: number[] = [];
    const failures: string[] = [];
    const answered = Array.from({ length: 16 }, () => 0);
    let stopped = false;
    // Closed-loop clients on keep-alive connections, until the server refuses new ones (it has stopped listening).
    const client = async (_: unknown, i: number) => {
      while (!stopped) {
        try {
          const response = await fetch(`${server.url}/connections/mico-drain/actions/call-by-uid`, {
            method: 'POST',
            headers: { authorization: `Bearer ${admin.credential}`, 'content-type': 'application/json' },
            body: JSON.stringify({ variables: { input: 'call_7f3a9c21' } }),
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
          answered[i]!++;
        } catch (error) {
          const code = failureCode(error);
          if (code !== 'ECONNREFUSED') failures.push(code);
          return;
        }
      }
    };
    const clients = answered.map(client);
    // Every client's connection is open and has carried answers: SIGTERM finds them busy or idle between two requests.
    while (answered.some((count) => count < 3)) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    const exited = server.close().then(() => performance.now() - started);
    const took = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), DRAIN_MS + 5_000))]);
    stopped = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(took).toBeLessThan(DRAIN_MS);
  });
});
