/**
 * Fujitsu AI platform, OAuth 2.0: client credentials with the ID and secret in HTTP Basic, the token
 * (1 hour) in `X-Access-Token`, reused until shortly before it expires, then obtained the same way.
 */
import * as oauth from 'oauth4webapi';
import { accessTokenMethod, isAccessToken } from './access-token';
import { clientCredentials } from './client-credentials';
import { credentialCache } from './credential-cache';
import { endpoint } from './endpoint';
import type { FujitsuOAuthConnection } from '../../shared/connection';
import type { ConnectionDeps, SignInMethod } from './sign-in-method';

/** The documented lifetime, for an answer without `expires_in`. */
const DEFAULT_LIFETIME_SECONDS = 3600;

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** HTTP Basic with the ID and secret as typed, as Fujitsu's API reference page sends them. */
function plainBasic(clientSecret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${base64(`${client.client_id}:${clientSecret}`)}`);
  };
}

export function fujitsuOAuthSignIn(connection: FujitsuOAuthConnection, deps: ConnectionDeps): SignInMethod {
  const auth = connection.basicEncoding === 'plain' ? plainBasic(connection.clientSecret) : oauth.ClientSecretBasic(connection.clientSecret);
  const cache = credentialCache(connection, deps, isAccessToken, (_previous, signal) =>
    clientCredentials(
      {
        connection,
        tokenUrl: endpoint(connection, connection.tokenPath),
        clientId: connection.clientId,
        auth,
        defaultLifetimeSeconds: DEFAULT_LIFETIME_SECONDS,
        tokenTypeOptional: true,
      },
      deps,
      signal,
    ),
  );
  return accessTokenMethod(cache, 'X-Access-Token');
}
