/**
 * Request bodies have a ceiling (16 KB, 128 KB for actions), whether the client declares the length or
 * streams the body in chunks: a larger one is refused before any route reads it, and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, useServerWorld } from './support';

const w = await useServerWorld();

/** `text` sent as a chunked body: no Content-Length, so the server can only count it as it arrives. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 4096) controller.enqueue(bytes.slice(at, at + 4096));
      controller.close();
    },
  });
}

async function put(path: string, credential: string, body: string, streamed: boolean) {
  const response = await fetch(w.server.url + path, {
    method: 'PUT',
    headers: { origin: APP_ORIGIN, authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: streamed ? chunked(body) : body,
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
}

describe('a request body over its ceiling', () => {
  for (const streamed of [false, true]) {
    const how = streamed ? 'streamed in chunks' : 'with its length declared';
    it(`is refused in words, ${how}, and nothing of it is stored`, async () => {
      const admin = await w.signIn();
      const draft = JSON.stringify({ ...w.draft('fujitsu-api-key'), name: 'x'.repeat(20 * 1024) });
      const id = `too-big-${streamed ? 'streamed' : 'declared'}`;
      const answer = await put(`/connections/${id}`, admin.credential, draft, streamed);
      expect(answer).toEqual({ status: 400, body: expect.objectContaining({ error: 'BAD_REQUEST', message: 'The request body is too large.' }) });
      const list = await w.call('GET', '/connections', admin.credential);
      expect((list.body as { connections: { id: string }[] }).connections.map((connection) => connection.id)).not.toContain(id);
    });

    it(`under its ceiling is read whole, ${how}`, async () => {
      const admin = await w.signIn();
      const answer = await put(
        `/connections/fits-${streamed ? 'streamed' : 'declared'}`,
        admin.credential,
        JSON.stringify(w.draft('fujitsu-api-key')),
        streamed,
      );
      expect(answer.status).toBe(201);
    });
  }

  it('of an action list is 128 KB, not 16 KB: a 20 KB list is read, a 200 KB one refused', async () => {
    const admin = await w.signIn();
    expect((await put('/connections/team', admin.credential, JSON.stringify(w.draft('fujitsu-api-key')), false)).status).toBe(201);
    const padded = (size: number) => JSON.stringify({ actions: [], padding: 'x'.repeat(size) });
    const fits = await put('/connections/team/actions', admin.credential, padded(20 * 1024), true);
    expect(fits.body.message).not.toBe('The request body is too large.');
    const refused = await put('/connections/team/actions', admin.credential, padded(200 * 1024), true);
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ message: 'The request body is too large.' }) });
  });
});
