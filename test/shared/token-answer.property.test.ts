import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/shared/auth-error';
import { MAX_LIFETIME_SECONDS, MIN_LIFETIME_SECONDS } from '../../src/shared/answer-lifetime';
import { parseTokenAnswer } from '../../src/shared/token-answer';
import { isTokenRecord, type TokenRecord } from '../../src/shared/token-record';
import { RUNS, anyJson, anyLifetime, anyText, anyToken, someOf } from '../support/property';

const now = 1_700_000_000_000;
const DEFAULT_SECONDS = 60;

/** Infobip's answer with every field possibly missing or wrong. */
const answer = fc.oneof(
  anyJson,
  someOf({
    token: anyToken,
    access_token: anyToken,
    tokenType: fc.oneof(fc.constant('IBSSO'), anyText, anyJson),
    token_type: fc.oneof(fc.constant('IBSSO'), anyText),
    username: fc.oneof(anyText, anyJson),
    email: anyText,
    roles: fc.oneof(anyJson, fc.array(someOf({ id: fc.oneof(fc.integer(), anyText), name: anyText }))),
    groups: anyJson,
    expires_in: anyLifetime,
    expires_at: fc.oneof(anyLifetime, fc.integer({ min: 0, max: 3e12 })),
    locale: anyText,
  }),
);

function read(body: unknown): TokenRecord | AuthError {
  try {
    return parseTokenAnswer(body, now, DEFAULT_SECONDS);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
}

describe("Infobip's token answer, against generated answers", () => {
  it('throws nothing but TOKEN_ANSWER_INVALID; what it accepts is a storable record with a lifetime of 5 s to a day', () => {
    fc.assert(
      fc.property(answer, (body) => {
        const result = read(body);
        if (result instanceof AuthError) return void expect(result.code).toBe('TOKEN_ANSWER_INVALID');
        expect(isTokenRecord(result)).toBe(true);
        const lifetime = (result.expiresAt - result.issuedAt) / 1000;
        expect(lifetime).toBeGreaterThanOrEqual(MIN_LIFETIME_SECONDS);
        expect(lifetime).toBeLessThanOrEqual(MAX_LIFETIME_SECONDS);
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips: what is accepted survives the store (structured clone) and its own check unchanged', () => {
    fc.assert(
      fc.property(answer, (body) => {
        const result = read(body);
        if (result instanceof AuthError) return;
        const stored = structuredClone(result);
        expect(isTokenRecord(stored)).toBe(true);
        expect(stored).toEqual(result);
      }),
      { numRuns: RUNS },
    );
  });

  it('a lifetime is a plain positive decimal or the answer is refused: hex, exponents and spaces never pass', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('0x10', '1e3', ' 60', '60 ', '+5', '-5', '0'), fc.stringMatching(/^[^0-9]*[0-9a-fx.e +-]+$/)), (lifetime) => {
        const result = read({ token: 'abc', tokenType: 'IBSSO', expires_in: lifetime });
        const plain = /^\d{1,16}(\.\d{1,16})?$/.test(lifetime) && Number(lifetime) > 0;
        expect(result instanceof AuthError).toBe(!plain);
      }),
      { numRuns: RUNS },
    );
  });
});
