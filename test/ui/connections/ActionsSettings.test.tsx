/**
 * Defining a connection's actions on the settings page, against the real app server and the Mico
 * stand-in: from a preset, refused at the field, tried with sample values, and named in the audit log.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, test } from 'vitest';
import { ActionProblems, listConnections, removeConnection, saveActions, saveConnection } from '../../../src/api/app-server';
import { defaultActions } from '../../../src/shared/action-presets';
import { ConnectionsSettings } from '../../../src/ui/connections/ConnectionsSettings';
import { renderIn } from '../harness';
import { useAdminSession } from './admin-session';

const { sandbox, mico, server, micoDraft } = await useAdminSession();
const CALL = 'call_7f3a9c21';

/** Mico as a fresh connection: its actions the presets, as every connection has until an admin changes them. */
beforeEach(async () => {
  await removeConnection(server, 'mico').catch(() => undefined);
  const { lastStatus } = await saveConnection(server, micoDraft());
  expect(lastStatus.ok).toBe(true);
});

const settings = (locale: 'en' | 'ja' = 'en') => renderIn(locale, <ConnectionsSettings server={server} defaults={[]} hadBrowserConnections={false} />);
const savedActions = async () => (await listConnections(server)).connections.find((c) => c.id === 'mico');
/** The actions section of Mico, once loaded. */
const actionsOf = async (heading = 'Actions on the card') => (await screen.findByRole('heading', { name: heading })).parentElement as HTMLElement;

