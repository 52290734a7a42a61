/**
 * The server's side of Infobip sign-in: the code exchange and the refresh, sent by oauth4webapi with
 * the client secret when the server has one, and the question the portal answers only for admins.
 */
import * as oauth from 'oauth4webapi';
import { send } from '../shared/http';
import { isLoopback } from '../shared/secure-url';
import { parseTokenAnswer } from '../shared/token-answer';
import type { TokenRecord } from '../shared/token-record';
import { AuthError } from '../shared/auth-error';
import type { ServerConfig } from './config';

export interface InfobipAnswer {
  /** Infobip's JSON, passed on to the page as it came. */
  raw: Record<string, unknown>;
  record: TokenRecord;
}

export interface InfobipDeps {
  config: ServerConfig;
  now: () => number;
  fetch?: typeof fetch;
}

/** What of a refusal is passed on to the page: OAuth's two fields, each this long at most. */
const WORDS_LIMIT = 200;

/**
 * A refusal of the token endpoint: Infobip's status and its words, OAuth's `error` and
 * `error_description` only, each cut short, so nothing else Infobip put in its answer is relayed.
 */
export class UpstreamError extends Error {
  readonly body: { error: string; error_description?: string };
  constructor(
    readonly status: number,
    answer: unknown,
  ) {
    super(`Infobip answered HTTP ${status}`);
    const raw = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
    // Infobip's own error shape, where an endpoint answers in it: its id and text are the same two things.
    const exception = ((raw.requestError as Record<string, unknown> | undefined)?.serviceException ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, WORDS_LIMIT) : undefined);
    const description = text(raw.error_description) ?? text(exception.text);
    this.body = { error: text(raw.error) ?? text(exception.messageId) ?? 'upstream', ...(description ? { error_description: description } : {}) };
  }
}

function server(config: ServerConfig): oauth.AuthorizationServer {
  return { issuer: new URL(config.tokenUrl).origin, token_endpoint: config.tokenUrl };
}

function options(deps: InfobipDeps, extra: Record<string, string> = {}): oauth.TokenEndpointRequestOptions {
  return {
    signal: AbortSignal.timeout(15_000),
    [oauth.allowInsecureRequests]: isLoopback(new URL(deps.config.tokenUrl)),
    ...(deps.fetch ? { [oauth.customFetch]: deps.fetch } : {}),
    additionalParameters: extra,
  };
}

const auth = (config: ServerConfig) => (config.clientSecret ? oauth.ClientSecretPost(config.clientSecret) : oauth.None());

async function answer(sent: Promise<Response>, deps: InfobipDeps): Promise<InfobipAnswer> {
  const now = deps.now();
  const response = await sent;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new UpstreamError(response.status, body ?? { error_description: `Infobip answered HTTP ${response.status}, not in JSON.` });
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer is not a JSON object.");
  // Without a lifetime in the answer, the one the page assumes too, so both see the token expire together.
  const record = parseTokenAnswer(body, now, deps.config.tokenLifetimeSeconds);
  if (!record.identity.accountKey || !record.identity.userKey)
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer names no account or user.");
  return { raw: body as Record<string, unknown>, record };
}

export function exchangeCode(deps: InfobipDeps, code: string, verifier: string, redirectUri: string): Promise<InfobipAnswer> {
  const { config } = deps;
  // The page checked state against its pending flow already; the server sees only the code.
  const params = oauth.validateAuthResponse(server(config), { client_id: config.clientId }, new URLSearchParams({ code }), oauth.skipStateCheck);
  return answer(
    oauth.authorizationCodeGrantRequest(server(config), { client_id: config.clientId }, auth(config), params, redirectUri, verifier, options(deps)),
    deps,
  );
}

/** Infobip's document sends the current token as `code`; OAuth names it `refresh_token`. Both go. */
export function refreshToken(deps: InfobipDeps, token: string): Promise<InfobipAnswer> {
  const { config } = deps;
  return answer(oauth.refreshTokenGrantRequest(server(config), { client_id: config.clientId }, auth(config), token, options(deps, { code: token })), deps);
}

/**
 * Whether this token may read the app's OAuth configuration at Infobip: only the account's admins can,
 * so it is the server's test of an admin. 'refused': Infobip no longer accepts the token (revoked or
 * expired), so its holder is no admin whatever their roles. Undefined when the portal could not say.
 */
export async function canReadAppConfig(deps: InfobipDeps, record: TokenRecord): Promise<boolean | 'refused' | undefined> {
  const url = `${deps.config.portalApiUrl}/exchange/1/apps/${encodeURIComponent(deps.config.appId)}/oauth`;
  try {
    const response = await send(
      url,
      { method: 'GET', headers: { Authorization: `${record.tokenType} ${record.token}`, Accept: 'application/json' } },
      { idempotent: true, retries: 1, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
    );
    // The body holds the app's secrets: never read it.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return true;
    if (response.status === 401) return 'refused';
    if (response.status === 403 || response.status === 404) return false;
    return undefined;
  } catch {
    return undefined;
  }
}
