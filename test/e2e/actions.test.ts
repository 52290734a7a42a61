/**
 * Issue 20's "Done when", in real browsers: an admin defines, on the settings page, "Calls with this
 * customer" on Mico (a GET with {customerNumber}, a list) and "Summarise" on Fujitsu (a POST with
 * {recentMessages}, one text field, "Use in reply"), trying one first; an agent of the same account in
 * another browser opens a conversation and, typing nothing, sees both answers, and puts the summary in
 * the composer. Every request of the agent's browser is recorded: none carries a secret, and the action
 * runs name only the action and the conversation's values, never a URL, path or body the browser chose.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Locator } from 'playwright-core';
import { record, type Recording } from './record';
import { listed, openSettings, saveAndTest, secrets } from './settings-page';
import { openHost, useWorld } from './world';

const ADMIN = { username: 'team-admin', userKey: 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1', roles: [{ id: 1, name: 'Admin' }] };
const AGENT = { username: 'agent-ana', userKey: 'B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2', roles: [{ id: 2, name: 'Agent' }] };

// Admins are those with the Admin role; the agent is another user of the same account.
const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });

/** Conversation c1 (Ana Horvat, +41 793 026 727, whom the Mico stand-in has called twice). */
const MESSAGES = [
  'Hello, my parcel 4471 did not arrive.',
  'Sorry to hear that, let me look it up.',
  'It is at the depot and goes out again tomorrow morning.',
  'Could I collect it this afternoon instead?',
  'Yes, bring an ID to the Main Street depot before 18:00.',
];
const ANA = '+41793026727';

/** "Add action" from the preset named `preset` under `connection`; gives the action form it opens. */
async function addFromPreset(frame: Frame, connection: string, preset: string): Promise<Locator> {
  const item = listed(frame, connection);
  await item.getByLabel('Start a new action from', { exact: true }).selectOption({ label: preset });
  await item.getByRole('button', { name: 'Add action' }).click();
  const form = item.locator('form.action-form');
  await form.getByRole('heading', { name: 'New action' }).waitFor();
  return form;
}

/** What a form's control holds, by its label: a select's chosen option's words, else its value. */
async function shown(form: Locator, label: string): Promise<string> {
  const control = form.getByLabel(label, { exact: true }).first();
  return control.evaluate((element) =>
    element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.textContent ?? '') : (element as HTMLInputElement).value,
  );
}

async function saveAction(frame: Frame, form: Locator, connection: string) {
  await form.getByRole('button', { name: 'Save action' }).click();
  await frame.getByText(`The actions of "${connection}" were saved.`).waitFor({ timeout: 30_000 });
}

