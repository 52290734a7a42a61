/**
 * The card's action panels against the real built app server and the Mico stand-in: actions that run
 * when the card opens, with the conversation's values; one that asks the agent for a value; answers in
 * words; "Use in reply"; failures in plain words with the next step.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, test, vi } from 'vitest';
import { saveActions, saveConnection } from '../../../src/api/app-server';
import type { ConversationMessage } from '../../../src/api/infobip/messages';
import { callByUidPreset, reachablePreset } from '../../../src/shared/action-presets';
import type { ConnectionAction } from '../../../src/shared/connection-action';
import { ConnectionActions } from '../../../src/ui/connections/ConnectionActions';
import { noInjectedElements, renderIn } from '../harness';
import { useAdminSession } from './admin-session';

const { sandbox, mico, server } = await useAdminSession();

/** The campaigns as a list, run when the card opens (the stand-in's answer: `{ data: [...] }`). */
const campaigns: ConnectionAction = {
  id: 'campaigns',
  label: 'Campaigns',
  labelJa: 'キャンペーン',
  audience: 'agents',
  method: 'GET',
  path: '/v1/campaigns',
  runs: 'on-open',
  cacheSeconds: 0,
  show: {
    kind: 'list',
    pointer: '/data',
    columns: [
      { pointer: '/name', label: 'Name', labelJa: '名前', format: 'text' },
      { pointer: '/status', label: 'Status', labelJa: 'ステータス', format: 'status' },
    ],
    maxRows: 5,
  },
};
/** A call's summary, run when the card opens, for the reply. */
const summary: ConnectionAction = {
  id: 'summary',
  label: 'Last call',
  labelJa: '最後の通話',
  audience: 'agents',
  method: 'GET',
  path: '/v1/outbound_calls/call_7f3a9c21',
  runs: 'on-open',
  cacheSeconds: 60,
  show: {
    kind: 'fields',
    fields: [
      { pointer: '/outcome', label: 'Outcome', labelJa: '結果', format: 'status' },
      { pointer: '/duration_seconds', label: 'Duration', labelJa: '通話時間', format: 'duration' },
      { pointer: '/summary', label: 'Summary', labelJa: '要約', format: 'text', useInReply: true },
    ],
  },
};

/** Mico saved through the server (with its secret, or a wrong one) and given `actions`, as an admin's settings page does. */
async function micoWith(actions: ConnectionAction[], clientSecret = mico.clientSecret) {
  await saveConnection(server, {
    id: 'mico',
    kind: 'mico',
    name: 'Mico',
    baseUrl: `${sandbox.url}/mico`,
    clientId: mico.clientId,
    clientSecret,
    probePath: '/v1/campaigns',
  });
  await saveActions(server, 'mico', actions);
}

const messages = [
  { direction: 'INBOUND', from: '41793026727', to: '447860099299', channel: 'SMS', contentType: 'TEXT', text: 'Where is my parcel?', content: {} },
] as unknown as ConversationMessage[];

const card = (locale: 'en' | 'ja' = 'en', onUseInReply = vi.fn()) =>
  renderIn(locale, <ConnectionActions server={server} conversationId="c1" messages={messages} onUseInReply={onUseInReply} />);
const expand = async (name = 'Connections') => fireEvent.click(await screen.findByRole('button', { name }));
const panel = async (name: string) => screen.findByRole('region', { name });

