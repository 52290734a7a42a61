/** Parsers of the Infobip answers the card's first screen never reads: the app's OAuth configuration and a sent SMS. */
import type { AppOAuthConfig, SmsResult } from './infobip';
import { object, optional, text } from './infobip';

const OAUTH_FIELDS = ['clientId', 'clientSecret', 'appId', 'redirectUri', 'signingSecret'] as const;

export function parseAppOAuthConfig(body: unknown): AppOAuthConfig {
  const raw = object(body, 'OAuth configuration');
  return Object.fromEntries(OAUTH_FIELDS.map((field) => [field, text(raw, field)])) as unknown as AppOAuthConfig;
}

export function parseSmsResult(body: unknown): SmsResult {
  const list = object(body, 'SMS result').messages;
  const m = object(Array.isArray(list) ? list[0] : undefined, 'SMS result');
  const status = object(m.status, 'SMS status');
  return {
    messageId: text(m, 'messageId'),
    destination: optional(m, 'destination'),
    status: { groupName: optional(status, 'groupName'), name: text(status, 'name'), description: optional(status, 'description') },
  };
}
