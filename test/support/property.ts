/** Shared generators for the property tests: any JSON, and answers that are almost right. */
import fc from 'fast-check';

/** Runs per property: a few thousand, so the whole project stays well under a minute. */
export const RUNS = 2000;

/** Any JSON value, deep enough to hold an object of lists of objects. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Text of any characters, including NUL, astral and lone surrogates. */
export const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** What a lifetime field may hold in a hostile answer; the review's counterexamples first. */
export const anyLifetime = fc.oneof(
  fc.constantFrom<unknown>('0x10', 5e-324, 1e306, '1e3', ' 60', '0', 0, -1, '', '3600', 3600, 1.5, null, true, [], {}),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);

/** A token field: the review's counterexamples, printable tokens, and anything else. */
export const anyToken = fc.oneof(
  fc.constantFrom<unknown>('\u0000', 'Ā', ' ', '', 'a b', 'x'.repeat(5000)),
  fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  anyText,
  anyJson,
);

/** An object with each field either taken from `fields` or left out. */
export function someOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: [] });
}
