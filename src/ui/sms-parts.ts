/**
 * How many SMS a text takes, and in which encoding: what Infobip bills and the phone puts together.
 * GSM-7 carries 160 characters in one SMS and 153 in each part of a longer one (the rest is the header
 * that joins them), its extension characters taking two; any other character makes the whole text UCS-2,
 * 70 and 67 UTF-16 code units (an emoji is two). A part never splits an escape or a surrogate pair.
 */
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

export type Encoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  encoding: Encoding;
  /** SMS billed: 0 for an empty text. */
  parts: number;
  /** GSM-7 septets or UTF-16 code units the text takes. */
  used: number;
  /** What that many parts can carry. */
  room: number;
  /** The first character that is not GSM-7: what to replace to get 160 per SMS again. */
  unicodeBecause?: string;
}

const LIMITS: Record<Encoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

export function smsParts(text: string): SmsParts {
  const chars = [...text];
  const unicodeBecause = chars.find((c) => !GSM_BASIC.has(c) && !GSM_EXTENSION.has(c));
  const encoding: Encoding = unicodeBecause === undefined ? 'GSM-7' : 'UCS-2';
  const sizes = chars.map((c) => (encoding === 'GSM-7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length));
  const used = sizes.reduce((sum, size) => sum + size, 0);
  const { single, multi } = LIMITS[encoding];
  let parts = used === 0 ? 0 : 1;
  if (used > single) {
    let inPart = 0;
    for (const size of sizes) {
      if (inPart + size > multi) {
        parts++;
        inPart = 0;
      }
      inPart += size;
    }
  }
  return { encoding, parts, used, room: parts > 1 ? parts * multi : single, ...(unicodeBecause === undefined ? {} : { unicodeBecause }) };
}
