/**
 * The number an SMS goes to, read the way the agent means it: domestic input in the conversation's
 * country (else the agent's), international input as written, and Infobip's own form (international
 * digits without "+", as conversations show the customer) too. Only a number valid in its country's
 * numbering plan is sent: `12-34` is not read as "1234", nor `090-1234` as "0901234".
 *
 * The `max` metadata (about 20 KB gzip more than `min`): with `min`, isValid() checks only a number's
 * length, so an impossible number of the right length would still be sent. It loads with the SMS form.
 */
import { type CountryCode, type PhoneNumber, getCountryCallingCode, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

export type { CountryCode, PhoneNumber };

/** A number Infobip can send an SMS to: valid, and no extension (a switchboard's, which SMS cannot reach). */
const sendable = (number: PhoneNumber | undefined): PhoneNumber | undefined => (number?.isValid() && !number.ext ? number : undefined);

/** A Japanese IME types "＋８１ ９０ー…": full-width forms become ASCII, the long-vowel mark a dash. */
const ascii = (input: string): string => input.normalize('NFKC').replace(/ー/g, '-').trim();

/** The customer's address from the conversation: international, with or without "+". */
export function conversationNumber(address: string | undefined): PhoneNumber | undefined {
  if (!address || !/^\+?\d+$/.test(address)) return undefined;
  return sendable(parsePhoneNumberFromString(`+${address.replace(/^\+/, '')}`));
}

/** `international`: written with a country code of its own, yet no number: the region played no part. */
export type NumberReading = { number: PhoneNumber } | { problem: 'missing' | 'short' | 'invalid' | 'international' };

export function readNumber(input: string, region: CountryCode | undefined): NumberReading {
  const text = ascii(input);
  if (!text) return { problem: 'missing' };
  // Infobip's form, digits with the country code but no "+"; a leading 0 is a domestic number's trunk prefix.
  const digits = text.replace(/[\s().-]/g, '');
  const international = /^[1-9]\d{6,14}$/.test(digits) ? sendable(parsePhoneNumberFromString(`+${digits}`)) : undefined;
  // The conversation's own number, as Infobip writes it, may also be a valid domestic one (4915112345678
  // read in Germany is 0491 5112345678): digits that begin with the region's own code are Infobip's form.
  if (international && region && digits.startsWith(getCountryCallingCode(region))) return { number: international };
  const read = parsePhoneNumberFromString(text, { ...(region ? { defaultCountry: region } : {}), extract: false });
  const written = sendable(read);
  if (written) return { number: written };
  if (international) return { number: international };
  if (text.startsWith('+') || (read && region && read.countryCallingCode !== getCountryCallingCode(region))) return { problem: 'international' };
  return { problem: region && validatePhoneNumberLength(text, region) === 'TOO_SHORT' ? 'short' : 'invalid' };
}
