import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { memoryStore, sealed } from '../../../src/storage/store';
import { hasConnections } from '../../../src/connections/keys';
import { saveConnection } from '../../../src/connections/store';
import type { Connection } from '../../../src/connections/types';
import { ConnectionActions } from '../../../src/connections/ui/ConnectionActions';
import { useProviders } from '../../connections/support';
import { findAlert, XSS, noInjectedElements, renderIn } from '../harness';

const p = await useProviders();

/** The card with these connections saved in its store, once they are shown. */
async function card(connections: Connection[], locale: 'en' | 'ja' = 'en') {
  const store = sealed(memoryStore());
  for (const connection of connections) await saveConnection(store, connection);
  renderIn(locale, <ConnectionActions store={store} />);
  await screen.findByRole('heading', { level: 2 });
}

const lookUp = (uid: string) => {
  fireEvent.input(screen.getByLabelText('Outbound call UID'), { target: { value: uid } });
  fireEvent.click(screen.getByRole('button', { name: 'Look up outbound call' }));
};

describe('the card\'s connection actions', () => {
  test('without connections: hasConnections() is false, and the section renders nothing', async () => {
    const store = sealed(memoryStore());
    expect(await hasConnections(store)).toBe(false);
    const { container } = renderIn('en', <ConnectionActions store={store} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.innerHTML).toBe('');
    await saveConnection(store, p.connection('mico'));
    expect(await hasConnections(store)).toBe(true);
  });

  test('looks up a Mico outbound call by UID and lists what comes back, nested fields included', async () => {
    await card([p.connection('mico', { name: 'Mico' })]);
    expect(screen.getByRole('heading', { name: 'Mico' })).toBeTruthy();
    lookUp('call_7f3a9c21');
    expect(await screen.findByText('campaign.name')).toBeTruthy();
    expect(screen.getByText('Parcel delivery follow-up')).toBeTruthy();
    expect(screen.getByText('duration_seconds').nextElementSibling?.textContent).toBe('132');
  });

  test('renders what Mico answers as text, never as markup', async () => {
    p.mico.addCall({ uid: 'x1', summary: XSS, [XSS]: 'key' });
    await card([p.connection('mico')]);
    lookUp('x1');
    expect(await screen.findAllByText(XSS)).toHaveLength(2); // a field's name and a value
    expect(noInjectedElements()).toBe(true);
  });

  test('an unknown call: an alert with Mico\'s words', async () => {
    await card([p.connection('mico', { name: 'Mico' })]);
    lookUp('nope');
    const alert = await findAlert();
    expect(alert.textContent).toContain("Couldn't look up the call in Mico");
    expect(alert.textContent).toContain('Mico said: Outbound call nope not found.');
  });

  test('the Primary key revoked mid-session: the probe still succeeds, nothing shows it', async () => {
    await card([p.connection('fujitsu-api-key', { name: 'Fujitsu' })]);
    const probe = screen.getByRole('button', { name: 'Run probe' });
    fireEvent.click(probe);
    await screen.findByText(/^HTTP 200 in \d+ ms$/);
    p.fujitsu.revokeKey('primary');
    fireEvent.click(probe);
    await waitFor(() => expect(p.fujitsu.keyUses.at(-1)).toEqual({ key: 'secondary', accepted: true }));
    await screen.findByText(/^HTTP 200 in \d+ ms$/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('both keys refused: an alert naming the connection and saying both keys failed', async () => {
    p.fujitsu.revokeKey('primary');
    p.fujitsu.revokeKey('secondary');
    await card([p.connection('fujitsu-api-key', { name: 'Fujitsu prod' })]);
    fireEvent.click(screen.getByRole('button', { name: 'Run probe' }));
    const alert = await findAlert();
    expect(alert.textContent).toContain("Couldn't run the probe on Fujitsu prod");
    expect(alert.textContent).toContain('"Fujitsu prod": both the Primary and the Secondary API key were refused (HTTP 401).');
    expect(alert.textContent).toContain('Fujitsu prod said:');
    expect(alert.textContent).toContain('invalid subscription key');
  });

  test('every Fujitsu method probes; a legacy and an OAuth connection side by side', async () => {
    await card([p.connection('fujitsu-oauth', { name: 'OAuth' }), p.connection('fujitsu-legacy', { name: 'Legacy' })]);
    for (const button of screen.getAllByRole('button', { name: 'Run probe' })) fireEvent.click(button);
    await waitFor(() => expect(screen.getAllByText(/^HTTP 200 in \d+ ms$/)).toHaveLength(2));
  });

  test('speaks Japanese', async () => {
    await card([p.connection('fujitsu-api-key', { name: 'Fujitsu' })], 'ja');
    expect(screen.getByRole('heading', { name: '外部接続' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'プローブを実行' }));
    expect(await screen.findByText(/^HTTP 200（\d+ ミリ秒）$/)).toBeTruthy();
  });
});
