/**
 * The authorization answer that comes back to callback.html or the popup: checked against the pending
 * flow before its code goes to the token endpoint, or read as the sign-in server's refusal.
 */
import * as oauth from 'oauth4webapi';
import type { Config } from '../config/config';
import { AuthError } from '../shared/auth-error';

/** Infobip's sign-in server as oauth4webapi names it. */
export function authorizationServer(config: Config): oauth.AuthorizationServer {
  return { issuer: new URL(config.authorizeUrl).origin, authorization_endpoint: config.authorizeUrl, token_endpoint: config.tokenUrl };
}

/**
 * Checks the authorization answer (`code` + `state`) against the pending flow, before its code is exchanged.
 * `error=` is read first: oauth4webapi would report the missing state rather than the server's error.
 */
export function checkCallback(config: Config, params: URLSearchParams, expectedState: string): URLSearchParams {
  const error = params.get('error');
  if (error !== null) throw authorizationError(error, params.get('error_description'));
  // oauth4webapi checks state, iss and repeats, but leaves the code to the token request, which would
  // then fail with no AuthError: an answer without exactly one code is refused here.
  if (params.getAll('code').length !== 1 || !params.get('code')) throw new AuthError('INVALID_CALLBACK', 'The sign-in answer has no code.');
  try {
    return oauth.validateAuthResponse(authorizationServer(config), { client_id: config.clientId }, params, expectedState);
  } catch (cause) {
    // oauth4webapi names the state it expected when the answer carries another, or none.
    const stateProblem =
      cause instanceof oauth.OperationProcessingError &&
      cause.code === oauth.INVALID_RESPONSE &&
      (cause.cause as { expected?: unknown } | undefined)?.expected === expectedState;
    throw new AuthError(
      stateProblem ? 'STATE_MISMATCH' : 'INVALID_CALLBACK',
      'The sign-in answer is not valid.',
      cause instanceof Error ? cause.message : undefined,
      { cause },
    );
  }
}

export function authorizationError(error: string, description: string | null): AuthError {
  const interactive = error === 'login_required' || error === 'interaction_required' || error === 'consent_required';
  return new AuthError(interactive ? 'INTERACTION_REQUIRED' : 'AUTHORIZATION_DENIED', `The sign-in server answered "${error}".`, description ?? error, {
    sent: error,
  });
}
