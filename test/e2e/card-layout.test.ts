/**
 * The conversation first, at the smallest panel Infobip gives an app (320 × 640), with the team's
 * connections set up: the header stays, the composer waits for "Reply by SMS", the connections fold
 * into one line, and the message list is the only thing that scrolls (issue 21 §1).
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { adminSession, connectionDrafts, conversation, NARROW_CARD, putAsAdmin } from './admin-card';
import { cardLayout as layout } from './card-measure';
import { openHost, useWorld } from './world';

const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });

/** An admin's card at 320 × 640 with three connections and a long conversation, its newest message shown. */
async function openCard(): Promise<{ page: Page; frame: Frame }> {
  const w = world();
  w.sandbox.setMessages('c1', conversation(40));
  const page = await (await browser()).newPage();
  const bearer = await adminSession(page, w);
  for (const [id, draft] of Object.entries(connectionDrafts(w))) await putAsAdmin(w, bearer, `/connections/${id}`, draft);
  const frame = await openHost(page, w, NARROW_CARD);
  await frame.getByRole('heading', { name: 'Connections' }).waitFor({ timeout: 30_000 });
  await frame.getByText('#40 ', { exact: false }).waitFor();
  await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return { page, frame };
}

describe('the card at 320 × 640 with three connections', () => {
  it('shows at least six messages, the composer closed, and nothing scrolls but the message list', async () => {
    const { frame } = await openCard();
    const seen = await layout(frame);
    expect(seen.scrolling).toEqual(['ol.msgs']);
    expect(seen.documentScrolls).toBe(false);
    expect(seen.inView).toBeGreaterThanOrEqual(6);
    expect(seen.headerTop).toBeGreaterThanOrEqual(0);
    await expect(frame.getByLabel('Message', { exact: true }).isVisible()).resolves.toBe(false);
    await expect(frame.getByRole('region', { name: 'Mico Voice AI' }).isVisible()).resolves.toBe(false);
    await expect(frame.getByRole('button', { name: 'Reply by SMS' }).isVisible()).resolves.toBe(true);
  });

  it('opened, the composer fits without a scroll of its own; closed and opened again, it keeps what was typed; a send closes it and says so', async () => {
    const { frame } = await openCard();
    await frame.getByRole('button', { name: 'Reply by SMS' }).click();
    const message = frame.getByLabel('Message', { exact: true });
    await message.waitFor();
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('sms-text');
    const open = await layout(frame);
    expect(open.scrolling).toEqual(['ol.msgs']);
    expect(open.documentScrolls).toBe(false);
    expect(open.inView).toBeGreaterThanOrEqual(1);
    await expect(frame.getByRole('button', { name: 'Send SMS' }).isVisible()).resolves.toBe(true);

    await message.fill('Your parcel is on its way.');
    await frame.getByRole('button', { name: 'Close' }).click();
    await expect(message.isVisible()).resolves.toBe(false);
    await frame.getByRole('button', { name: 'Reply by SMS' }).click();
    await expect(message.inputValue()).resolves.toBe('Your parcel is on its way.');

    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await frame.getByRole('status').filter({ hasText: 'SMS sent.' }).waitFor();
    await expect(message.isVisible()).resolves.toBe(false);
    await expect(frame.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Reply by SMS');
    await frame.getByText('#41 Your parcel is on its way.').or(frame.getByText('Your parcel is on its way.')).first().waitFor();
  });

  it('the connections open under their heading, in a box of their own, and the messages keep their place', async () => {
    const { frame } = await openCard();
    const before = await layout(frame);
    await frame.getByRole('button', { name: 'Connections' }).click();
    await frame.getByRole('region', { name: 'Mico Voice AI' }).getByLabel('Call UID').waitFor();
    const after = await layout(frame);
    expect(after.documentScrolls).toBe(false);
    expect(after.headerTop).toBe(before.headerTop);
    expect(after.inView).toBeGreaterThanOrEqual(2);
    expect(after.scrolling.every((element) => element === 'ol.msgs' || element === 'div.connections')).toBe(true);
  });
});
