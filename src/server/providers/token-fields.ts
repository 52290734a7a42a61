/** The two fields every connection's token answer has, read by the same rules as Infobip's. */
import { TOKEN } from '../../shared/answer-fields';
import { clampLifetime, positiveDecimal } from '../../shared/answer-lifetime';

/** A token a header can carry: printable ASCII, as Infobip's (a NUL, "Ā" or a space would fail every call as unreachable). */
export const isHeaderToken = (value: unknown): value is string => typeof value === 'string' && TOKEN.test(value);

/** A lifetime in seconds (auth/lifetime.ts's one rule, clamped); undefined when absent. */
export function lifetimeSeconds(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const seconds = positiveDecimal(value);
  return seconds === undefined ? 'invalid' : clampLifetime(seconds);
}
