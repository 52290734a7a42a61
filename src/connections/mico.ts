/**
 * Mico Voice AI: OAuth 2.0 client credentials with the secret in the form body (ClientSecretPost) and
 * the documented scopes; `Authorization: Bearer`. The token (Mico's lasts a day) is reused until shortly
 * before `expires_in`, then fetched again. Also the card's one Mico action: an outbound call by UID.
 */
import * as oauth from 'oauth4webapi';
import { ApiError } from '../api/api-error';
import type { ConnectionClient } from './client';
import { accessTokenMethod, isAccessToken } from './access-token';
import { clientCredentials } from './client-credentials';
import { credentialCache } from './credential-cache';
import { endpoint } from './endpoint';
import type { ConnectionDeps, MicoConnection, SignInMethod } from './types';

/** When an answer has no `expires_in`: an hour, well inside the day Mico's example shows. */
const DEFAULT_LIFETIME_SECONDS = 3600;

export function micoSignIn(connection: MicoConnection, deps: ConnectionDeps): SignInMethod {
  const cache = credentialCache(connection, deps, isAccessToken, () =>
    clientCredentials(
      {
        connection,
        tokenUrl: endpoint(connection, connection.tokenPath),
        clientId: connection.clientId,
        auth: oauth.ClientSecretPost(connection.clientSecret),
        scope: connection.scope,
        defaultLifetimeSeconds: DEFAULT_LIFETIME_SECONDS,
      },
      deps,
    ),
  );
  return accessTokenMethod(cache, 'Authorization', 'Bearer ');
}

/** `GET {callPath}` with the UID in place of `{uid}`: the call as Mico describes it (any JSON object). */
export async function lookupOutboundCall(client: ConnectionClient, uid: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const connection = client.connection as MicoConnection;
  const answer = await client.getJson(connection.callPath.replace('{uid}', encodeURIComponent(uid.trim())), signal);
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw new ApiError('INVALID_RESPONSE', `"${connection.name}" did not answer an outbound call.`, { retryable: true });
  }
  return answer as Record<string, unknown>;
}