describe('the actions of a connection', () => {
  test('are listed with what they ask, when they run and who may run them', async () => {
    settings();
    const section = await actionsOf();
    expect(section.textContent).toContain('Is it reachable?');
    expect(section.textContent).toContain('GET /v1/outbound_calls/{input}');
    expect(section.textContent).toContain('When the agent clicks · Every agent');
    expect(section.textContent).toContain('The presets');
    expect(within(section).getByRole('button', { name: 'Edit "Outbound call by UID"' })).toBeTruthy();
  });

  test('one added from a preset is saved with the rest, and listed', async () => {
    settings();
    const section = await actionsOf();
    fireEvent.change(within(section).getByLabelText('Start a new action from'), { target: { value: 'calls-with-customer' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add action' }));
    // The action's own label comes first; each column of the list has one too.
    const label = within(section).getAllByRole('textbox', { name: 'Label' })[0] as HTMLInputElement;
    expect(label.value).toBe('Calls with this customer');
    expect((within(section).getByRole('textbox', { name: 'Path' }) as HTMLInputElement).value).toBe('/v1/outbound_calls?to={customerNumber}');
    fireEvent.input(label, { target: { value: 'Their calls' } });
    // Tried before it is saved: the customer's calls as the agent's card would list them.
    fireEvent.input(within(section).getByRole('textbox', { name: 'Customer’s number' }), { target: { value: '41793026727' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Try it' }));
    await within(section).findByText(`GET ${sandbox.url}/mico/v1/outbound_calls?to=41793026727`);
    expect((await within(section).findAllByRole('row')).length).toBeGreaterThan(1);
    fireEvent.click(within(section).getByRole('button', { name: 'Save action' }));
    await screen.findByText('The actions of "Mico" were saved.');

    const saved = await savedActions();
    expect(saved?.actionsChanged).toBe(true);
    expect(saved?.actions.map((action) => action.label)).toEqual(['Is it reachable?', 'Outbound call by UID', 'Their calls']);
    expect(saved?.actions[2]).toMatchObject({
      id: 'calls-with-customer',
      runs: 'on-open',
      cacheSeconds: 300,
      show: { kind: 'list', pointer: '/data', maxRows: 5 },
    });
    const again = await actionsOf();
    expect(again.textContent).toContain('Their calls');
    expect(again.textContent).toContain('When the card opens, the answer kept 5 min · Every agent');
  });

  test('one removed is gone from the list the server keeps', async () => {
    settings();
    const section = await actionsOf();
    fireEvent.click(within(section).getByRole('button', { name: 'Remove "Is it reachable?"' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Yes, remove' }));
    await screen.findByText('"Is it reachable?" was removed from "Mico".');
    expect((await savedActions())?.actions.map((action) => action.id)).toEqual(['call-by-uid']);
  });
});

describe('an action with a problem', () => {
  test('a bad path template shows its problem at the field, keeps what was typed, and nothing is saved', async () => {
    settings();
    const section = await actionsOf();
    fireEvent.click(within(section).getByRole('button', { name: 'Edit "Is it reachable?"' }));
    const path = within(section).getByRole('textbox', { name: 'Path' }) as HTMLInputElement;
    fireEvent.input(path, { target: { value: 'v1/calls/{uid}' } });
    // Checked as the admin leaves the field.
    fireEvent.focusOut(path);
    const problem = await within(section).findByText('Start with / and use no spaces or #.');
    expect(problem.getAttribute('role')).toBe('alert');
    expect(path.getAttribute('aria-describedby')).toContain(problem.id);
    expect(path.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(path, { target: { value: '/v1/calls/{uid}' } });
    await within(section).findByText(/Use only these in braces: \{customerNumber\}/);
    fireEvent.click(within(section).getByRole('button', { name: 'Save action' }));
    await within(section).findByText('Some fields need a change: each says what to do. Nothing was saved.');
    expect(path.value).toBe('/v1/calls/{uid}');
    const saved = await savedActions();
    expect(saved?.actionsChanged).toBe(false);
    expect(saved?.actions).toEqual(defaultActions({ kind: 'mico', probePath: '/v1/campaigns' }));
  });

  test('a list the server refuses names each problem by its field', async () => {
    const [probe] = defaultActions({ kind: 'mico', probePath: '/v1/campaigns' });
    const refused = await saveActions(server, 'mico', [{ ...probe, path: 'no-slash' } as never]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ActionProblems);
    expect((refused as ActionProblems).problems).toEqual([{ field: 'actions.0.path', problem: 'path' }]);
  });

  test('in Japanese, in the form’s own words', async () => {
    settings('ja');
    const section = await actionsOf('カードのアクション');
    fireEvent.click(within(section).getByRole('button', { name: '編集：「接続できるか確認」' }));
    const path = within(section).getByRole('textbox', { name: 'パス' });
    fireEvent.input(path, { target: { value: '/v1/a b' } });
    fireEvent.click(within(section).getByRole('button', { name: 'アクションを保存' }));
    await within(section).findByText('/ で始め、スペースや # を含めないでください。');
    expect(section.textContent).not.toMatch(/\bact\.[a-z]/);
  });
});

describe('Try it', () => {
  const tryCall = async (uid: string) => {
    settings();
    const section = await actionsOf();
    fireEvent.click(within(section).getByRole('button', { name: 'Edit "Outbound call by UID"' }));
    fireEvent.input(within(section).getByRole('textbox', { name: 'What the agent types (Call UID)' }), { target: { value: uid } });
    fireEvent.click(within(section).getByRole('button', { name: 'Try it' }));
    return section;
  };

  test('shows the request the server sent and what an agent would see, never a secret', async () => {
    const section = await tryCall(CALL);
    await within(section).findByText(`GET ${sandbox.url}/mico/v1/outbound_calls/${CALL}`);
    await within(section).findByText('Parcel delivery follow-up');
    expect(section.textContent).toContain('What an agent would see');
    expect(section.textContent).not.toContain(mico.clientSecret);
    // Tried, not saved.
    expect((await savedActions())?.actionsChanged).toBe(false);
  });

  test('an answer the connection refused is the error an agent would see', async () => {
    const section = await tryCall('call_unknown');
    await within(section).findByText(`GET ${sandbox.url}/mico/v1/outbound_calls/call_unknown`);
    const alert = await waitFor(() => within(section).getByText('An agent would see this error').closest('[role="alert"]') as HTMLElement);
    await waitFor(() => expect(alert.textContent).toMatch(/404/), { timeout: 5000 });
  });
});

describe('the audit log', () => {
  test('names the connection and the action, with a four-digit year', async () => {
    const [probe, call] = defaultActions({ kind: 'mico', probePath: '/v1/campaigns' });
    await saveActions(server, 'mico', [{ ...(call as NonNullable<typeof call>), label: 'Call by its UID' }, probe as NonNullable<typeof probe>]);
    const section = await (async () => {
      settings();
      return actionsOf();
    })();
    fireEvent.click(within(section).getByRole('button', { name: 'Edit "Call by its UID"' }));
    fireEvent.input(within(section).getByRole('textbox', { name: 'What the agent types (Call UID)' }), { target: { value: CALL } });
    fireEvent.click(within(section).getByRole('button', { name: 'Try it' }));
    await within(section).findByText('Parcel delivery follow-up');
    // The server writes an action's entry up to 250 ms later, in a batch; the log loads again after the save.
    await new Promise((resolve) => setTimeout(resolve, 600));
    fireEvent.click(within(section).getByRole('button', { name: 'Save action' }));
    await screen.findByText('The actions of "Mico" were saved.');
    // The list, and the log with it, loads again after the save.
    const tried = (await screen.findByText('Call by its UID (tried in the settings)', {}, { timeout: 5000 })).closest('tr') as HTMLElement;
    const log = tried.closest('section') as HTMLElement;
    expect(tried.textContent).toContain('Mico');
    expect(within(tried).getAllByRole('cell')[0]?.textContent).toContain(String(new Date().getFullYear()));
    expect(log.textContent).toContain('actions updated');
    // A change of actions by their labels and the parts that changed, not their JSON.
    expect(log.textContent).toContain('Action "Call by its UID" changed: Label');
    expect(log.textContent).not.toContain('"pointer"');
  });
});
