/**
 * Fujitsu AI platform, legacy tokens: `POST {tokenPath}` with `{ clientId, clientSecret }` answers an
 * access token (1 hour) and a refresh token (1 day); while the refresh token is valid — before or
 * after the access token expires — `PATCH {tokenPath}` with it reissues the access token; once the
 * refresh token is a day old (or refused), a full POST again: the secret is sent as rarely as it can
 * be. The token goes in `X-Access-Token`.
 *
 * The document names only `accessToken`: the answer is also read with snake_case names, and the PATCH
 * body uses the style the answer did. Any other shape is an error naming the connection.
 */
import { ApiError } from '../../shared/api-error';
import { readJson, send } from '../../shared/http';
import type { Expiring } from '../../shared/token-cache';
import { accessTokenMethod } from './access-token';
import { credentialCache } from './credential-cache';
import { endpoint, policy } from './endpoint';
import { invalidAnswer, refusedSignIn } from './sign-in-errors';
import { isHeaderToken, lifetimeSeconds } from './token-fields';
import type { FujitsuLegacyConnection } from '../../shared/connection';
import type { ConnectionDeps, SignInMethod } from './sign-in-method';

const ACCESS_LIFETIME_SECONDS = 3600;
const REFRESH_LIFETIME_SECONDS = 86_400;

type Style = 'camel' | 'snake';

interface LegacyToken extends Expiring {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms: after this only a full POST works. */
  refreshExpiresAt: number;
  /** The answer's naming, which the PATCH body follows. */
  style: Style;
}

const isLegacyToken = (value: unknown): value is LegacyToken => {
  const v = value as LegacyToken | null;
  return isHeaderToken(v?.accessToken) && isHeaderToken(v.refreshToken) && Number.isFinite(v.refreshExpiresAt) && (v.style === 'camel' || v.style === 'snake');
};

const NAMES = {
  camel: { access: 'accessToken', refresh: 'refreshToken', expires: 'expiresIn', refreshExpires: 'refreshTokenExpiresIn' },
  snake: { access: 'access_token', refresh: 'refresh_token', expires: 'expires_in', refreshExpires: 'refresh_token_expires_in' },
} as const;

/**
 * Reads a POST or PATCH answer. `previous` is the token a PATCH renewed: its refresh token is kept
 * when the answer brings no new one.
 */
function readLegacyAnswer(connection: FujitsuLegacyConnection, body: unknown, now: number, previous?: LegacyToken): LegacyToken {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const style: Style | undefined = typeof raw.accessToken === 'string' ? 'camel' : typeof raw.access_token === 'string' ? 'snake' : undefined;
  if (!style || !isHeaderToken(raw[NAMES[style].access])) throw invalidAnswer(connection, 'has no usable accessToken (nor access_token)');
  const names = NAMES[style];
  const expires = lifetimeSeconds(raw[names.expires]);
  const refreshExpires = lifetimeSeconds(raw[names.refreshExpires]);
  if (expires === 'invalid' || refreshExpires === 'invalid') throw invalidAnswer(connection, `has an invalid ${names.expires} or ${names.refreshExpires}`);
  const fresh = raw[names.refresh];
  let refresh: Pick<LegacyToken, 'refreshToken' | 'refreshExpiresAt'>;
  if (isHeaderToken(fresh)) {
    refresh = { refreshToken: fresh, refreshExpiresAt: now + (refreshExpires ?? REFRESH_LIFETIME_SECONDS) * 1000 };
  } else if (fresh === undefined && previous) {
    refresh = { refreshToken: previous.refreshToken, refreshExpiresAt: previous.refreshExpiresAt };
  } else {
    throw invalidAnswer(connection, fresh === undefined ? `has no ${names.refresh}` : `has an invalid ${names.refresh}`);
  }
  return { accessToken: raw[names.access] as string, ...refresh, style, issuedAt: now, expiresAt: now + (expires ?? ACCESS_LIFETIME_SECONDS) * 1000 };
}

/** One JSON request to the token path; a refusal is an error naming the connection. */
async function tokenCall(
  connection: FujitsuLegacyConnection,
  deps: ConnectionDeps,
  method: 'POST' | 'PATCH',
  body: object,
  signal: AbortSignal,
): Promise<unknown> {
  const response = await send(
    endpoint(connection, connection.tokenPath),
    { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body), signal },
    // The client credentials are not consumed by a POST; a PATCH may spend the refresh token.
    policy(deps, method === 'POST'),
  );
  if (!response.ok) throw await refusedSignIn(connection, response);
  return readJson(response);
}

/** A full issue with the client credentials. */
async function issue(connection: FujitsuLegacyConnection, deps: ConnectionDeps, signal: AbortSignal): Promise<LegacyToken> {
  const now = (deps.now ?? Date.now)();
  const body = await tokenCall(connection, deps, 'POST', { clientId: connection.clientId, clientSecret: connection.clientSecret }, signal);
  return readLegacyAnswer(connection, body, now);
}

/** A reissue with the refresh token, named in the style the server answered in. */
async function reissue(connection: FujitsuLegacyConnection, deps: ConnectionDeps, previous: LegacyToken, signal: AbortSignal): Promise<LegacyToken> {
  const now = (deps.now ?? Date.now)();
  const body = await tokenCall(connection, deps, 'PATCH', { [NAMES[previous.style].refresh]: previous.refreshToken }, signal);
  return readLegacyAnswer(connection, body, now, previous);
}

export function fujitsuLegacySignIn(connection: FujitsuLegacyConnection, deps: ConnectionDeps): SignInMethod {
  const now = deps.now ?? Date.now;
  const cache = credentialCache(connection, deps, isLegacyToken, async (previous, signal) => {
    // The document describes PATCH before expiry; a refresh token valid for the day is used after it
    // too, so the client secret travels only when that is refused.
    if (previous && previous.refreshExpiresAt > now()) {
      try {
        return await reissue(connection, deps, previous, signal);
      } catch (error) {
        // A refused or lost PATCH costs nothing: the client credentials still get a new pair.
        if (!(error instanceof ApiError)) throw error;
      }
    }
    return issue(connection, deps, signal);
  });
  return accessTokenMethod(cache, 'X-Access-Token');
}
