/**
 * The page's client of the app server, against a loopback server that is overloaded (503): what may be
 * asked again is, and an action that POSTs to its provider is never sent twice.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/api/app-server';
import { ApiError } from '../../src/shared/api-error';

let hits = 0;
const overloaded = createServer((_request, response) => {
  hits++;
  response.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'UNAVAILABLE', message: 'Busy.' }));
});
await new Promise<void>((resolve) => overloaded.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => overloaded.close(resolve)));
const server = { url: `http://127.0.0.1:${(overloaded.address() as AddressInfo).port}`, credential: async () => 'c'.repeat(43) };

describe('running an action through an overloaded app server', () => {
  it('sends an action that POSTs to its provider once, and says it may have been sent', async () => {
    hits = 0;
    const error = await runAction(server, 'fujitsu', 'summarise', { variables: { conversationId: 'c1' } }, { repeatable: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('MAYBE_SENT');
    expect(hits).toBe(1);
  });

  it('asks again for an action that only reads', async () => {
    hits = 0;
    await runAction(server, 'mico', 'calls-with-customer', { variables: { customerNumber: '447700900123' } }).catch(() => undefined);
    expect(hits).toBe(3);
  });
});