describe('actions an admin defines on the settings page, run by an agent in another browser', () => {
  let agent: Recording | undefined;

  it('the admin sets up Mico and Fujitsu, adds "Calls with this customer" (trying it first) and "Summarise", saving each through the form', async () => {
    const w = world();
    w.sandbox.behave({ portal: '403', user: { ...ADMIN } });
    const page = await (await browser()).newPage();
    const frame = await openSettings(page, world());

    await listed(frame, 'Mico Voice AI').getByRole('button', { name: 'Set up' }).click();
    await listed(frame, 'Mico Voice AI').getByLabel('Client secret', { exact: true }).fill(w.mico.clientSecret);
    await saveAndTest(frame, 'Mico Voice AI');
    await listed(frame, 'Fujitsu AI platform').getByRole('button', { name: 'Set up' }).click();
    await listed(frame, 'Fujitsu AI platform').getByLabel('Client secret', { exact: true }).fill(w.fujitsu.clientSecret);
    await saveAndTest(frame, 'Fujitsu AI platform');

    // Mico: the list of this customer's calls, asked by the customer's number.
    const calls = await addFromPreset(frame, 'Mico Voice AI', 'Calls with this customer');
    expect(await shown(calls, 'Method')).toBe('GET');
    expect(await shown(calls, 'Path')).toContain('{customerNumber}');
    expect(await shown(calls, 'What it shows')).toBe('A list');
    expect(await shown(calls, 'When it runs')).toBe('When the card opens');

    // "Try it" with a sample number: the URL the server sent (the number encoded), what an agent would see, no secret.
    const trying = calls.getByRole('region', { name: 'Try it' });
    await trying.getByLabel('Customer’s number', { exact: true }).fill(ANA);
    await trying.getByRole('button', { name: 'Try it' }).click();
    await trying.getByText('The request the app server sent').waitFor({ timeout: 30_000 });
    await trying.getByText(`GET ${w.sandbox.url}/mico/v1/outbound_calls?to=%2B41793026727`, { exact: true }).waitFor();
    await trying.getByText('The server adds the connection’s sign-in; it is never shown here.').waitFor();
    const seenByAdmin = trying.locator('.try-outcome');
    await seenByAdmin.getByRole('columnheader', { name: 'Status' }).waitFor();
    expect(await seenByAdmin.locator('tbody tr').count()).toBe(2);
    await seenByAdmin.getByText('No answer', { exact: true }).waitFor();
    const tried = await trying.innerText();
    for (const secret of secrets(w)) expect(tried).not.toContain(secret);
    expect(tried).not.toMatch(/authorization|bearer/i);
    await saveAction(frame, calls, 'Mico Voice AI');

    // Fujitsu: a summary of the conversation's recent messages, one text field an agent may use in a reply.
    const summarise = await addFromPreset(frame, 'Fujitsu AI platform', 'Summarise');
    expect(await shown(summarise, 'Method')).toBe('POST');
    expect(await shown(summarise, 'Body (JSON)')).toContain('"{recentMessages}"');
    expect(await shown(summarise, 'What it shows')).toBe('Chosen fields');
    expect(await summarise.locator('fieldset.shown-field').count()).toBe(1);
    expect(await shown(summarise, 'Shown as')).toBe('Text');
    expect(await summarise.getByLabel('Agents may use it in a reply', { exact: true }).isChecked()).toBe(true);
    await saveAction(frame, summarise, 'Fujitsu AI platform');

    // Both lists as saved, read back from the server.
    const again = await openSettings(page, world());
    const saved = (connection: string) => listed(again, connection).locator('.action-list .action-label').allInnerTexts();
    await listed(again, 'Mico Voice AI').locator('.action-list').waitFor({ timeout: 30_000 });
    expect(await saved('Mico Voice AI')).toEqual(['Is it reachable?', 'Outbound call by UID', 'Calls with this customer']);
    expect(await saved('Fujitsu AI platform')).toEqual(['Is it reachable?', 'Summarise']);
    await expect(listed(again, 'Fujitsu AI platform').getByText('POST /v1/text/summarize', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('an agent opens the conversation and, typing nothing, sees the calls in words and the summary of its messages; “Use in reply” puts it in the composer', async () => {
    const w = world();
    w.sandbox.setMessages(
      'c1',
      MESSAGES.map((text, i) => ({ direction: i % 2 ? 'OUTBOUND' : 'INBOUND', content: { text } })),
    );
    w.sandbox.behave({ portal: '403', user: { ...AGENT } });
    // A fixed zone, so the calls' times read the same on every machine.
    const page = await (await browser({ locale: 'en-US', timezoneId: 'Europe/Zurich' })).newPage();
    agent = record(page);
    const frame = await openHost(page, w, '?page=card&conversationId=c1');
    await frame
      .locator('.msgs')
      .getByText(MESSAGES.at(-1) as string, { exact: true })
      .waitFor({ timeout: 30_000 });
    // Both actions that run on opening have answered; the section is folded so the messages keep the card.
    await frame.getByText('· 2 answers').waitFor({ timeout: 30_000 });
    await frame.getByRole('button', { name: 'Connections' }).click();

    const calls = frame.getByRole('region', { name: 'Calls with this customer' });
    await calls.getByRole('columnheader', { name: 'Status' }).waitFor();
    expect(await calls.locator('tbody tr').count()).toBe(2);
    // Newest first, statuses and outcomes in words (the stand-in sends completed, no_answer, customer_confirmed).
    const row = async (n: number) => (await calls.locator('tbody tr').nth(n).locator('td').allInnerTexts()).map((cell) => cell.replace(/\s+/g, ' '));
    expect(await row(0)).toEqual(['May 1, 2024, 12:07 PM', 'Completed', 'The customer confirmed', '2 min 12 s']);
    expect(await row(1)).toEqual(['Apr 30, 2024, 6:40 PM', 'No answer', '—', '0 s']);

    // The Fujitsu stand-in's summary quotes the first and last of the messages the server sent it.
    const summary = frame.getByRole('region', { name: 'Summarise' });
    const expected = `The conversation has ${MESSAGES.length} messages on SMS. It began with «${MESSAGES[0]}» and ended with «${MESSAGES.at(-1)}».`;
    // The summary, then the button that hands it over.
    await summary.getByText(expected).waitFor({ timeout: 30_000 });
    expect((await summary.locator('dd').innerText()).startsWith(expected)).toBe(true);
    expect(w.fujitsu.summarized.at(-1)?.messages).toEqual(MESSAGES);

    await summary.getByRole('button', { name: 'Use “Summary” in reply' }).click();
    await expect.poll(() => frame.getByLabel('Message', { exact: true }).inputValue()).toBe(expected);
  });

  it('no request or answer of the agent’s browser carries a secret; each action run names only the action, with the conversation’s values', async () => {
    const w = world();
    expect(agent, 'the agent’s test ran').toBeDefined();
    await agent?.settled();
    const requests = (agent?.seen ?? []).filter((seen) => seen.url !== undefined);
    expect(requests.length).toBeGreaterThan(10);
    // Nor does any answer it received.
    for (const secret of secrets(w)) expect((agent?.seen ?? []).filter((seen) => seen.text.includes(secret)).map((seen) => seen.what)).toEqual([]);

    const server = w.appServer?.url as string;
    const runs = requests.filter(({ url }) => url?.startsWith(`${server}/connections/`) && /\/actions\//.test(new URL(url).pathname));
    expect(runs.map(({ what }) => what.replace(server, '')).sort()).toEqual([
      'POST /connections/fujitsu/actions/summarise',
      'POST /connections/mico/actions/calls-with-customer',
    ]);
    // Nothing else the agent's browser sent reaches a connection: no try-action, no URL of Mico or Fujitsu.
    expect(requests.filter(({ url }) => url?.includes('/try-action'))).toEqual([]);
    expect(requests.filter(({ url }) => url?.startsWith(`${w.sandbox.url}/mico`) || url?.startsWith(`${w.sandbox.url}/fujitsu`))).toEqual([]);

    const allowed = ['conversationId', 'customerNumber', 'channel', 'input', 'recentMessages'];
    for (const { url, body } of runs) {
      expect(new URL(url as string).search).toBe('');
      const sent = JSON.parse(body ?? 'null') as { variables: Record<string, unknown> };
      expect(Object.keys(sent)).toEqual(['variables']);
      for (const name of Object.keys(sent.variables)) expect(allowed).toContain(name);
      const values = Object.values(sent.variables).flat();
      for (const value of values) {
        expect(typeof value).toBe('string');
        // No URL, host or path, absolute or relative, and no template with braces.
        expect(value).not.toMatch(/[a-z][a-z0-9+.-]*:\/\/|^\/|\.\.\/|\\|\{[a-zA-Z]+\}|localhost|127\.0\.0\.1/i);
      }
    }
    const byPath = Object.fromEntries(runs.map(({ url, body }) => [new URL(url as string).pathname, JSON.parse(body as string).variables]));
    // Only the values each action's template uses.
    expect(byPath['/connections/mico/actions/calls-with-customer']).toEqual({ customerNumber: ANA.slice(1) });
    expect(byPath['/connections/fujitsu/actions/summarise']).toEqual({ recentMessages: MESSAGES, channel: 'SMS' });
  });
});
