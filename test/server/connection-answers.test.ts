/**
 * What the page reads when a connection answers what the server will not relay — a redirect, or an
 * answer over 64 KB — and that the server asks the provider once, not three times: both are final.
 * Through the real server and the page's own client of it, against the Mico and Fujitsu sandboxes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type AppServer } from '../../src/api/app-server';
import { ApiError } from '../../src/shared/api-error';
import { createCatcher } from '../sandbox/catcher.js';
import { CALL_RUN, shown, useServerWorld } from './support';

const w = await useServerWorld();
const catcher = await createCatcher();
afterAll(() => catcher.close());
beforeEach(() => catcher.reset());
let n = 0;

/** An admin's session, a saved connection of `kind` (tested on save), and the page's view of the server. */
async function saved(kind: string) {
  const admin = await w.signIn();
  const id = `${kind}-${++n}`;
  const answer = await w.call('PUT', `/connections/${id}`, admin.credential, w.draft(kind));
  expect(answer.status, answer.text).toBe(201);
  const server: AppServer = { url: w.server.url, credential: async () => admin.credential };
  return { admin, id, server };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('a connection whose server answers with a redirect', () => {
  it.each(['mico', 'fujitsu-api-key', 'fujitsu-oauth', 'fujitsu-legacy'])(
    '%s: the page reads REDIRECTED with the 307, one request reached the provider, none the other origin',
    async (kind) => {
      const { id, server } = await saved(kind);
      const probePath = kind === 'mico' ? '/mico/v1/campaigns' : '/fujitsu/v1/health';
      const before = w.requests(probePath).length;
      w.sandbox.redirectAll(catcher.url);
      try {
        const error = await failure(runAction(server, id, 'probe', { variables: {} }));
        expect(error.code).toBe('REDIRECTED');
        expect(error.status).toBe(307);
        expect(error.retryable).toBe(false);
      } finally {
        w.sandbox.redirectAll(null);
      }
      expect(w.requests(probePath).length - before).toBe(1);
      expect(catcher.log).toEqual([]);
    },
  );

  it('a redirected token request is sent once: the secret goes to no one else, and the last status says REDIRECTED', async () => {
    const admin = await w.signIn();
    // Saved before the redirect (a change asks Infobip, redirected too, whether the user is an admin),
    // with a secret the provider refuses, so no token is kept: the test after it asks for one.
    await w.call('PUT', '/connections/legacy-redirected', admin.credential, w.draft('fujitsu-legacy', { clientSecret: 'refused' }));
    const before = w.requests('/fujitsu/auth/v1/tokens').length;
    w.sandbox.redirectAll(catcher.url);
    let answer: Awaited<ReturnType<typeof w.call>>;
    try {
      answer = await w.call('POST', '/connections/legacy-redirected/test', admin.credential);
    } finally {
      w.sandbox.redirectAll(null);
    }
    expect(answer.body.lastStatus, answer.text).toMatchObject({ ok: false, code: 'REDIRECTED', status: 307 });
    expect(
      w
        .requests('/fujitsu/auth/v1/tokens')
        .slice(before)
        .map((r: { status: unknown }) => r.status),
    ).toEqual([307]);
    expect(catcher.log).toEqual([]);
  });
});

describe('a connection whose answer is over 64 KB', () => {
  it('the card is told INVALID_RESPONSE, and the provider was asked once', async () => {
    const { admin, id } = await saved('mico');
    w.mico.behave({ answerPadding: 65 * 1024 });
    const answer = await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, CALL_RUN);
    expect(answer.status).toBe(424);
    expect(answer.body).toMatchObject({ error: 'INVALID_RESPONSE', message: expect.stringMatching(/64 KB/) });
    expect(w.requests('/mico/v1/outbound_calls/call_7f3a9c21')).toHaveLength(1);
  });

  it('an answer just under the limit is relayed', async () => {
    const { admin, id } = await saved('mico');
    w.mico.behave({ answerPadding: 60 * 1024 });
    const answer = await w.call('POST', `/connections/${id}/actions/call-by-uid`, admin.credential, CALL_RUN);
    expect(shown(answer.body.result), answer.text).toMatchObject({ 'Call UID': 'call_7f3a9c21' });
  });
});

describe('an answer that is not the server’s (a proxy in front of it)', () => {
  it.each([
    [400, 'null'],
    [424, '7'],
    [502, '<html>Bad gateway</html>'],
  ])('HTTP %i with %s: an ApiError with the status, not a TypeError', async (status, body) => {
    const proxy = createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const server: AppServer = { url: `http://127.0.0.1:${port}`, credential: async () => 'c'.repeat(43) };
      const error = await failure(runAction(server, 'mico', 'probe', { variables: {} }));
      expect(error.status).toBe(status);
    } finally {
      proxy.close();
    }
  });
});
