/**
 * What the sign-in methods and the client share: a connection's token cache, URLs under it, the
 * request policy (api/http.ts's timeouts and retries), the errors that name the connection, the
 * client-credentials grant built and checked by oauth4webapi, and the sign-in method of an access
 * token in one header.
 */
import * as oauth from 'oauth4webapi';
import { ApiError } from '../api/api-error';
import { errorFromResponse, send, type RequestPolicy } from '../api/http';
import { isLoopback } from '../config/config';
import { connectionLock, tokenKey } from './keys';
import { createTokenCache, type Expiring, type TokenCache } from '../auth/token-cache';
import type { Connection, ConnectionDeps, SignInMethod } from './types';

/** `path` (starting with /) under the connection's base URL, which may itself end in a path prefix. */
export function endpoint(connection: Connection, path: string): URL {
  return new URL(connection.baseUrl + path);
}

/** The token cache of one connection, under its key and lock. */
export function credentialCache<T extends Expiring>(
  connection: Connection,
  deps: ConnectionDeps,
  isValue: (value: unknown) => value is T,
  obtain: (previous: T | undefined) => Promise<T>,
): TokenCache<T> {
  return createTokenCache({
    store: deps.store,
    key: tokenKey(connection.id),
    lock: connectionLock(connection.id),
    ...(deps.withLock ? { withLock: deps.withLock } : {}),
    now: deps.now ?? Date.now,
    isValue,
    obtain,
  });
}

export function policy(deps: ConnectionDeps, idempotent: boolean): RequestPolicy {
  return { idempotent, timeoutMs: deps.timeoutMs, retries: deps.retries, fetch: deps.fetch, sleep: deps.sleep };
}

/**
 * The token endpoint said no. A 4xx is the admin's to fix (ID, secret, scope, token path), so it says
 * which connection, keeps the server's words, and offers no retry; a 5xx or 429 stays retryable.
 */
export async function refusedSignIn(connection: Connection, response: Response): Promise<ApiError> {
  const error = await errorFromResponse(response);
  if (error.retryable) return error;
  const refused = response.status === 401 || response.status === 403;
  return new ApiError(refused ? 'BAD_CREDENTIALS' : 'NOT_CONFIGURED', `"${connection.name}" refused to sign in (HTTP ${response.status}).`, {
    status: response.status,
    detail: error.detail,
    fields: error.fields,
  });
}

export function invalidAnswer(connection: Connection, why: string, cause?: unknown): ApiError {
  return new ApiError('INVALID_RESPONSE', `The token answer of "${connection.name}" ${why}.`, { cause });
}

/** A positive lifetime in seconds, as a number or numeric string; undefined when absent. */
export function lifetimeSeconds(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : 'invalid';
}

export interface AccessToken extends Expiring {
  accessToken: string;
}

/** The cache has checked issuedAt and expiresAt already. */
export const isAccessToken = (value: unknown): value is AccessToken =>
  typeof (value as AccessToken | null)?.accessToken === 'string' && (value as AccessToken).accessToken !== '';

export interface ClientCredentialsRequest {
  connection: Connection;
  tokenUrl: URL;
  clientId: string;
  auth: oauth.ClientAuth;
  /** Space separated; omitted when empty. */
  scope?: string;
  /** Used when the answer has no `expires_in`. */
  defaultLifetimeSeconds: number;
  /** Fujitsu documents only `access_token`: an answer without `token_type` is then read by the fallback below. */
  tokenTypeOptional?: boolean;
}

/** Step 1: the grant, built by oauth4webapi and sent through api/http.ts (a client credential is not consumed: safe to retry). */
function requestClientCredentials(request: ClientCredentialsRequest, deps: ConnectionDeps): Promise<Response> {
  const as: oauth.AuthorizationServer = { issuer: request.tokenUrl.origin, token_endpoint: request.tokenUrl.href };
  const parameters: Record<string, string> = request.scope ? { scope: request.scope } : {};
  return oauth.clientCredentialsGrantRequest(as, { client_id: request.clientId }, request.auth, parameters, {
    [oauth.customFetch]: (url, init) => send(url, init as RequestInit, policy(deps, true)),
    // Plain http only for the local sandbox; record.ts refuses it anywhere else.
    [oauth.allowInsecureRequests]: isLoopback(request.tokenUrl),
  });
}

/**
 * oauth4webapi insists on `token_type`; Fujitsu's document shows an answer with `access_token` alone.
 * For that answer only, this checks the two fields we use the way oauth4webapi would.
 */
function withoutTokenType(request: ClientCredentialsRequest, body: Record<string, unknown>): { access_token: string; expires_in?: number } {
  if (typeof body.access_token !== 'string' || body.access_token === '') throw invalidAnswer(request.connection, 'has no access_token');
  const expires = lifetimeSeconds(body.expires_in);
  if (expires === 'invalid') throw invalidAnswer(request.connection, 'has an invalid expires_in');
  return { access_token: body.access_token, ...(expires === undefined ? {} : { expires_in: expires }) };
}

/**
 * Step 2: a 200 answer checked by oauth4webapi (or, for an answer without token_type that the method
 * allows, the fallback above), as a cached access token. The body is read once, to see which; oauth4webapi
 * then gets the same answer rebuilt, rather than a clone (happy-dom's clone() empties the original).
 */
async function readClientCredentials(request: ClientCredentialsRequest, response: Response, now: number): Promise<AccessToken> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw invalidAnswer(request.connection, 'is not JSON', cause);
  }
  let answer: { access_token: string; expires_in?: number };
  if (request.tokenTypeOptional && typeof body === 'object' && body !== null && !('token_type' in body)) {
    answer = withoutTokenType(request, body as Record<string, unknown>);
  } else {
    try {
      const again = new Response(text, { status: response.status, headers: response.headers });
      answer = await oauth.processClientCredentialsResponse({ issuer: request.tokenUrl.origin }, { client_id: request.clientId }, again);
    } catch (cause) {
      throw invalidAnswer(request.connection, `could not be used (${cause instanceof Error ? cause.message : 'unreadable'})`, cause);
    }
  }
  const lifetime = answer.expires_in ?? request.defaultLifetimeSeconds;
  return { accessToken: answer.access_token, issuedAt: now, expiresAt: now + lifetime * 1000 };
}

/** A new access token by the client-credentials grant. */
export async function clientCredentials(request: ClientCredentialsRequest, deps: ConnectionDeps): Promise<AccessToken> {
  const now = (deps.now ?? Date.now)();
  const response = await requestClientCredentials(request, deps);
  if (!response.ok) throw await refusedSignIn(request.connection, response);
  return readClientCredentials(request, response, now);
}

/**
 * The sign-in method of an access token sent in header `name` (after `prefix`): the cache fetches
 * and renews it; a 401 means this token is no good, so the next one is obtained (or another page's
 * taken). A 403 is about permissions, which a new token would not change.
 */
export function accessTokenMethod<T extends AccessToken>(cache: TokenCache<T>, name: string, prefix = ''): SignInMethod {
  return {
    refusal: 'a newly issued access token was refused too',
    async headers() {
      return { [name]: prefix + (await cache.current()).accessToken };
    },
    async recover(status, sent) {
      if (status !== 401) return false;
      await cache.recover((token) => prefix + token.accessToken === sent[name]);
      return true;
    },
  };
}
