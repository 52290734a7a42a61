/** Counting an SMS's parts as Infobip bills them, for any text: GSM-7 or UCS-2, emoji and escapes counted right. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { smsParts } from '../../src/ui/sms-parts';

const GSM_BASIC = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'];
const GSM_EXTENSION = [...'^{}\\[~]|€\f'];
const gsmText = (chars: string[], maxLength = 800) => fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));
/** Characters outside GSM-7 in the Basic Multilingual Plane: one UTF-16 unit each. */
const bmpNonGsm = fc.constantFrom(...'あ日本語カナ’“”—ąčÁ');
const emoji = fc.constantFrom('😀', '👍', '🇯🇵', '👨‍👩‍👧', '𠮷');

describe('parts of an SMS', () => {
  test('plain GSM-7: 160 in one SMS, else 153 a part', () => {
    fc.assert(
      fc.property(gsmText(GSM_BASIC), (text) => {
        const n = text.length;
        expect(smsParts(text)).toMatchObject({ encoding: 'GSM-7', used: n, parts: n === 0 ? 0 : n <= 160 ? 1 : Math.ceil(n / 153) });
      }),
    );
  });

  test('GSM-7 extension characters count two, and a part never splits one', () => {
    fc.assert(
      fc.property(gsmText([...GSM_BASIC, ...GSM_EXTENSION]), (text) => {
        const ext = [...text].filter((c) => GSM_EXTENSION.includes(c)).length;
        const used = text.length + ext;
        const { encoding, parts } = smsParts(text);
        expect(encoding).toBe('GSM-7');
        expect(smsParts(text).used).toBe(used);
        if (used <= 160) expect(parts).toBe(used === 0 ? 0 : 1);
        // An escape kept whole can leave a part one septet short, never more.
        else {
          expect(parts).toBeGreaterThanOrEqual(Math.ceil(used / 153));
          expect(parts).toBeLessThanOrEqual(Math.ceil(used / 152));
        }
      }),
    );
  });

  test('one character outside GSM-7 makes the whole text UCS-2: 70 UTF-16 units in one SMS, else 67 a part', () => {
    fc.assert(
      fc.property(gsmText(GSM_BASIC, 400), bmpNonGsm, fc.nat(), (text, odd, at) => {
        const i = at % (text.length + 1);
        const mixed = text.slice(0, i) + odd + text.slice(i);
        const n = mixed.length;
        expect(smsParts(mixed)).toMatchObject({ encoding: 'UCS-2', used: n, parts: n <= 70 ? 1 : Math.ceil(n / 67), unicodeBecause: odd });
      }),
    );
  });

  test('an emoji counts its UTF-16 units (two or more), and a part never splits a surrogate pair', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(bmpNonGsm, emoji), { minLength: 1, maxLength: 300 }), (pieces) => {
        const text = pieces.join('');
        const { encoding, used, parts } = smsParts(text);
        expect(encoding).toBe('UCS-2');
        expect(used).toBe(text.length);
        if (used <= 70) expect(parts).toBe(1);
        else {
          expect(parts).toBeGreaterThanOrEqual(Math.ceil(used / 67));
          expect(parts).toBeLessThanOrEqual(Math.ceil(used / 66));
        }
      }),
    );
  });

  test('typing one more character never makes the SMS cheaper', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(fc.constantFrom(...GSM_BASIC, ...GSM_EXTENSION), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
          maxLength: 400,
        }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }),
        (text, more) => {
          const before = smsParts(text);
          const after = smsParts(text + more);
          expect(after.parts).toBeGreaterThanOrEqual(before.parts);
          if (after.encoding === before.encoding) expect(after.used).toBeGreaterThan(before.used);
          expect(after.room).toBeGreaterThanOrEqual(after.used);
        },
      ),
    );
  });
});

describe('the boundaries', () => {
  test.each([
    ['x'.repeat(160), 'GSM-7', 1],
    ['x'.repeat(161), 'GSM-7', 2],
    ['x'.repeat(306), 'GSM-7', 2],
    ['x'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    ['あ'.repeat(70), 'UCS-2', 1],
    ['あ'.repeat(71), 'UCS-2', 2],
    ['😀'.repeat(35), 'UCS-2', 1],
    ['😀'.repeat(36), 'UCS-2', 2],
    // 67 units a part: 33 emoji (66 units) fit, the 34th would split its pair, so it starts the next.
    ['😀'.repeat(67), 'UCS-2', 3],
    ['', 'GSM-7', 0],
  ] as const)('%#: %s', (text, encoding, parts) => {
    expect(smsParts(text)).toMatchObject({ encoding, parts });
  });
});
