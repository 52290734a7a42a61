/**
 * The conversation first, at the smallest panel Infobip gives an app (320 × 640), with the team's
 * connections set up: the header stays, the composer waits for "Reply by SMS", the connections fold
 * into one line, and the message list is the only thing that scrolls (issue 21 §1).
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { cardLayout as layout } from './card-measure';
import { openHost, useWorld, type World } from './world';

const ADMIN = { username: 'team-admin', userKey: 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1', roles: [{ id: 1, name: 'Admin' }] };
const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });

/** What agents and customers write, one and two lines long at 320 px. */
const LINES = [
  'Hi, my parcel 4471 has not arrived yet.',
  'Let me check that for you.',
  'It is at the local depot and will be delivered tomorrow before noon.',
  'Can I pick it up myself instead?',
  'Yes: bring an ID to the depot at Main Street 12, open 8:00 to 18:00.',
];
const conversation = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ direction: i % 2 ? 'OUTBOUND' : 'INBOUND', content: { text: `#${i + 1} ${LINES[i % LINES.length]}` } }));

/** Three connections saved through the app server, as an admin's settings page saves them. */
async function saveThreeConnections(w: World, bearer: string) {
  const sandbox = w.sandbox.url;
  const drafts = {
    mico: { kind: 'mico', name: 'Mico Voice AI', baseUrl: `${sandbox}/mico`, clientId: w.mico.clientId, clientSecret: w.mico.clientSecret },
    fujitsu: {
      kind: 'fujitsu-oauth',
      name: 'Fujitsu AI platform',
      baseUrl: `${sandbox}/fujitsu`,
      clientId: w.fujitsu.clientId,
      clientSecret: w.fujitsu.clientSecret,
    },
    'fujitsu-keys': {
      kind: 'fujitsu-api-key',
      name: 'Fujitsu keys',
      baseUrl: `${sandbox}/fujitsu`,
      primaryKey: w.fujitsu.primaryKey,
      secondaryKey: w.fujitsu.secondaryKey,
    },
  };
  for (const [id, draft] of Object.entries(drafts)) {
    const answer = await fetch(`${w.appServer?.url}/connections/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(draft),
    });
    expect(answer.status, `${id}: ${await answer.clone().text()}`).toBeLessThan(300);
  }
}

/** An admin's card at 320 × 640 with three connections and a long conversation, its newest message shown. */
async function openCard(): Promise<{ page: Page; frame: Frame }> {
  const w = world();
  w.sandbox.behave({ portal: '403', user: { ...ADMIN } });
  w.sandbox.setMessages('c1', conversation(40));
  const page = await (await browser()).newPage();
  let bearer: string | undefined;
  page.on('request', (request) => {
    const found = /^Bearer (.+)$/.exec(request.headers().authorization ?? '');
    if (found && request.url().startsWith(w.appServer?.url ?? '-')) bearer = found[1];
  });
  const query = '?page=card&conversationId=c1&width=320&height=640';
  await openHost(page, w, query);
  await expect.poll(() => bearer, { timeout: 30_000 }).toBeDefined();
  await saveThreeConnections(w, bearer as string);
  const frame = await openHost(page, w, query);
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
