import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { errorFromResponse } from '../../src/shared/http';
import { messageFrom } from '../../src/shared/http-attempt';
import { RUNS, anyJson, anyText } from '../support/property';

/** Infobip's error body with any part missing or wrong, other servers' shapes, and non-JSON. */
const body = fc.oneof(
  anyJson.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        requestError: fc.record(
          {
            serviceException: fc.record(
              {
                messageId: anyText,
                text: fc.oneof(anyText, anyJson),
                validationErrors: fc.oneof(anyJson, fc.dictionary(anyText, fc.array(fc.oneof(anyText, anyJson)))),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        error_description: anyText,
        message: anyJson,
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  anyText,
);

describe('Infobip (and other servers) error answers, against generated bodies', () => {
  it('messageFrom never throws, and what it returns is bounded as the alert shows it', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const { detail, fields } = await messageFrom(new Response(text, { status: 400 }));
        if (detail !== undefined) expect(typeof detail === 'string' && detail.length <= 500 && detail.trim() !== '').toBe(true);
        expect(fields.length).toBeLessThanOrEqual(10);
        for (const f of fields) {
          expect(f.field.length).toBeLessThanOrEqual(500);
          expect(f.messages.length).toBeLessThanOrEqual(5);
          for (const m of f.messages) expect(typeof m === 'string' && m.length <= 500).toBe(true);
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('errorFromResponse gives an ApiError for any status and body, retryable only for 5xx and 429', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 400, max: 599 }), async (text, status) => {
        const error = await errorFromResponse(new Response(text, { status }));
        expect(error).toBeInstanceOf(ApiError);
        expect(error.status).toBe(status);
        expect(error.retryable).toBe(status >= 500 || status === 429);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
