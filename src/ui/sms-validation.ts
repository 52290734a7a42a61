/** The SMS form's rules, checked before anything is sent so the user fixes mistakes without a round trip. */
import type { SmsInput } from '../api/infobip/sms';
import type { MessageKey } from '../i18n';

export interface SmsDraft {
  to: string;
  text: string;
  from: string;
}

export type SmsField = keyof SmsDraft;
/** Our own rule's message, or the server's words about the field. */
export type SmsErrors = Partial<Record<SmsField, MessageKey | { said: string }>>;

export const MAX_SMS_TEXT = 1600;

/**
 * People paste numbers as "+41 79 302-67-27" or "(079) 302 67 27", and a Japanese IME types
 * "＋８１ ９０－１２３４－５６７８": full-width forms become ASCII (NFKC), separators carry no meaning.
 */
export const normalizeNumber = (value: string): string => value.normalize('NFKC').replace(/[\s().\-‐-―−ー]/g, '');

export const isPhoneNumber = (value: string): boolean => /^\+?\d{3,15}$/.test(normalizeNumber(value));

export function validateSms(draft: SmsDraft): { input?: SmsInput; errors: SmsErrors } {
  const errors: SmsErrors = {};
  const to = normalizeNumber(draft.to);
  const from = draft.from.trim();
  if (!to) errors.to = 'sms.toMissing';
  else if (!isPhoneNumber(to)) errors.to = 'sms.toInvalid';
  if (!draft.text.trim()) errors.text = 'sms.textMissing';
  else if (draft.text.length > MAX_SMS_TEXT) errors.text = 'sms.textLong';
  // Infobip's sender: an alphanumeric name of up to 11 characters, or a number of up to 16 digits.
  if (from && !/^(?:[A-Za-z0-9]{1,11}|\d{1,16})$/.test(from)) errors.from = 'sms.fromInvalid';
  if (Object.keys(errors).length > 0) return { errors };
  return { input: { to, text: draft.text, ...(from ? { from } : {}) }, errors };
}
