/**
 * The start of the day: several cards open at once before anyone is signed in. Every card either signs
 * in or says why, every time, and they share one sign-in rather than race each other for it.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { appFrame } from './browser';
import { AUTHORIZE, logOf, TOKEN, openHost, useWorld } from './world';

const { world, browser } = useWorld();
const SIGNED_IN = 'developer@infobip.com';
const LOADS = 20;
/** A card on a loaded machine: its chunks, a sign-in, its messages. */
const DEADLINE_MS = 30_000;

/** What a card shows once it has settled: the username, a reason with its button, or nothing in time. */
async function outcome(frame: Frame): Promise<string> {
  const signedIn = frame.getByText(SIGNED_IN).first();
  const reason = frame.locator('.screen:has(button)').first();
  try {
    await signedIn.or(reason).first().waitFor({ timeout: DEADLINE_MS });
  } catch {
    const text = await frame
      .locator('body')
      .innerText()
      .catch(() => '');
    return `nothing within ${DEADLINE_MS / 1000} s: "${text.replace(/\s+/g, ' ').trim().slice(0, 200)}"`;
  }
  return (await signedIn.isVisible()) ? 'signed in' : `reason: "${(await reason.innerText()).replace(/\s+/g, ' ').trim()}"`;
}

/** Loads `count` cards at once in a fresh browser, `LOADS` times; the outcome of every card of every load. */
async function loadTogether(count: number, storage: 'partitioned' | 'denied') {
  const loads: { cards: string[]; authorizes: number; tokens: number }[] = [];
  for (let load = 0; load < LOADS; load++) {
    const context = await browser({ storage });
    const page = await context.newPage();
    const [authorizes, tokens] = [logOf(world(), AUTHORIZE).length, logOf(world(), TOKEN).length];
    await openHost(page, world(), `?page=card&count=${count}`);
    const frames = await Promise.all(Array.from({ length: count }, (_, i) => appFrame(page, i)));
    const cards = await Promise.all(frames.map(outcome));
    loads.push({ cards, authorizes: logOf(world(), AUTHORIZE).length - authorizes, tokens: logOf(world(), TOKEN).length - tokens });
    await context.cleanup();
  }
  return loads;
}

const failures = (loads: { cards: string[] }[], expected: (card: string) => boolean) =>
  loads.flatMap(({ cards }, load) => cards.flatMap((card, i) => (expected(card) ? [] : [`load ${load + 1}, card ${i + 1}: ${card}`])));

// A retry would hide the very thing measured here: a card that sometimes sticks.
describe('cards opened together before anyone is signed in', { retry: 0, timeout: 20 * 60_000 }, () => {
  for (const count of [3, 5]) {
    it(`${count} cards, ${LOADS} fresh loads: every card signs in, with one sign-in shared by all`, async () => {
      const loads = await loadTogether(count, 'partitioned');
      expect(failures(loads, (card) => card === 'signed in')).toEqual([]);
      expect(loads.map((l) => [l.authorizes, l.tokens])).toEqual(loads.map(() => [1, 1]));
    });

    it(`${count} cards, ${LOADS} loads with storage denied: every card says why it needs a click`, async () => {
      const loads = await loadTogether(count, 'denied');
      expect(failures(loads, (card) => card.startsWith('reason:') && card.includes('blocks storage'))).toEqual([]);
      expect(loads.every((l) => l.authorizes === 0)).toBe(true);
    });
  }
});
