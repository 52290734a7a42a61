/** Mico Voice AI's one action: an outbound call by its UID, through the connection's client. */
import { ApiError } from '../../shared/api-error';
import type { ConnectionClient } from './client';
import type { MicoConnection } from '../../shared/connection';

/** `GET {callPath}` with the UID in place of `{uid}`: the call as Mico describes it (any JSON object). */
export async function lookupOutboundCall(client: ConnectionClient, uid: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const connection = client.connection as MicoConnection;
  const answer = await client.getJson(connection.callPath.replace('{uid}', encodeURIComponent(uid.trim())), signal);
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw new ApiError('INVALID_RESPONSE', `"${connection.name}" did not answer an outbound call.`, { retryable: true });
  }
  return answer as Record<string, unknown>;
}
