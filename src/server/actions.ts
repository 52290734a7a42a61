/**
 * A connection's actions, performed by the server with the stored connection's own sign-in method: not
 * a proxy. The request is built from the admin's stored template (action-request.ts), answers are
 * size-limited, redirects are refused (a redirect could carry the credential elsewhere), and the card
 * receives only what the action shows (action-result.ts).
 */
import { ApiError } from '../shared/api-error';
import type { Connection } from '../shared/connection';
import type { ActionResult, ConnectionAction } from '../shared/connection-action';
import { errorFromResponse, readJson } from '../shared/http';
import type { BuiltRequest } from './action-request';
import { resultOf } from './action-result';
import { connectionClient, reachability } from './providers/client';
import type { ConnectionDeps } from './providers/sign-in-method';

/** Larger answers are refused rather than relayed. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * fetch that never follows a redirect (the 3xx comes back, and the request policy makes it REDIRECTED)
 * and refuses an answer over `limit` bytes with INVALID_RESPONSE (final: the policy does not retry it).
 * The answer is the platform's Response, whatever `inner` built (the outbound policy's is undici's).
 */
export function limitedFetch(limit = MAX_ANSWER_BYTES, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, { ...init, redirect: 'manual' });
    const { status, statusText, headers } = response;
    if (!response.body) return new Response(null, { status, statusText, headers });
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw new ApiError('INVALID_RESPONSE', `The answer is larger than ${limit / 1024} KB.`, { status: response.status });
      }
      chunks.push(value);
    }
    return new Response(Buffer.concat(chunks), { status, statusText, headers });
  };
}

/** Sends the action's built request through the connection, and reads the answer as the action shows it. */
export async function perform(action: ConnectionAction, request: BuiltRequest, connection: Connection, deps: ConnectionDeps): Promise<ActionResult> {
  const client = connectionClient(connection, deps);
  const started = performance.now();
  const response = await client.request(request);
  if (action.show.kind === 'reachable') return { kind: 'reachable', ...(await reachability(response, started)) };
  if (!response.ok) throw await errorFromResponse(response);
  return resultOf(action.show, await readJson(response), connection.name);
}

/** Tests a connection: a GET of its probe path, whatever status comes back. */
export const probe = (connection: Connection, deps: ConnectionDeps) => connectionClient(connection, deps).probe();
