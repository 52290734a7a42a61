import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { createInfobipClient, type TokenSource } from '../../src/api/infobip/client';
import { getMessages } from '../../src/api/infobip/messages';
import { sendSms } from '../../src/api/infobip/sms';
import { parseConfig } from '../../src/config/config';
import type { TokenRecord } from '../../src/shared/token-record';
import { RUNS, anyJson, anyText, someOf } from '../support/property';

const config = parseConfig(
  { clientId: '0123456789abcdef0123456789abcdef', appId: 'app-1', apiBaseUrl: 'https://xyz.api.infobip.com' },
  new URL('https://cdn.example.com/card.html'),
);
const record: TokenRecord = {
  token: 'abc',
  tokenType: 'IBSSO',
  identity: { username: 'u', email: 'e', roles: [], groups: [] },
  issuedAt: 0,
  expiresAt: Number.MAX_SAFE_INTEGER,
};
const session: TokenSource = { current: async () => record, recover: async () => record };

/** Infobip's 200 answer as raw text: right-ish shapes, any JSON, and non-JSON. */
const message = someOf({
  id: fc.oneof(anyText, anyJson),
  direction: anyJson,
  channel: anyText,
  from: anyText,
  to: anyJson,
  contentType: anyText,
  content: fc.oneof(anyJson, someOf({ text: fc.oneof(anyText, anyJson) })),
  createdAt: fc.oneof(anyText, fc.constant('2024-05-01T10:03:00.000+0000'), anyJson),
});
const messagesAnswer = fc.oneof(anyJson, someOf({ messages: fc.oneof(anyJson, fc.array(message, { maxLength: 4 })) })).map((v) => JSON.stringify(v));
const smsAnswer = fc
  .oneof(
    anyJson,
    someOf({
      messages: fc.oneof(
        anyJson,
        fc.array(
          someOf({
            messageId: fc.oneof(anyText, anyJson),
            destination: anyText,
            status: fc.oneof(anyJson, someOf({ groupName: anyText, name: fc.oneof(anyText, anyJson), description: anyText })),
          }),
          { maxLength: 2 },
        ),
      ),
    }),
  )
  .map((v) => JSON.stringify(v));
const contentType = fc.constantFrom('application/json;charset=UTF-8', 'text/html', '');

function clientAnswering(text: string, type: string) {
  return createInfobipClient(config, session, {
    fetch: async () => new Response(text, { status: 200, headers: type ? { 'content-type': type } : {} }),
    sleep: async () => {},
    retries: 0,
  });
}

describe('Infobip messages and SMS answers, against generated bodies', () => {
  it('messages: either a list of messages with text ids, or an ApiError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(messagesAnswer, anyText), contentType, async (text, type) => {
        try {
          const { messages } = await getMessages(clientAnswering(text, type), 'c1', 0);
          for (const m of messages) {
            expect(typeof m.id).toBe('string');
            for (const field of [m.direction, m.channel, m.from, m.to, m.contentType]) expect(typeof field).toBe('string');
            expect(m.text === undefined || typeof m.text === 'string').toBe(true);
            expect(m.createdAt === undefined || Number.isFinite(m.createdAt)).toBe(true);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).code).toBe('INVALID_RESPONSE');
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('SMS: a 200 answer it cannot read is MAYBE_SENT, never retryable: the agent is never invited to send twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(smsAnswer, anyText), contentType, async (text, type) => {
        try {
          const result = await sendSms(clientAnswering(text, type), { to: '41793026727', text: 'hi' });
          expect(typeof result.messageId).toBe('string');
          expect(typeof result.status.name).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).code).toBe('MAYBE_SENT');
          expect((error as ApiError).retryable).toBe(false);
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
