/**
 * A connection's actions, performed by the server with the stored connection's own sign-in method: not
 * a proxy. The request is built from the admin's stored template (action-request.ts) and sent under the
 * outbound policy (outbound.ts: answers size-limited, no redirect followed), and the card receives only
 * what the action shows (action-result.ts).
 */
import type { Connection } from '../shared/connection';
import type { ActionResult, ConnectionAction } from '../shared/connection-action';
import { errorFromResponse, readJson } from '../shared/http';
import type { BuiltRequest } from './action-request';
import { resultOf } from './action-result';
import { connectionClient, reachability } from './providers/client';
import type { ConnectionDeps } from './providers/sign-in-method';

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
