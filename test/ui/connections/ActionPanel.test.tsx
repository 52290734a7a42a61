/**
 * An action whose answer was lost (the app server overloaded, 503): the panel says the request may
 * have reached the connection, in the action's words — not the SMS's — and never sends a POST twice.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { screen } from '@testing-library/preact';
import { afterAll, expect, test } from 'vitest';
import { askAiPreset } from '../../../src/shared/action-presets';
import { ActionPanel } from '../../../src/ui/connections/ActionPanel';
import { renderIn } from '../harness';

let posts = 0;
const overloaded = createServer((request, response) => {
  const cors = {
    'Access-Control-Allow-Origin': request.headers.origin ?? '*',
    'Access-Control-Allow-Headers': 'authorization, content-type',
    'Access-Control-Allow-Methods': 'POST',
  };
  if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
  posts++;
  response.writeHead(503, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'UNAVAILABLE', message: 'Busy.' }));
});
await new Promise<void>((resolve) => overloaded.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => overloaded.close(resolve)));
const server = { url: `http://127.0.0.1:${(overloaded.address() as AddressInfo).port}`, credential: async () => 'c'.repeat(43) };

test('a summary whose answer was lost says it may have reached the AI connection, once, with what to do', async () => {
  renderIn(
    'en',
    <ActionPanel
      server={server}
      connectionId="fujitsu"
      name="Fujitsu AI platform"
      action={askAiPreset()}
      values={{ conversationId: 'c1', customerNumber: '447700900123', channel: 'SMS', texts: ['Where is my parcel?'] }}
      onState={() => undefined}
    />,
  );
  const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
  expect(alert.textContent).toContain('The request may or may not have reached Fujitsu AI platform');
  expect(alert.textContent).toContain('Run it again only if you still need its answer');
  expect(alert.textContent).not.toContain('SMS');
  expect(posts).toBe(1);
});
