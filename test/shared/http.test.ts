import { describe, expect, it } from 'vitest';
import { messageFrom } from '../../src/shared/http-attempt';

const infobipError = (validationErrors: unknown) =>
  new Response(JSON.stringify({ requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'Bad request', validationErrors } } }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });

describe("the server's words in an error", () => {
  it('keeps validationErrors as Infobip sends them', async () => {
    const { detail, fields } = await messageFrom(infobipError({ to: ['invalid destination address'] }));
    expect(detail).toBe('Bad request');
    expect(fields).toEqual([{ field: 'to', messages: ['invalid destination address'] }]);
  });

  it('caps validationErrors as it caps the detail: 10 fields, 5 messages each, 500 characters each', async () => {
    const huge = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`.padEnd(2000, 'f'), Array(50).fill('m'.repeat(1000))]));
    const { fields } = await messageFrom(infobipError(huge));
    expect(fields).toHaveLength(10);
    for (const field of fields) {
      expect(field.field).toHaveLength(500);
      expect(field.messages).toHaveLength(5);
      for (const message of field.messages) expect(message).toHaveLength(500);
    }
  });
});
