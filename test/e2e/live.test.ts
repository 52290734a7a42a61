/**
 * The card left open beside a conversation, as agents keep it all day: what the customer writes
 * arrives by itself, an agent reading older messages is told of it without being moved, a sent SMS
 * says how it ended, and video and audio play under the production CSP. The browser's clock is
 * Playwright's, moved on by the test, so a 15-second poll takes no 15 seconds.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openComposer, openHost, useWorld } from './world';

const { world, signedInPage } = useWorld();

const numbered = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ direction: i % 2 ? 'OUTBOUND' : 'INBOUND', content: { text: `Message number ${i + 1}` } }));

/** A page whose timers the test moves on (the clock is the browser context's, shared by the file's tests). */
async function open(conversationId = 'c1'): Promise<{ page: Page; frame: Frame }> {
  const page = await signedInPage();
  await page.clock.install();
  const frame = await openHost(page, world(), `?page=card&conversationId=${conversationId}&width=360&height=640`);
  return { page, frame };
}

/** Where a message sits inside the list's scrolling region, in px from its top edge. */
const offset = (frame: Frame, text: string) =>
  frame.evaluate((text) => {
    const list = document.querySelector('.msgs')!;
    const item = [...list.querySelectorAll('.msg')].find((li) => li.textContent?.includes(text))!;
    return Math.round(item.getBoundingClientRect().top - list.getBoundingClientRect().top);
  }, text);

const atNewest = (frame: Frame) =>
  frame.evaluate(() => {
    const list = document.querySelector('.msgs')!;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  });

const inView = (frame: Frame, text: string) =>
  frame.evaluate((text) => {
    const list = document.querySelector('.msgs')!.getBoundingClientRect();
    const item = [...document.querySelectorAll('.msg')].find((li) => li.textContent?.includes(text))!.getBoundingClientRect();
    return item.top >= list.top - 1 && item.bottom <= list.bottom + 1;
  }, text);

describe('new messages', () => {
  it('arrive by themselves: an agent at the newest message sees one scroll in, and a screen reader hears it', async () => {
    world().sandbox.setMessages('c1', numbered(30));
    const { page, frame } = await open();
    await frame.getByText('Message number 30', { exact: true }).waitFor();
    world().sandbox.addMessage('c1', { content: { text: 'Are you still there?' } });
    await page.clock.fastForward(15_000);
    await frame.getByText('Are you still there?', { exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => atNewest(frame)).toBe(true);
    await expect.poll(() => inView(frame, 'Are you still there?')).toBe(true);
    await expect(frame.locator('[role="status"]').filter({ hasText: '1 new message' }).count()).resolves.toBe(1);
    await expect(frame.getByRole('button', { name: /new message/ }).count()).resolves.toBe(0);
  });

  it('an agent reading older messages stays where they are and gets a "1 new message" button that takes them there', async () => {
    world().sandbox.setMessages('c1', numbered(80));
    const { page, frame } = await open();
    await frame.getByText('Message number 80', { exact: true }).waitFor();
    await frame.getByText('Message number 40', { exact: true }).scrollIntoViewIfNeeded();
    const before = await offset(frame, 'Message number 40');
    world().sandbox.addMessage('c1', { content: { text: 'Hello? Anyone?' } });
    await page.clock.fastForward(15_000);
    const pill = frame.getByRole('button', { name: '1 new message' });
    await pill.waitFor({ timeout: 15_000 });
    await expect(offset(frame, 'Message number 40')).resolves.toBe(before);
    await expect(inView(frame, 'Hello? Anyone?')).resolves.toBe(false);
    await pill.click();
    await expect.poll(() => inView(frame, 'Hello? Anyone?')).toBe(true);
    await expect(pill.count()).resolves.toBe(0);
  });
});

describe('a sent SMS', () => {
  it('says on the message, in words, how it ended once Infobip knows', async () => {
    world().sandbox.setMessages('c1', numbered(6));
    const { page, frame } = await open();
    await frame.getByText('Message number 6', { exact: true }).waitFor();
    await openComposer(frame);
    await expect.poll(() => frame.getByLabel('To', { exact: true }).inputValue()).toBe('41793026727');
    await frame.getByLabel('Message', { exact: true }).fill('Your parcel leaves the depot today.');
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    const sent = frame.locator('.msg').filter({ hasText: 'Your parcel leaves the depot today.' });
    await sent.getByText('On its way', { exact: true }).waitFor();
    world().sandbox.setSmsStatus('DELIVERED');
    await page.clock.fastForward(15_000);
    await sent.getByText('Delivered', { exact: true }).waitFor({ timeout: 15_000 });
  });
});

describe('media', () => {
  it('a video and a voice note play in the card, and a sticker shows, under the page’s Content-Security-Policy', async () => {
    const media = (file: string) => `${world().sandbox.url}/media/${file}`;
    world().sandbox.setMessages('c2', [
      { contentType: 'VIDEO', content: { url: media('clip.webm') } },
      { contentType: 'AUDIO', content: { url: media('voice.wav') } },
      { contentType: 'STICKER', content: { url: media('sticker.png') } },
    ]);
    const { frame } = await open('c2');
    const video = frame.locator('video');
    await video.waitFor();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 1 && v.videoWidth)).toBe(32);
    await expect.poll(() => frame.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState >= 1 && Math.round(a.duration))).toBe(1);
    await expect(frame.getByRole('link', { name: 'Video (opens in a new tab)' }).getAttribute('href')).resolves.toBe(media('clip.webm'));
    const sticker = frame.getByRole('img', { name: 'Sticker' });
    await expect.poll(() => sticker.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
  });
});
