/**
 * The two token-endpoint steps, built by oauth4webapi and sent through http.ts like every request (its
 * timeout, its NETWORK and TIMEOUT errors); only the answer is read by us, because Infobip's is not an
 * OAuth token response.
 */
import * as oauth from 'oauth4webapi';
import type { Config } from '../config/config';
import { isLoopback } from '../shared/secure-url';
import { ApiError } from '../shared/api-error';
import { readJson, send } from '../shared/http';
import { messageFrom, type RequestPolicy } from '../shared/http-attempt';
import { AuthError } from '../shared/auth-error';
import type { PendingFlow } from './pending-flow';
import { parseTokenAnswer } from '../shared/token-answer';
import type { TokenRecord } from '../shared/token-record';
import { SESSION_CREDENTIAL } from '../shared/wire';

export interface EndpointOptions {
  now: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

function server(config: Config): oauth.AuthorizationServer {
  return { issuer: new URL(config.authorizeUrl).origin, authorization_endpoint: config.authorizeUrl, token_endpoint: config.tokenUrl };
}

/** Never repeated (`retries: 0`): the first attempt spends the code or the token. */
function oncePolicy(options: EndpointOptions): RequestPolicy {
  return { idempotent: true, retries: 0, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
}

function requestOptions(config: Config, options: EndpointOptions): oauth.TokenEndpointRequestOptions {
  const policy = oncePolicy(options);
  return {
    // Plain http only for the local sandbox; config.ts already refuses it anywhere else.
    [oauth.allowInsecureRequests]: isLoopback(new URL(config.tokenUrl)),
    [oauth.customFetch]: (url, init) => send(url, init, policy),
  };
}

/**
 * Turns a sent request into a TokenRecord, or an AuthError with the server's words; no answer at all is
 * http.ts's ApiError (NETWORK or TIMEOUT). Through the app server, the answer is Infobip's wrapped
 * with the server's session credential: `{ infobip, session: { credential } }`.
 */
async function tokenAnswer(config: Config, sent: Promise<Response>, options: EndpointOptions, viaServer = false): Promise<TokenRecord> {
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
  if (!viaServer) return parseTokenAnswer(body, options.now, config.tokenLifetimeSeconds);
  const { infobip, session } = (body ?? {}) as { infobip?: unknown; session?: { credential?: unknown } };
  const credential = session?.credential;
  if (typeof credential !== 'string' || !SESSION_CREDENTIAL.test(credential))
    throw new AuthError('TOKEN_ANSWER_INVALID', "The app server's answer has no session.");
  return { ...parseTokenAnswer(infobip, options.now, config.tokenLifetimeSeconds), server: credential };
}

/** A JSON POST to the app server (config.json `serverUrl`), sent like the token endpoint's: once, never redirected. */
function toServer(config: Config, path: string, options: EndpointOptions, init: { body?: unknown; credential?: string }): Promise<Response> {
  const policy = oncePolicy(options);
  return send(
    `${config.serverUrl}${path}`,
    {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.credential ? { Authorization: `Bearer ${init.credential}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    },
    policy,
  );
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
