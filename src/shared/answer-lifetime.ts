/**
 * The lifetime every token answer may give (Infobip's, every connection's), read by one rule: one
 * that can make a token neither due on arrival nor never due.
 */

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
