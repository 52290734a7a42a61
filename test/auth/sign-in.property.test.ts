import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/shared/auth-error';
import { completeRedirect } from '../../src/auth/sign-in';
import { sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';
import { checkCallback } from '../../src/auth/authorization-answer';
import { parseConfig } from '../../src/config/config';
import { RUNS, anyText } from '../support/property';

const config = parseConfig({ clientId: '0123456789abcdef0123456789abcdef', appId: 'app-1' }, new URL('https://cdn.example.com/apps/card/card.html'));
const issuer = 'https://oneapi.infobip.com';

/** Callback query strings: the parameters an answer has, repeated, missing, or of any text. */
const params = fc
  .array(
    fc.tuple(
      fc.constantFrom('code', 'state', 'error', 'error_description', 'iss', 'session_state', 'x'),
      fc.oneof(anyText, fc.constant('s1'), fc.constant(issuer)),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => new URLSearchParams(pairs));

describe('callback parameters, against generated answers', () => {
  it('checkCallback throws nothing but an AuthError; what it accepts carries the expected state and one code', () => {
    fc.assert(
      fc.property(params, (query) => {
        try {
          const valid = checkCallback(config, query, 's1');
          expect(query.getAll('state')).toEqual(['s1']);
          expect(query.getAll('code')).toHaveLength(1);
          expect(valid.get('code')).toBe(query.get('code'));
        } catch (error) {
          expect(error).toBeInstanceOf(AuthError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('with no flow pending in this browser, no answer is acted on: nothing is sent, nothing stored, nothing of its words shown', async () => {
    const sent: unknown[] = [];
    await fc.assert(
      fc.asyncProperty(params, async (query) => {
        const store = sealed(memoryStore());
        const outcome = await completeRedirect({ config, store, fetch: async (input) => (sent.push(input), new Response('{}')) }, query);
        expect(outcome.result).toBeInstanceOf(AuthError);
        expect(outcome.result).toMatchObject({ code: 'STATE_MISMATCH', detail: undefined });
        expect(outcome.returnTo).toBeUndefined();
        expect(await store.get('token')).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    expect(sent).toEqual([]);
  });
});
