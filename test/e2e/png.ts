/**
 * Compares two screenshots pixel by pixel. Chromium antialiases a few edge pixels of rounded borders
 * differently from run to run; a handful of such pixels is not a change of the UI.
 */
import { inflateSync } from 'node:zlib';

interface Pixels {
  width: number;
  height: number;
  rgb: Buffer;
}

/** Decodes the 8-bit RGB, non-interlaced PNGs Chromium writes for screenshots. */
export function decodePng(png: Buffer): Pixels {
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IHDR') {
      width = png.readUInt32BE(offset + 8);
      height = png.readUInt32BE(offset + 12);
      if (png[offset + 16] !== 8 || png[offset + 17] !== 2) throw new Error('not an 8-bit RGB PNG');
    }
    if (type === 'IDAT') data.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 3;
  const rgb = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 3 ? rgb[y * stride + x - 3]! : 0;
      const up = y > 0 ? rgb[(y - 1) * stride + x]! : 0;
      const corner = x >= 3 && y > 0 ? rgb[(y - 1) * stride + x - 3]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      }
      rgb[y * stride + x] = (byte + predicted) & 255;
    }
  }
  return { width, height, rgb };
}

/** How many pixels differ; Infinity when the sizes differ. */
export function differingPixels(a: Buffer, b: Buffer): number {
  const [one, two] = [decodePng(a), decodePng(b)];
  if (one.width !== two.width || one.height !== two.height) return Infinity;
  let count = 0;
  for (let i = 0; i < one.rgb.length; i += 3) {
    if (one.rgb[i] !== two.rgb[i] || one.rgb[i + 1] !== two.rgb[i + 1] || one.rgb[i + 2] !== two.rgb[i + 2]) count++;
  }
  return count;
}
