/** Reading the number an SMS goes to: never a number the agent did not mean. */
import { describe, expect, test } from 'vitest';
import { conversationNumber, readNumber, type CountryCode } from '../../src/ui/phone-number';

const sendsTo = (input: string, region: CountryCode | undefined) => {
  const reading = readNumber(input, region);
  return 'number' in reading ? reading.number.number : reading.problem;
};

describe('the number an SMS goes to', () => {
  test('refuses what is not a whole number: 12-34 is not "1234", 090-1234 is not "0901234"', () => {
    expect(sendsTo('12-34', 'CH')).toBe('short');
    expect(sendsTo('12-34', undefined)).toBe('invalid');
    expect(sendsTo('090-1234', 'JP')).toBe('short');
    expect(sendsTo('call me', 'CH')).toBe('invalid');
    expect(sendsTo('   ', 'CH')).toBe('missing');
  });

  test('refuses a number of the right length that its country does not give out, and an extension', () => {
    expect(sendsTo('+41 00 000 00 00', 'CH')).toBe('international');
    expect(sendsTo('+41 79 302 67 27 ext. 3', 'CH')).toBe('international');
  });

  test('reads a domestic number in the region given', () => {
    expect(sendsTo('090-1234-5678', 'JP')).toBe('+819012345678');
    expect(sendsTo('079 302 67 27', 'CH')).toBe('+41793026727');
    // The same digits are no number in another country: refused, not sent somewhere else.
    expect(sendsTo('090-1234-5678', 'CH')).toBe('invalid');
    expect(sendsTo('090-1234-5678', undefined)).toBe('invalid');
  });

  test('reads an international number as written, whatever the region, with the international prefix too', () => {
    expect(sendsTo('+41 79 302-67-27', 'JP')).toBe('+41793026727');
    expect(sendsTo('0041 79 302 67 27', 'CH')).toBe('+41793026727');
    expect(sendsTo('010 41 79 302 67 27', 'JP')).toBe('+41793026727');
  });

  test("reads Infobip's own form (country code without +) when it is no domestic number", () => {
    expect(sendsTo('4915112345678', 'CH')).toBe('+4915112345678');
    expect(sendsTo('41793026727', undefined)).toBe('+41793026727');
    expect(sendsTo('819012345678', 'JP')).toBe('+819012345678');
  });

  test("reads Infobip's form of a number in the region's own country as that number, though it is also a domestic one", () => {
    // A German conversation's own number: read in Germany it would be 0491 5112345678, in Leer.
    expect(sendsTo('4915112345678', 'DE')).toBe('+4915112345678');
    expect(sendsTo('0151 12345678', 'DE')).toBe('+4915112345678');
  });

  test('reads what a Japanese IME types: full-width digits and plus, the long-vowel mark as a dash', () => {
    expect(sendsTo('＋８１ ９０－１２３４－５６７８', 'US')).toBe('+819012345678');
    expect(sendsTo('０９０ー１２３４ー５６７８', 'JP')).toBe('+819012345678');
  });
});

describe("the conversation's number", () => {
  test("is the customer's international address, with its country", () => {
    expect(conversationNumber('819012345678')?.country).toBe('JP');
    expect(conversationNumber('+41793026727')?.number).toBe('+41793026727');
  });

  test('is none for an address that is no phone number', () => {
    expect(conversationNumber(undefined)).toBeUndefined();
    expect(conversationNumber('ana@example.com')).toBeUndefined();
    expect(conversationNumber('1234')).toBeUndefined();
  });
});

describe('why a number is refused', () => {
  test('a number written with its country code is refused as such, not blamed on the region', () => {
    expect(sendsTo('+41 00 000 00 00', 'JP')).toBe('international');
    expect(sendsTo('0044 1234', 'CH')).toBe('international');
    expect(sendsTo('0041 1234', 'CH')).toBe('short');
  });
});
