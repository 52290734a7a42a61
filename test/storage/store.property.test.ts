import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealed } from '../../src/storage/store';
import { memoryStore, type KeyValueStore } from '../../src/shared/key-value-store';
import { RUNS } from '../support/property';

/** JSON-shaped values, as the app stores them; -0 comes back as 0, as JSON has it. */
const value = fc.jsonValue({ maxDepth: 3 });
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const name = fc.string({ minLength: 1, maxLength: 30 }).filter((n) => n !== 'sealing-key');

/** One sealed store for all runs, as a page has: the key is made once. */
const inner = memoryStore();
const store: KeyValueStore = sealed(inner);

describe('the sealed store, against generated records', () => {
  it('round-trips any JSON value under any key', async () => {
    await fc.assert(
      fc.asyncProperty(name, value, async (key, v) => {
        await store.set(key, v);
        expect(await store.get(key)).toEqual(asJson(v));
      }),
      { numRuns: RUNS },
    );
  });

  it('a flipped bit anywhere in the ciphertext or the IV is detected: the record is discarded, never returned', async () => {
    await fc.assert(
      fc.asyncProperty(name, value, fc.nat(), fc.nat({ max: 7 }), fc.boolean(), async (key, v, at, bit, inIv) => {
        await store.set(key, v);
        const raw = (await inner.get(key)) as { v: number; iv: Uint8Array; data: ArrayBuffer };
        const bytes = inIv ? new Uint8Array(raw.iv) : new Uint8Array(raw.data.slice(0));
        bytes[at % bytes.length]! ^= 1 << bit;
        await inner.set(key, inIv ? { ...raw, iv: bytes } : { ...raw, data: bytes.buffer });
        expect(await store.get(key)).toBeUndefined();
        expect(await inner.get(key)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('a record copied under another key does not open there', async () => {
    await fc.assert(
      fc.asyncProperty(name, name, value, async (from, to, v) => {
        fc.pre(from !== to);
        await store.set(from, v);
        await inner.set(to, await inner.get(from));
        expect(await store.get(to)).toBeUndefined();
        expect(await store.get(from)).toEqual(asJson(v));
      }),
      { numRuns: RUNS },
    );
  });

  it('any foreign record in the raw store reads as nothing and is removed, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        name,
        fc.oneof(fc.jsonValue(), fc.record({ v: fc.constantFrom(1, 2), iv: fc.uint8Array({ maxLength: 16 }), data: fc.uint8Array().map((a) => a.buffer) })),
        async (key, junk) => {
          await inner.set(key, junk);
          expect(await store.get(key)).toBeUndefined();
          expect(await inner.get(key)).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });
});
