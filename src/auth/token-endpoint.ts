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

/**
 * Turns a sent request into a TokenRecord, or an AuthError with the server's words. Never retried: a
 * code or token is consumed by the attempt. Through the app server, the answer is Infobip's wrapped
 * with the server's session credential: `{ infobip, session: { credential } }`.
 */
async function tokenAnswer(config: Config, sent: Promise<Response>, options: EndpointOptions, viaServer = false): Promise<TokenRecord> {
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
  if (!viaServer) return parseTokenAnswer(body, options.now, config.tokenLifetimeSeconds);
  const { infobip, session } = (body ?? {}) as { infobip?: unknown; session?: { credential?: unknown } };
  const credential = session?.credential;
  if (typeof credential !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(credential)) throw new AuthError('TOKEN_ANSWER_INVALID', "The app server's answer has no session.");
  return { ...parseTokenAnswer(infobip, options.now, config.tokenLifetimeSeconds), server: credential };
}

/** A JSON POST to the app server (config.json `serverUrl`), under the same timeout as the token endpoint. */
function toServer(config: Config, path: string, options: EndpointOptions, init: { body?: unknown; credential?: string }): Promise<Response> {
  return (options.fetch ?? fetch)(`${config.serverUrl}${path}`, {
    method: 'POST',
    headers: { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(init.credential ? { Authorization: `Bearer ${init.credential}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    credentials: 'omit',
    signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
}

/**
 * Checks the authorization answer (`code` + `state`) against the pending flow and exchanges the code.
 * `error=` is read first: oauth4webapi would report the missing state rather than the server's error.
 */
export function checkCallback(config: Config, params: URLSearchParams, expectedState: string): URLSearchParams {
  const error = params.get('error');
  if (error !== null) throw authorizationError(error, params.get('error_description'));
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
  if (config.serverUrl) {
    // The app server exchanges the code itself (with the client secret, if it has one) and so knows who signed in.
    const body = { code: validated.get('code'), code_verifier: flow.verifier, redirect_uri: flow.redirectUri };
    return tokenAnswer(config, toServer(config, '/auth/token', options, { body }), options, true);
  }
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
  let sent: Promise<Response>;
  if (config.serverUrl) {
    // Signed in before the server was configured: no server session, so sign in again, through it.
    if (!record.server) return Promise.reject(new AuthError('REFRESH_FAILED', 'Sign in again: the app server has no session for this sign-in.'));
    sent = toServer(config, '/auth/refresh', options, { credential: record.server });
  } else {
    sent = oauth.refreshTokenGrantRequest(server(config), { client_id: config.clientId }, oauth.None(), record.token, {
      ...requestOptions(config, options),
      additionalParameters: { code: record.token },
    });
  }
  return tokenAnswer(config, sent, options, config.serverUrl !== undefined).catch((error: unknown) => {
    throw error instanceof AuthError ? new AuthError('REFRESH_FAILED', error.message, error.detail, { cause: error }) : error;
  });
}
