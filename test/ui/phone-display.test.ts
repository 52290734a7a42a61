import { describe, expect, test } from 'vitest';
import { displayNumber } from '../../src/ui/phone-display';

describe("the header's phone number", () => {
  test('is grouped after its country code: one, two or three digits as ITU assigned them', () => {
    expect(displayNumber('41793026727')).toBe('+41 793 026 727');
    expect(displayNumber('819012345678')).toBe('+81 901 234 5678');
    expect(displayNumber('12025550143')).toBe('+1 202 555 0143');
    expect(displayNumber('79161234567')).toBe('+7 916 123 4567');
    expect(displayNumber('+38591234567')).toBe('+385 912 345 67');
    expect(displayNumber('35312345678')).toBe('+353 123 456 78');
  });

  test('never leaves a digit alone at the end', () => {
    expect(displayNumber('447700900123')).toBe('+44 770 090 0123');
    expect(displayNumber('4915112345678')).toBe('+49 151 123 456 78');
  });

  test('leaves what is not an international number as it came: a sender name, a short code, an email', () => {
    expect(displayNumber('InfoSMS')).toBe('InfoSMS');
    expect(displayNumber('12345')).toBe('12345');
    expect(displayNumber('ana@example.com')).toBe('ana@example.com');
    expect(displayNumber('1234567890123456')).toBe('1234567890123456');
  });
});
