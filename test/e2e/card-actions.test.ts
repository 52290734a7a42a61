/**
 * Connection actions on the card, as an agent meets them (issue 20 §2, issue 21 §1): an admin set up
 * "Calls with this customer" and "Outbound call by UID" on Mico and "Summarise" on Fujitsu; the agent
 * opens a conversation at 320 × 640 and the messages keep the card (six in view, nothing else scrolls),
 * the folded connections say how many answers they hold; opened, the list and the summary are there
 * without typing anything, and "Use in reply" puts the summary in the composer. The agent's browser
 * sends the server only action ids and the conversation's values: no URL, no secret.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { askAiPreset, byCustomerNumberPreset, callByUidPreset } from '../../src/shared/action-presets';
import { adminSession, connectionDrafts, conversation, NARROW_CARD, putAsAdmin } from './admin-card';
import { cardLayout as layout } from './card-measure';
import { openHost, useWorld, type World } from './world';

const AGENT = { username: 'agent-ana', userKey: 'B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2', roles: [{ id: 2, name: 'Agent' }] };
const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });

/** The admin's part, through the server as the settings page does it: Mico and Fujitsu, three actions between them. */
async function setUp(w: World): Promise<void> {
  const page = await (await browser()).newPage();
  const bearer = await adminSession(page, w);
  const drafts = connectionDrafts(w);
  await putAsAdmin(w, bearer, '/connections/mico', drafts.mico);
  await putAsAdmin(w, bearer, '/connections/fujitsu', drafts.fujitsu);
  await putAsAdmin(w, bearer, '/connections/mico/actions', { actions: [byCustomerNumberPreset(), callByUidPreset()] });
  await putAsAdmin(w, bearer, '/connections/fujitsu/actions', { actions: [askAiPreset()] });
  await page.close();
}

interface Seen {
  url: string;
  body: string | null;
}

/** An agent's card at 320 × 640 on a 40-message conversation, every request it sends recorded. */
async function agentCard(): Promise<{ page: Page; frame: Frame; seen: Seen[] }> {
  const w = world();
  w.sandbox.setMessages('c1', conversation(40));
  await setUp(w);
  w.sandbox.behave({ portal: '403', user: { ...AGENT } });
  const page = await (await browser()).newPage();
  const seen: Seen[] = [];
  page.on('request', (request) => seen.push({ url: request.url(), body: request.postData() }));
  const frame = await openHost(page, w, NARROW_CARD);
  await frame.getByText('#40 ', { exact: false }).waitFor({ timeout: 30_000 });
  // Both actions that run on open have answered.
  await frame.getByText('· 2 answers').waitFor({ timeout: 30_000 });
  await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return { page, frame, seen };
}

describe('an agent’s card with three connection actions, at 320 × 640', () => {
  it('keeps at least six messages in view, nothing scrolling but the message list; the connections fold into one line that counts the answers', async () => {
    const { frame } = await agentCard();
    const seen = await layout(frame);
    expect(seen.scrolling).toEqual(['ol.msgs']);
    expect(seen.documentScrolls).toBe(false);
    expect(seen.inView).toBeGreaterThanOrEqual(6);
    await expect(frame.getByRole('region', { name: 'Calls with this customer' }).isVisible()).resolves.toBe(false);
  });

  it('opened, shows the calls with this customer and the summary without typing; “Use in reply” puts the summary in the composer', async () => {
    const { frame, seen } = await agentCard();
    await frame.getByRole('button', { name: 'Connections' }).click();
    const calls = frame.getByRole('region', { name: 'Calls with this customer' });
    await calls.getByRole('columnheader', { name: 'Status' }).waitFor();
    // The stand-in's two calls to this customer, newest first, in words.
    expect(await calls.locator('tbody tr').count()).toBe(2);
    await calls.getByText('The customer confirmed').waitFor();
    await calls.getByText('2 min 12 s').waitFor();
    await calls.getByText('No answer').waitFor();

    const opened = await layout(frame);
    expect(opened.documentScrolls).toBe(false);
    expect(opened.connectionsHeight).toBeLessThanOrEqual(640 / 2);
    expect(opened.inView).toBeGreaterThanOrEqual(1);
    expect(opened.scrolling.every((element) => element === 'ol.msgs' || element === 'div.connections')).toBe(true);

    const summary = frame.getByRole('region', { name: 'Summarise' });
    await summary.getByText('The conversation has 20 messages on SMS.', { exact: false }).waitFor();
    await summary.getByRole('button', { name: 'Use “Summary” in reply' }).click();
    const message = frame.getByLabel('Message', { exact: true });
    await message.waitFor();
    await expect(message.inputValue()).resolves.toMatch(/^The conversation has 20 messages on SMS\. It began with «#21 .* and ended with «#40 /);

    // What the agent's browser asked of the app server: action ids and the conversation's values, never a URL or a secret.
    const w = world();
    const runs = seen.filter(({ url }) => url.startsWith(`${w.appServer?.url}/connections/`) && url.includes('/actions/'));
    expect(runs.map(({ url }) => new URL(url).pathname).sort()).toEqual([
      '/connections/fujitsu/actions/summarise',
      '/connections/mico/actions/calls-with-customer',
    ]);
    for (const { body } of runs) {
      const sent = JSON.parse(body ?? '{}');
      expect(Object.keys(sent)).toEqual(['variables']);
      expect(body).not.toMatch(/https?:|\/mico|\/fujitsu/);
    }
    const everything = seen.map(({ url, body }) => `${url} ${body ?? ''}`).join('\n');
    for (const secret of [w.mico.clientSecret, w.fujitsu.clientSecret]) expect(everything).not.toContain(secret);
  });
});
