/**
 * What became of a sent SMS, from Infobip's SMS logs (`GET /sms/1/logs`, kept 48 hours): loaded with
 * the message list, which follows the SMS the card sent until their status is final.
 */
import { object, optional, text, unexpected } from './answer';
import { apiBase, type InfobipClient } from './client';
import type { SmsResult } from './sms';

export type SmsStatus = SmsResult['status'];

/** The status groups after which an SMS's status no longer changes. */
const FINAL_GROUPS = ['DELIVERED', 'UNDELIVERABLE', 'EXPIRED', 'REJECTED'];
export const isFinal = (status: SmsStatus) => FINAL_GROUPS.includes(status.groupName);

const parse = (messageId: string) => (body: unknown) => {
  const results = object(body, 'SMS logs').results;
  if (!Array.isArray(results)) throw unexpected('no "results"');
  const log = results.map((item) => object(item, 'SMS log')).find((log) => log.messageId === messageId);
  if (!log) return undefined;
  const status = object(log.status, 'SMS status');
  return { groupName: optional(status, 'groupName'), name: text(status, 'name'), description: optional(status, 'description') };
};

/** The SMS's status now; undefined while Infobip has no log of it yet (a log can follow the send by a few seconds). */
export async function getSmsStatus(client: InfobipClient, messageId: string, signal?: AbortSignal): Promise<SmsStatus | undefined> {
  return client.call(`${apiBase(client.config)}/sms/1/logs?messageId=${encodeURIComponent(messageId)}`, signal ? { signal } : {}, true, parse(messageId));
}
