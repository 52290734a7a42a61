/**
 * Parses Infobip's token answer, which is not an OAuth token response (no `access_token`), so
 * oauth4webapi's processAuthorizationCodeResponse() rejects it. Accepts the documented fields and the
 * variants Infobip's own sample reads (`token_type`, `userName`, `expires_in`, `expires_at`); anything
 * malformed is an AuthError and nothing is stored.
 */
import { AuthError } from './auth-error';
import { TOKEN, TOKEN_TYPE } from './answer-fields';
import { clampLifetime, positiveDecimal } from './answer-lifetime';
import type { Identity, Named, TokenRecord } from './token-record';

type Raw = Record<string, unknown>;

function invalid(why: string): AuthError {
  return new AuthError('TOKEN_ANSWER_INVALID', `The sign-in server's token answer ${why}.`);
}

function pick(raw: Raw, names: string[]): unknown {
  for (const name of names) if (raw[name] !== undefined && raw[name] !== null) return raw[name];
  return undefined;
}

function optionalText(raw: Raw, names: string[]): string | undefined {
  const value = pick(raw, names);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`has a "${names[0]}" that is not text`);
  return value;
}

function namedList(raw: Raw, field: string): Named[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`has "${field}" that is not a list`);
  return value.map((item) => {
    const entry = item as Raw;
    if (typeof item !== 'object' || item === null || typeof entry.name !== 'string' || (typeof entry.id !== 'number' && typeof entry.id !== 'string')) {
      throw invalid(`has an entry in "${field}" without an id and a name`);
    }
    return { id: entry.id, name: entry.name };
  });
}

function seconds(value: unknown, field: string): number {
  const n = positiveDecimal(value);
  if (n === undefined) throw invalid(`has a "${field}" that is not a positive number`);
  return n;
}

/** `expires_at` is a lifetime in the sample's README (3600), but an instant by its name: read both. */
function expiryFrom(raw: Raw, now: number, defaultLifetimeSeconds: number): number {
  const expiresIn = pick(raw, ['expires_in', 'expiresIn']);
  if (expiresIn !== undefined) return now + clampLifetime(seconds(expiresIn, 'expires_in')) * 1000;
  const expiresAt = pick(raw, ['expires_at', 'expiresAt']);
  if (expiresAt !== undefined) {
    const n = seconds(expiresAt, 'expires_at');
    const at = n < 1e9 ? now + n * 1000 : n < 1e12 ? n * 1000 : n;
    if (at <= now) throw invalid('says the token has already expired');
    return now + clampLifetime((at - now) / 1000) * 1000;
  }
  return now + defaultLifetimeSeconds * 1000;
}

export function parseTokenAnswer(body: unknown, now: number, defaultLifetimeSeconds: number): TokenRecord {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('is not a JSON object');
  const raw = body as Raw;
  const token = pick(raw, ['token', 'access_token']);
  if (typeof token !== 'string' || !TOKEN.test(token)) throw invalid('has no token');
  const tokenType = pick(raw, ['tokenType', 'token_type']);
  if (typeof tokenType !== 'string' || !TOKEN_TYPE.test(tokenType)) throw invalid('has no token type');
  const identity: Identity = {
    username: optionalText(raw, ['username', 'userName', 'user_name']) ?? '',
    email: optionalText(raw, ['email']) ?? '',
    roles: namedList(raw, 'roles'),
    groups: namedList(raw, 'groups'),
  };
  for (const [field, names] of [
    ['accountKey', ['accountKey', 'account_key']],
    ['userKey', ['userKey', 'user_key']],
    ['locale', ['locale']],
  ] as const) {
    const value = optionalText(raw, [...names]);
    if (value !== undefined) identity[field] = value;
  }
  return { token, tokenType, identity, issuedAt: now, expiresAt: expiryFrom(raw, now, defaultLifetimeSeconds) };
}
