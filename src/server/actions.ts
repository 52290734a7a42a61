/**
 * The named actions the card may ask for, performed by the server with the stored connection's own
 * sign-in method: not a proxy. The URL is the stored connection's, answers are size-limited, and
 * redirects are refused (a redirect could carry the credential elsewhere).
 */
import { ApiError } from '../shared/api-error';
import { connectionClient, type ConnectionClient } from './providers/client';
import type { ActionAnswer } from '../shared/wire';
import { lookupOutboundCall } from './providers/outbound-call';
import type { Connection } from '../shared/connection';
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

/** One named action: what the card may send for it (never a URL or path), how that is read, and what the server does. */
export interface ActionSpec<Input extends object> {
  fields: readonly string[];
  /** The action's input from the body, or (a string) why the body does not make one. */
  input(body: Record<string, unknown>, connection: Connection): Input | string;
  run(client: ConnectionClient, input: Input): Promise<ActionAnswer>;
}

const probe: ActionSpec<object> = {
  fields: [],
  input: () => ({}),
  run: async (client) => ({ probe: await client.probe() }),
};

const lookupCall: ActionSpec<{ uid: string }> = {
  fields: ['uid'],
  input(body, connection) {
    if (connection.kind !== 'mico') return 'only a Mico Voice AI connection looks up calls';
    const uid = body.uid;
    if (typeof uid !== 'string' || !/^[\w.:-]{1,128}$/.test(uid.trim())) return '"uid" must be 1 to 128 letters, digits, ".", ":", "_" or "-"';
    return { uid: uid.trim() };
  },
  run: async (client, { uid }) => ({ call: await lookupOutboundCall(client, uid) }),
};

const ACTIONS: Record<string, ActionSpec<object>> = { probe, 'lookup-call': lookupCall };

/** The action called `name`; undefined when there is no such action. */
export const action = (name: string): ActionSpec<object> | undefined => (Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined);

/** The probe, the one action the server also runs on its own (to test a connection). */
export const PROBE = probe;

/** Runs an action with the connection's own sign-in method. */
export function perform<Input extends object>(spec: ActionSpec<Input>, input: Input, connection: Connection, deps: ConnectionDeps): Promise<ActionAnswer> {
  return spec.run(connectionClient(connection, deps), input);
}