describe('the card’s action panels', () => {
  test('actions that run on open answer at once; the folded section says how many answers it holds', async () => {
    await micoWith([campaigns, summary]);
    card();
    expect(await screen.findByText('· 2 answers')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connections' }).getAttribute('aria-expanded')).toBe('false');
    await expand();
    const list = await panel('Campaigns');
    expect([...list.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual(['Parcel delivery follow-up', 'Active']);
    const last = await panel('Last call');
    expect(within(last).getByText('The customer confirmed')).toBeTruthy();
    expect(within(last).getByText('2 min 12 s')).toBeTruthy();
    expect(within(last).getByText(/^fetched \d{1,2}:\d\d/)).toBeTruthy();
    expect(noInjectedElements()).toBe(true);
  });

  test('“Use in reply” hands the summary over', async () => {
    await micoWith([summary]);
    const use = vi.fn();
    card('en', use);
    await expand();
    fireEvent.click(await screen.findByRole('button', { name: 'Use “Summary” in reply' }));
    expect(use).toHaveBeenCalledWith('Customer confirmed pickup at the Main Street depot.');
  });

  test('an action that asks for a value checks it at the field before anything is sent, then answers', async () => {
    await micoWith([callByUidPreset()]);
    card();
    await expand();
    const lookUp = await panel('Outbound call by UID');
    const before = sandbox.log.length;
    fireEvent.input(within(lookUp).getByLabelText('Call UID'), { target: { value: 'call 7f3a/../x' } });
    fireEvent.click(within(lookUp).getByRole('button', { name: 'Run' }));
    expect(within(lookUp).getByText('This is not a valid Call UID.')).toBeTruthy();
    expect(within(lookUp).getByLabelText('Call UID').getAttribute('aria-invalid')).toBe('true');
    expect(sandbox.log.length).toBe(before);
    fireEvent.input(within(lookUp).getByLabelText('Call UID'), { target: { value: 'call_7f3a9c21' } });
    fireEvent.click(within(lookUp).getByRole('button', { name: 'Run' }));
    expect(await within(lookUp).findByText('Completed')).toBeTruthy();
    expect(within(lookUp).getByText('Parcel delivery follow-up')).toBeTruthy();
  });

  test('nothing to say keeps a panel to one line; an unknown call’s 404 says to check the action’s path', async () => {
    const nothing: ConnectionAction = {
      ...summary,
      id: 'nothing',
      label: 'Nothing',
      show: { kind: 'fields', fields: [{ pointer: '/none', label: 'None', format: 'text' }] },
    };
    await micoWith([nothing, { ...summary, path: '/v1/outbound_calls/none' }]);
    card();
    expect(await screen.findByText('· 1 failed')).toBeTruthy();
    await expand();
    const empty = await panel('Nothing');
    await within(empty).findByText('Nothing found');
    expect(empty.querySelector('dl')).toBeNull();
    expect(empty.children).toHaveLength(1);
    const alert = await within(await panel('Last call')).findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('Ask an admin to check the action’s path on the settings page.'));
    expect(alert.textContent).toContain('Couldn’t run “Last call”');
  });

  test('a secret Mico refuses: ask an admin to check the Mico connection’s secret, the code in the details', async () => {
    await micoWith([summary], 'wrong');
    card();
    await expand();
    const alert = await within(await panel('Last call')).findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('Ask an admin to check the Mico connection’s secret on the settings page.'));
    expect(alert.querySelector('details')?.textContent).toContain('BAD_CREDENTIALS');
  });

  test('in Japanese: labels, values and the summary line', async () => {
    await micoWith([campaigns, summary, reachablePreset('/v1/campaigns')]);
    card('ja');
    expect(await screen.findByText('· 回答 2 件')).toBeTruthy();
    await expand('外部接続');
    const last = await panel('最後の通話');
    expect(within(last).getByText('お客様確認済み')).toBeTruthy();
    expect(within(last).getByText('2分12秒')).toBeTruthy();
    expect(within(await panel('キャンペーン')).getByText('有効')).toBeTruthy();
    fireEvent.click(within(await panel('接続できるか確認')).getByRole('button', { name: '実行' }));
    expect(await screen.findByText(/^接続できます · 200 · [\d,]+ ミリ秒$/)).toBeTruthy();
  });

  test('an action that needs the customer’s number waits for the messages', async () => {
    await micoWith([{ ...summary, path: '/v1/outbound_calls/{customerNumber}' }]);
    const before = sandbox.log.length;
    const { rerender } = renderIn('en', <ConnectionActions server={server} conversationId="c1" messages={undefined} />);
    await screen.findByRole('button', { name: 'Connections' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sandbox.log.slice(before).map((r: { path: string }) => r.path)).not.toContainEqual(expect.stringContaining('outbound_calls'));
    rerender(<ConnectionActions server={server} conversationId="c1" messages={messages} />);
    await waitFor(() => expect(sandbox.log.slice(before).some((r: { path: string }) => r.path === '/mico/v1/outbound_calls/41793026727')).toBe(true));
  });
});
