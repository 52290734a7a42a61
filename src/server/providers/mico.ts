/**
 * Mico Voice AI: OAuth 2.0 client credentials with the secret in the form body (ClientSecretPost) and
 * the documented scopes; `Authorization: Bearer`. The token (Mico's lasts a day) is reused until shortly
 * before `expires_in`, then fetched again. (The card's Mico actions are built from their templates: action-request.ts.)
 */
import * as oauth from 'oauth4webapi';
import { accessTokenMethod, isAccessToken } from './access-token';
import { clientCredentials } from './client-credentials';
import { credentialCache } from './credential-cache';
import { endpoint } from './endpoint';
import type { MicoConnection } from '../../shared/connection';
import type { ConnectionDeps, SignInMethod } from './sign-in-method';

/** When an answer has no `expires_in`: an hour, well inside the day Mico's example shows. */
const DEFAULT_LIFETIME_SECONDS = 3600;

export function micoSignIn(connection: MicoConnection, deps: ConnectionDeps): SignInMethod {
  const cache = credentialCache(connection, deps, isAccessToken, (_previous, signal) =>
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
      signal,
    ),
  );
  return accessTokenMethod(cache, 'Authorization', 'Bearer ');
}
