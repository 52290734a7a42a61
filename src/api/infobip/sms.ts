/** Sending an SMS: loaded with the card's SMS form, the only screen that sends. */
import { object, optional, text } from './answer';
import { apiBase, type InfobipClient } from './client';

export interface SmsInput {
  to: string;
  text: string;
  from?: string;
}

export interface SmsResult {
  messageId: string;
  destination: string;
  status: { groupName: string; name: string; description: string };
}

function parseSmsResult(body: unknown): SmsResult {
  const list = object(body, 'SMS result').messages;
  const m = object(Array.isArray(list) ? list[0] : undefined, 'SMS result');
  const status = object(m.status, 'SMS status');
  return {
    messageId: text(m, 'messageId'),
    destination: optional(m, 'destination'),
    status: { groupName: optional(status, 'groupName'), name: text(status, 'name'), description: optional(status, 'description') },
  };
}

/** Never repeated: a send that may have reached Infobip is MAYBE_SENT, not sent again. */
export async function sendSms(client: InfobipClient, { to, text, from }: SmsInput): Promise<SmsResult> {
  return client.call(
    `${apiBase(client.config)}/sms/2/text/advanced`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ destinations: [{ to }], ...(from ? { from } : {}), text }] }),
    },
    false,
    parseSmsResult,
  );
}
