/**
 * Fields every token answer shares (Infobip's, every connection's), read by one rule: a token any
 * header can carry, and a lifetime that can make a token neither due on arrival nor never due.
 */

/** Printable ASCII, as an HTTP header value allows; a token type is a single word (`IBSSO`). */
export const TOKEN = /^[\x21-\x7e]{1,4096}$/;
export const TOKEN_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** Shorter would renew on nearly every call; longer only delays a renewal that costs one request. */
export const MIN_LIFETIME_SECONDS = 5;
export const MAX_LIFETIME_SECONDS = 86_400;

/**
 * A plain positive decimal: a JSON number above zero, or a string of decimal digits (`"3600"`,
 * `"1.5"`). Hex, exponents, signs, spaces and zero are not; undefined then.
 */
export function positiveDecimal(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,16}(\.\d{1,16})?$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A lifetime in seconds held inside the sane range. */
export function clampLifetime(seconds: number): number {
  return Math.min(MAX_LIFETIME_SECONDS, Math.max(MIN_LIFETIME_SECONDS, seconds));
}
