/**
 * The card in the panel, as an agent keeps it open all day: its messages scroll in their own region,
 * new messages never move what the agent is reading, and it works from 320 px high.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { openComposer, openHost, useWorld } from './world';

const { world, signedInPage } = useWorld();

const numbered = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ direction: i % 2 ? 'OUTBOUND' : 'INBOUND', content: { text: `Message number ${i + 1}` } }));

/** Where a message sits inside the list's scrolling region, in px from its top edge. */
const offset = (frame: Frame, text: string) =>
  frame.evaluate((text) => {
    const list = document.querySelector('.msgs')!;
    const item = [...list.querySelectorAll('.msg')].find((li) => li.textContent?.includes(text))!;
    return Math.round(item.getBoundingClientRect().top - list.getBoundingClientRect().top);
  }, text);

async function open(query: string, height = 640): Promise<Frame> {
  const page = await signedInPage();
  return openHost(page, world(), `${query}&width=360&height=${height}`);
}

describe('the messages region', () => {
  it('scrolls by itself: the page does not, and the composer stays in the frame', async () => {
    world().sandbox.setMessages('c1', numbered(80));
    const frame = await open('?page=card&conversationId=c1');
    await frame.getByText('Message number 80', { exact: true }).waitFor();
    await openComposer(frame);
    await frame.getByRole('button', { name: 'Send SMS' }).waitFor();
    const layout = await frame.evaluate(() => ({
      pageScrolls: document.scrollingElement!.scrollHeight > innerHeight,
      listScrolls: document.querySelector('.msgs')!.scrollHeight > document.querySelector('.msgs')!.clientHeight,
      composerBottom: document.querySelector('.composer')!.getBoundingClientRect().bottom,
    }));
    expect(layout).toEqual({ pageScrolls: false, listScrolls: true, composerBottom: expect.any(Number) });
    expect(layout.composerBottom).toBeLessThanOrEqual(640);
  });

  it('a refresh adds new messages without moving the older one being read', async () => {
    world().sandbox.setMessages('c1', numbered(80));
    const frame = await open('?page=card&conversationId=c1');
    await frame.getByText('Message number 80', { exact: true }).waitFor();
    await frame.getByText('Message number 40', { exact: true }).scrollIntoViewIfNeeded();
    const before = await offset(frame, 'Message number 40');
    world().sandbox.setMessages('c1', numbered(83));
    await frame.getByRole('button', { name: 'Refresh' }).click();
    await frame.getByText('Message number 83', { exact: true }).waitFor({ state: 'attached' });
    await expect(offset(frame, 'Message number 40')).resolves.toBe(before);
    await expect(frame.getByText('Message number 83', { exact: true }).count()).resolves.toBe(1);
  });

  it('"Load earlier" keeps the message being read where it was', async () => {
    world().sandbox.setMessages('c1', numbered(80));
    const frame = await open('?page=card&conversationId=c1');
    await frame.getByText('Message number 80', { exact: true }).waitFor();
    const earlier = frame.getByRole('button', { name: 'Load earlier messages' });
    await earlier.scrollIntoViewIfNeeded();
    const before = await offset(frame, 'Message number 31');
    await earlier.click();
    await frame.getByText('Message number 1', { exact: true }).waitFor({ state: 'attached' });
    await expect(offset(frame, 'Message number 31')).resolves.toBe(before);
  });

  it('at the newest message, stays there as new ones arrive', async () => {
    world().sandbox.setMessages('c1', numbered(30));
    const frame = await open('?page=card&conversationId=c1');
    await frame.getByText('Message number 30', { exact: true }).waitFor();
    world().sandbox.setMessages('c1', numbered(31));
    await frame.getByRole('button', { name: 'Refresh' }).click();
    await frame.getByText('Message number 31', { exact: true }).waitFor();
    await expect
      .poll(
        () =>
          frame.evaluate(() => {
            const list = document.querySelector('.msgs')!;
            return list.scrollHeight - list.scrollTop - list.clientHeight < 8;
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  it('at the newest message, stays there when a message grows after it is shown (its picture arrives late)', async () => {
    const picture = { contentType: 'IMAGE', content: { url: `${world().sandbox.url}/media/e07.png`, caption: 'The display' } };
    world().sandbox.setMessages('c1', [...numbered(30), picture]);
    world().sandbox.behave({ delayMs: { '/media': 1500 } });
    const frame = await open('?page=card&conversationId=c1');
    const image = frame.getByRole('img', { name: 'The display' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await expect
      .poll(() =>
        frame.evaluate(() => {
          const list = document.querySelector('.msgs')!;
          return list.scrollHeight - list.scrollTop - list.clientHeight < 8;
        }),
      )
      .toBe(true);
  });
});

describe('a short panel', () => {
  it('at 320 px high, the messages, the composer and Send are all reachable without the page scrolling', async () => {
    world().sandbox.setMessages('c1', numbered(20));
    const frame = await open('?page=card&conversationId=c1', 320);
    await frame.getByText('Message number 20', { exact: true }).waitFor();
    // The composer starts closed, and opens on demand: the form scrolls in what room is left, not the page.
    await openComposer(frame);
    const send = frame.getByRole('button', { name: 'Send SMS' });
    await send.scrollIntoViewIfNeeded();
    await expect(send.isVisible()).resolves.toBe(true);
    await expect(frame.getByText('Message number 20', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(frame.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight + 1)).resolves.toBe(true);
  });
});
