import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api-error';
import { TOKEN } from '../../../src/shared/answer-fields';
import { MAX_LIFETIME_SECONDS, MIN_LIFETIME_SECONDS } from '../../../src/shared/answer-lifetime';
import { inProcess } from '../../../src/shared/in-process-lock';
import { memoryStore } from '../../../src/shared/key-value-store';
import { connectionClient } from '../../../src/server/providers/client';
import { tokenKey } from '../../../src/server/store/keys';
import { checkDraft, newDraft } from '../../../src/shared/connection-fields';
import type { Connection, ConnectionKind } from '../../../src/shared/connection';
import { RUNS, anyJson, anyLifetime, anyToken, someOf } from '../../support/property';

const now = 1_700_000_000_000;

function connection(kind: ConnectionKind): Connection {
  const checked = checkDraft({
    ...newDraft(kind, 'c1'),
    name: 'Provider',
    baseUrl: 'https://api.example.com',
    clientId: 'id',
    clientSecret: 'secret',
    probePath: '/health',
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.connection;
}

/** The token answers each method reads, with every field possibly missing or hostile. */
const answers: Record<string, fc.Arbitrary<unknown>> = {
  mico: fc.oneof(
    anyJson,
    someOf({
      access_token: anyToken,
      token_type: fc.oneof(fc.constant('bearer'), anyJson),
      expires_in: fc.oneof(anyLifetime, fc.integer({ min: 1, max: 10 ** 7 })),
    }),
  ),
  'fujitsu-oauth': fc.oneof(anyJson, someOf({ access_token: anyToken, expires_in: fc.oneof(anyLifetime, fc.integer({ min: 1, max: 10 ** 7 })) })),
  'fujitsu-legacy': fc.oneof(
    anyJson,
    someOf({ accessToken: anyToken, refreshToken: anyToken, expiresIn: anyLifetime, refreshTokenExpiresIn: anyLifetime }),
    someOf({ access_token: anyToken, refresh_token: anyToken, expires_in: anyLifetime, refresh_token_expires_in: anyLifetime }),
  ),
};

describe('connection token answers (Mico, Fujitsu v2, Fujitsu legacy), against generated answers', () => {
  for (const kind of ['mico', 'fujitsu-oauth', 'fujitsu-legacy'] as const) {
    it(`${kind}: an answer is used only when its token can travel in a header and its lifetime is sane; otherwise an ApiError, nothing stored, nothing sent`, async () => {
      await fc.assert(
        fc.asyncProperty(answers[kind]!, async (answer) => {
          const store = memoryStore();
          const sent: Record<string, string>[] = [];
          const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
            const url = new URL(input instanceof Request ? input.url : input);
            if (url.pathname !== '/health') return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
            sent.push(Object.fromEntries(new Headers(init?.headers)));
            return new Response('{}', { headers: { 'content-type': 'application/json' } });
          };
          const client = connectionClient(connection(kind), {
            store,
            withLock: inProcess,
            now: () => now,
            fetch: fetch as typeof globalThis.fetch,
            sleep: async () => {},
            retries: 0,
          });
          try {
            await client.getJson('/health');
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            expect(await store.get(tokenKey('c1'))).toBeUndefined();
            expect(sent).toEqual([]);
            return;
          }
          // Stored with the version of the connection it was obtained for.
          const stored = ((await store.get(tokenKey('c1'))) as { value: { accessToken: string; expiresAt: number; issuedAt: number } }).value;
          expect(stored.accessToken).toMatch(TOKEN);
          const lifetime = (stored.expiresAt - stored.issuedAt) / 1000;
          expect(lifetime).toBeGreaterThanOrEqual(MIN_LIFETIME_SECONDS);
          expect(lifetime).toBeLessThanOrEqual(MAX_LIFETIME_SECONDS);
          expect(sent).toHaveLength(1);
          expect(Object.values(sent[0]!).some((value) => value.endsWith(stored.accessToken))).toBe(true);
        }),
        { numRuns: RUNS / 2 },
      );
    });
  }
});
