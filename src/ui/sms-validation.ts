/** The SMS form's rules, checked before anything is sent so the user fixes mistakes without a round trip. */
import type { SmsInput } from '../api/infobip/sms';
import type { MessageKey } from '../i18n';
import type { NumberReading, PhoneNumber } from './phone-number';

export interface SmsDraft {
  to: string;
  text: string;
  from: string;
}

export type SmsField = keyof SmsDraft;
/** Our own rule's message, or the server's words about the field. */
export type SmsErrors = Partial<Record<SmsField, MessageKey | { said: string }>>;

export const MAX_SMS_TEXT = 1600;

const TO_PROBLEMS = { missing: 'sms.toMissing', short: 'sms.toShort', invalid: 'sms.toWrong', international: 'sms.toWrongInternational' } as const;

/** `to`: the draft's number as read (phone-number.ts); `region`: whether it was read in one. */
export function validateSms(draft: SmsDraft, to: NumberReading, region: string | undefined): { input?: SmsInput; number?: PhoneNumber; errors: SmsErrors } {
  const errors: SmsErrors = {};
  const from = draft.from.trim();
  // Without a region a domestic number cannot be told from a wrong one: the way out is the country code.
  if ('problem' in to) errors.to = region || to.problem === 'missing' || to.problem === 'international' ? TO_PROBLEMS[to.problem] : 'sms.toNoCountry';
  if (!draft.text.trim()) errors.text = 'sms.textMissing';
  else if (draft.text.length > MAX_SMS_TEXT) errors.text = 'sms.textLong';
  // Infobip's sender: an alphanumeric name of up to 11 characters, or a number of up to 16 digits.
  if (from && !/^(?:[A-Za-z0-9]{1,11}|\d{1,16})$/.test(from)) errors.from = 'sms.fromInvalid';
  if (!('number' in to) || Object.keys(errors).length > 0) return { errors };
  // Infobip's documented form: the international number's digits, no "+".
  return { input: { to: to.number.number.slice(1), text: draft.text, ...(from ? { from } : {}) }, number: to.number, errors };
}
