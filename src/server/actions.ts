/**
 * The named actions the card may ask for, performed by the server with the stored connection's own
 * sign-in method: not a proxy. The URL is the stored connection's, answers are size-limited, and
 * redirects are refused (a redirect could carry the credential elsewhere).
 */
import { ApiError } from '../shared/api-error';
import { connectionClient } from './providers/client';
import type { ProbeResult } from '../shared/wire';
import { lookupOutboundCall } from './providers/outbound-call';
import type { Connection } from '../shared/connection';
import type { ConnectionDeps } from './providers/sign-in-method';

/** Larger answers are refused rather than relayed. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * fetch that never follows a redirect (the 3xx comes back, and the request policy makes it REDIRECTED)
 * and refuses an answer over `limit` bytes with INVALID_RESPONSE (final: the policy does not retry it).
 */
export function limitedFetch(limit = MAX_ANSWER_BYTES, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, { ...init, redirect: 'manual' });
    if (!response.body) return response;
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
    return new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export type Action = { name: 'probe' } | { name: 'lookup-call'; uid: string };

export type ActionResult = { probe: ProbeResult } | { call: Record<string, unknown> };

/** What the card may send for an action, and how its input is read; the URL and path are never among them. */
interface ActionInput {
  fields: readonly string[];
  /** The action, or why the body does not make one. */
  read(body: Record<string, unknown>, connection: Connection): Action | string;
}

const ACTIONS: Record<Action['name'], ActionInput> = {
  probe: { fields: [], read: () => ({ name: 'probe' }) },
  'lookup-call': {
    fields: ['uid'],
    read(body, connection) {
      if (connection.kind !== 'mico') return 'only a Mico Voice AI connection looks up calls';
      const uid = body.uid;
      if (typeof uid !== 'string' || !/^[\w.:-]{1,128}$/.test(uid.trim())) return '"uid" must be 1 to 128 letters, digits, ".", ":", "_" or "-"';
      return { name: 'lookup-call', uid: uid.trim() };
    },
  },
};

/** The input rule of the action called `name`; undefined when there is no such action. */
export const actionInput = (name: string): ActionInput | undefined => (Object.hasOwn(ACTIONS, name) ? ACTIONS[name as Action['name']] : undefined);

export async function perform(action: Action, connection: Connection, deps: ConnectionDeps): Promise<ActionResult> {
  const client = connectionClient(connection, deps);
  if (action.name === 'probe') return { probe: await client.probe() };
  return { call: await lookupOutboundCall(client, action.uid) };
}
