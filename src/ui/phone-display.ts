/**
 * A phone number as the header shows it: `+41 793 026 727`, not `41793026727`. Only grouping, for
 * reading at a glance: the country code by ITU's assignment (1, 7, the two-digit codes, else three),
 * then the rest in threes from the left, a last group of four rather than one. No library: the header
 * is on every card, and the full parser (libphonenumber-js) loads with the composer only.
 */
const COUNTRY = /^(?:1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|\d{3})/;

/** Anything that is not 8–15 digits (an optional `+`) is not a number we know how to group: shown as it came. */
export function displayNumber(address: string): string {
  const digits = /^\+?(\d{8,15})$/.exec(address.trim())?.[1];
  if (!digits) return address;
  const code = COUNTRY.exec(digits)?.[0] ?? '';
  const national = digits.slice(code.length);
  const groups = national.match(/\d{1,3}/g) ?? [];
  const last = groups.at(-1);
  if (groups.length > 1 && last?.length === 1) groups.splice(-2, 2, `${groups.at(-2)}${last}`);
  return `+${code} ${groups.join(' ')}`;
}
