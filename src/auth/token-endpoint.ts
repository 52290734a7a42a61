/**
 * The two token-endpoint steps, built by oauth4webapi and sent through http.ts like every request (its
 * timeout, its NETWORK and TIMEOUT errors); only the answer is read by us, because Infobip's is not an
 * OAuth token response.
 */
import * as oauth from 'oauth4webapi';
import type { Config } from '../config/config';
import { isLoopback } from '../config/config';
import { ApiError } from '../api/api-error';
import { messageFrom, readJson, send } from '../api/http';
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
  // Never repeated (`retries: 0`): the first attempt spends the code or the token.
  const policy = { idempotent: true, retries: 0, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  return {
    // Plain http only for the local sandbox; config.ts already refuses it anywhere else.
    [oauth.allowInsecureRequests]: isLoopback(new URL(config.tokenUrl)),
    [oauth.customFetch]: (url, init) => send(url, init, policy),
  };
}

/**
 * Turns a sent request into a TokenRecord, or an AuthError with the server's words; no answer at all is
 * http.ts's ApiError (NETWORK or TIMEOUT).
 */
async function tokenAnswer(config: Config, sent: Promise<Response>, options: EndpointOptions): Promise<TokenRecord> {
  const response = await sent;
  if (!response.ok) {
    const { detail } = await messageFrom(response);
    throw new AuthError('TOKEN_REQUEST_FAILED', `The sign-in server refused the token request (HTTP ${response.status}).`, detail);
  }
  let body: unknown;
  try {
    body = await readJson(response);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer is not JSON.", undefined, { cause: error });
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
    // oauth4webapi names the state it expected when the answer carries another, or none.
    const stateProblem = cause instanceof oauth.OperationProcessingError && cause.code === oauth.INVALID_RESPONSE && (cause.cause as { expected?: unknown } | undefined)?.expected === expectedState;
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
