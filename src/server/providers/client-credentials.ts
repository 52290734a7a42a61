/**
 * The OAuth 2.0 client-credentials grant of Mico and Fujitsu v2: built and checked by oauth4webapi,
 * sent through shared/http.ts.
 */
import * as oauth from 'oauth4webapi';
import { send } from '../../shared/http';
import { clampLifetime } from '../../shared/answer-lifetime';
import { isLoopback } from '../../shared/secure-url';
import type { AccessToken } from './access-token';
import { policy } from './endpoint';
import { invalidAnswer, refusedSignIn } from './sign-in-errors';
import { isHeaderToken, lifetimeSeconds } from './token-fields';
import type { Connection } from '../../shared/connection';
import type { ConnectionDeps } from './sign-in-method';

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

/** Step 1: the grant, built by oauth4webapi and sent through shared/http.ts (a client credential is not consumed: safe to retry). */
function requestClientCredentials(request: ClientCredentialsRequest, deps: ConnectionDeps, signal?: AbortSignal): Promise<Response> {
  const as: oauth.AuthorizationServer = { issuer: request.tokenUrl.origin, token_endpoint: request.tokenUrl.href };
  const parameters: Record<string, string> = request.scope ? { scope: request.scope } : {};
  return oauth.clientCredentialsGrantRequest(as, { client_id: request.clientId }, request.auth, parameters, {
    ...(signal ? { signal } : {}),
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
  if (!isHeaderToken(body.access_token)) throw invalidAnswer(request.connection, 'has no usable access_token');
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
  if (!isHeaderToken(answer.access_token)) throw invalidAnswer(request.connection, 'has no usable access_token');
  const lifetime = clampLifetime(answer.expires_in ?? request.defaultLifetimeSeconds);
  return { accessToken: answer.access_token, issuedAt: now, expiresAt: now + lifetime * 1000 };
}

/** A new access token by the client-credentials grant; `signal` ends it (the renewal's deadline). */
export async function clientCredentials(request: ClientCredentialsRequest, deps: ConnectionDeps, signal?: AbortSignal): Promise<AccessToken> {
  const now = (deps.now ?? Date.now)();
  const response = await requestClientCredentials(request, deps, signal);
  if (!response.ok) throw await refusedSignIn(request.connection, response);
  return readClientCredentials(request, response, now);
}
