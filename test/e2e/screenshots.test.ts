/**
 * The README's screenshots, taken from the real app in the host page's 360 px sidebar frame and
 * cropped to it: docs/screenshots/{card,settings,card-error,card-dark}.png. Set SCREENSHOTS=0 to take
 * them without writing the files. Each test also checks that its screen shows what the picture claims.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openHost, useWorld } from './world';

const { world, browser } = useWorld();

const SAVE = process.env.SCREENSHOTS !== '0';
const DIR = join(process.cwd(), 'docs', 'screenshots');
const FRAME = 'iframe[name="app-0"]';
/** The host's frame (FRAME_WIDTH × 640 in test/sandbox/host.js) plus its 1 px border. */
const SIZE = { width: 362, height: 642 };

beforeAll(() => {
  if (SAVE) mkdirSync(DIR, { recursive: true });
});

/** The sidebar frame as the agent sees it; written to docs/screenshots/`name` unless SCREENSHOTS=0. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const png = await page.locator(FRAME).screenshot({ animations: 'disabled', ...(SAVE ? { path: join(DIR, name) } : {}) });
  // A PNG's IHDR: width and height at bytes 16 and 20 (one more row when the frame sits at a fractional y).
  expect(png.readUInt32BE(16)).toBe(SIZE.width);
  expect(png.readUInt32BE(20) - SIZE.height).toBeGreaterThanOrEqual(0);
  expect(png.readUInt32BE(20) - SIZE.height).toBeLessThanOrEqual(1);
}

async function conversation(frame: Frame): Promise<void> {
  await frame.getByText('developer@infobip.com').waitFor();
  await frame.getByText('Yes: bring an ID to the depot at Main Street 12', { exact: false }).waitFor();
}

async function draftReply(frame: Frame): Promise<void> {
  await frame.getByLabel('Message', { exact: true }).fill('Your parcel 4471 is ready for pick-up at the depot.');
}

/** As the card first appears: its top in view, no field focused. */
async function fromTheTop(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await expect(frame.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().top)).resolves.toBeGreaterThanOrEqual(0);
}

describe('README screenshots', () => {
  it('card.png: the signed-in card beside a conversation, a reply being written', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await conversation(frame);
    await draftReply(frame);
    await expect(frame.getByLabel('To', { exact: true }).inputValue()).resolves.toBe('41793026727');
    await expect(frame.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Conversation');
    // The newest message is in view: the list is scrolled to its end.
    await expect(frame.getByText('Yes: bring an ID to the depot', { exact: false }).isVisible()).resolves.toBe(true);
    await fromTheTop(frame);
    await shoot(page, 'card.png');
  });

  it('settings.png: the settings page, signed in, secrets masked', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=settings');
    await frame.getByText(world().sandbox.appId).waitFor();
    await frame.getByText(world().sandbox.clientId).waitFor();
    await expect(frame.getByText('••••••••').count()).resolves.toBe(2);
    await expect(frame.getByRole('button', { name: 'Reveal Client secret' }).isVisible()).resolves.toBe(true);
    await shoot(page, 'settings.png');
  });

  it('card-error.png: an SMS Infobip rejected, with its words, the text kept', async () => {
    world().sandbox.behave({ sms: 'reject', smsRejectText: 'Destination is on the blocklist of this account' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await conversation(frame);
    await draftReply(frame);
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    const alert = frame.getByRole('alert');
    await alert.getByText('Destination is on the blocklist of this account').waitFor();
    await expect(alert.innerText()).resolves.toContain("Couldn't send the SMS");
    await expect(frame.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('Your parcel 4471 is ready for pick-up at the depot.');
    // The agent's eye goes from the button to the alert: both in view.
    await frame.getByRole('button', { name: 'Send SMS' }).scrollIntoViewIfNeeded();
    await alert.scrollIntoViewIfNeeded();
    await expect(alert.isVisible()).resolves.toBe(true);
    await shoot(page, 'card-error.png');
  });

  it('card-dark.png: the card in the dark colour scheme', async () => {
    const page = await (await browser({ colorScheme: 'dark' })).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await conversation(frame);
    await draftReply(frame);
    // Dark indeed: the page behind the card is the dark scheme's, not white.
    await expect(frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).resolves.toBe('rgb(22, 25, 29)');
    await fromTheTop(frame);
    await shoot(page, 'card-dark.png');
  });
});
