/**
 * The two token-endpoint steps, built and sent by oauth4webapi; only the answer is read by us, because
 * Infobip's is not an OAuth token response.
 */
import * as oauth from 'oauth4webapi';
import type { Config } from '../config/config';
import { isLoopback } from '../config/config';
import { DEFAULT_TIMEOUT_MS, messageFrom } from '../api/http';
import { AuthError } from './auth-error';
import type { PendingFlow } from './pending-flow';
import { parseTokenAnswer } from './token-answer';
import type { TokenRecord } from './token-record';

export interface EndpointOptions {
  now: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

function server(config: Config): oauth.AuthorizationServer {
  return { issuer: new URL(config.authorizeUrl).origin, authorization_endpoint: config.authorizeUrl, token_endpoint: config.tokenUrl };
}

function requestOptions(config: Config, options: EndpointOptions): oauth.TokenEndpointRequestOptions {
  return {
    signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    // Plain http only for the local sandbox; config.ts already refuses it anywhere else.
    [oauth.allowInsecureRequests]: isLoopback(new URL(config.tokenUrl)),
    ...(options.fetch ? { [oauth.customFetch]: options.fetch } : {}),
  };
}

/** Turns a sent request into a TokenRecord, or an AuthError with the server's words. Never retried: a code or token is consumed by the attempt. */
async function tokenAnswer(config: Config, sent: Promise<Response>, options: EndpointOptions): Promise<TokenRecord> {
  let response: Response;
  try {
    response = await sent;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new AuthError('TIMEOUT', 'The sign-in server took too long to answer.', undefined, { cause: error });
    }
    throw new AuthError('NETWORK', 'The sign-in server could not be reached.', undefined, { cause: error });
  }
  if (!response.ok) {
    const { detail } = await messageFrom(response);
    throw new AuthError('TOKEN_REQUEST_FAILED', `The sign-in server refused the token request (HTTP ${response.status}).`, detail);
  }
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer is not JSON.");
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer is broken JSON.");
  }
  return parseTokenAnswer(body, options.now, config.tokenLifetimeSeconds);
}

/**
 * Checks the authorization answer (`code` + `state`) against the pending flow and exchanges the code.
 * `error=` is read first: oauth4webapi would report the missing state rather than the server's error.
 */
export function checkCallback(config: Config, params: URLSearchParams, expectedState: string): URLSearchParams {
  const error = params.get('error');
  if (error !== null) throw authorizationError(error, params.get('error_description'));
  // oauth4webapi checks state, iss and repeats, but leaves the code to the token request, which would
  // then fail with no AuthError: an answer without exactly one code is refused here.
  if (params.getAll('code').length !== 1 || !params.get('code')) throw new AuthError('INVALID_CALLBACK', 'The sign-in answer has no code.');
  try {
    return oauth.validateAuthResponse(server(config), { client_id: config.clientId }, params, expectedState);
  } catch (cause) {
    const stateProblem = cause instanceof oauth.OperationProcessingError && /state/i.test(cause.message);
    throw new AuthError(stateProblem ? 'STATE_MISMATCH' : 'INVALID_CALLBACK', 'The sign-in answer is not valid.', cause instanceof Error ? cause.message : undefined, { cause });
  }
}

export function authorizationError(error: string, description: string | null): AuthError {
  const interactive = error === 'login_required' || error === 'interaction_required' || error === 'consent_required';
  return new AuthError(
    interactive ? 'INTERACTION_REQUIRED' : 'AUTHORIZATION_DENIED',
    `The sign-in server answered "${error}".`,
    description ?? error,
  );
}

export function exchangeCode(config: Config, flow: PendingFlow, validated: URLSearchParams, options: EndpointOptions): Promise<TokenRecord> {
  const sent = oauth.authorizationCodeGrantRequest(
    server(config),
    { client_id: config.clientId },
    oauth.None(),
    validated,
    flow.redirectUri,
    flow.verifier,
    requestOptions(config, options),
  );
  return tokenAnswer(config, sent, options);
}

/** Infobip's document sends the current token as `code`; OAuth names it `refresh_token`. Send both. */
export function refreshToken(config: Config, record: TokenRecord, options: EndpointOptions): Promise<TokenRecord> {
  const sent = oauth.refreshTokenGrantRequest(server(config), { client_id: config.clientId }, oauth.None(), record.token, {
    ...requestOptions(config, options),
    additionalParameters: { code: record.token },
  });
  return tokenAnswer(config, sent, options).catch((error: unknown) => {
    throw error instanceof AuthError ? new AuthError('REFRESH_FAILED', error.message, error.detail, { cause: error }) : error;
  });
}
