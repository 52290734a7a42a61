import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { memoryStore, sealed, type KeyValueStore } from '../../../src/storage/store';
import type { ConnectionDefaults } from '../../../src/config/config';
import { recordKey, tokenKey } from '../../../src/connections/keys';
import { listConnections, saveConnection } from '../../../src/connections/store';
import { ConnectionsSettings } from '../../../src/connections/ui/ConnectionsSettings';
import { useProviders } from '../../connections/support';
import { findAlert, renderIn } from '../harness';

const p = await useProviders();
const page = () => document.documentElement.outerHTML;

function settings(store: KeyValueStore = sealed(memoryStore()), defaults: ConnectionDefaults[] = [], locale: 'en' | 'ja' = 'en') {
  renderIn(locale, <ConnectionsSettings store={store} defaults={defaults} />);
  return store;
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const loaded = () => waitFor(() => expect(screen.queryByText('Loading the connections…')).toBeNull());

describe('the connections settings', () => {
  test('adds a Mico connection: secrets are password inputs, and once saved the secret is nowhere in the page', async () => {
    const store = settings();
    await loaded();
    expect(screen.getByText('No connections yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a connection' }));
    expect((screen.getByLabelText('Type') as HTMLSelectElement).value).toBe('mico');
    expect((screen.getByLabelText('Base URL') as HTMLInputElement).value).toBe('https://api.micovoice.com');
    expect((screen.getByLabelText('Client secret') as HTMLInputElement).type).toBe('password');
    type('Name', 'Mico');
    type('Base URL', `${p.sandbox.url}/mico`);
    type('Probe path', '/v1/campaigns');
    type('Client ID', p.mico.clientId);
    type('Client secret', p.mico.clientSecret);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('"Mico" was saved.')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Mico' })).toBeTruthy();
    expect(page()).not.toContain(p.mico.clientSecret);
    expect(await listConnections(store)).toMatchObject([{ kind: 'mico', name: 'Mico', clientSecret: p.mico.clientSecret }]);
  });

  test('keeps keyboard focus: Cancel returns it to the button that opened the form, Save to the section heading', async () => {
    settings(sealed(memoryStore()), [{ id: 'mico', kind: 'mico', name: 'Mico Voice AI', baseUrl: `${p.sandbox.url}/mico`, clientId: p.mico.clientId, probePath: '/v1/campaigns' }]);
    await loaded();
    const setUp = screen.getByRole('button', { name: 'Set up' });
    expect(setUp.getAttribute('aria-describedby') && document.getElementById(setUp.getAttribute('aria-describedby')!)?.textContent).toBe('Mico Voice AI');
    setUp.focus();
    fireEvent.click(setUp);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Set up' })));
    fireEvent.click(screen.getByRole('button', { name: 'Set up' }));
    type('Client secret', p.mico.clientSecret);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('"Mico Voice AI" was saved.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'External connections' })));
  });

  test('says what is wrong next to each field, and saves nothing', async () => {
    const store = settings();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Add a connection' }));
    type('Base URL', 'http://api.micovoice.com');
    type('Scope', '"outbound_calls:read"');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const baseUrl = screen.getByLabelText('Base URL');
    expect(baseUrl.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(baseUrl.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Use an https URL without a query (http only for localhost).');
    expect(screen.getAllByText('Fill this in.')).toHaveLength(3); // probe path, client ID, client secret
    expect(screen.getByText('Separate scopes with single spaces; no quotes.')).toBeTruthy();
    expect(await listConnections(store)).toEqual([]);
  });

  test('changing the type shows that method\'s fields: Primary and Secondary key', async () => {
    settings();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Add a connection' }));
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'fujitsu-api-key' } });
    expect((screen.getByLabelText('Primary key') as HTMLInputElement).type).toBe('password');
    expect((screen.getByLabelText('Secondary key') as HTMLInputElement).type).toBe('password');
    expect(screen.queryByLabelText('Client ID')).toBeNull();
    expect((screen.getByLabelText('Base URL') as HTMLInputElement).value).toBe('https://api.aispf.global.fujitsu.com');
  });

  test('editing shows saved secrets as "saved", never their text; an empty input keeps them', async () => {
    const store = sealed(memoryStore());
    const keys = p.connection('fujitsu-api-key', { name: 'Keys' });
    await saveConnection(store, keys);
    settings(store);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const primary = screen.getByLabelText('Primary key') as HTMLInputElement;
    expect(primary.value).toBe('');
    expect(within(primary.parentElement!).getByText('Saved. Leave empty to keep it, or type a new value to replace it.')).toBeTruthy();
    expect(page()).not.toContain(keys.primaryKey);
    type('Name', 'Keys renamed');
    type('Secondary key', 'replaced-secondary');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('"Keys renamed" was saved.');
    expect(await listConnections(store)).toEqual([{ ...keys, name: 'Keys renamed', secondaryKey: 'replaced-secondary' }]);
  });

  test('Test connection shows the status and the time taken; a refused sign-in shows the provider\'s words', async () => {
    const store = sealed(memoryStore());
    await saveConnection(store, p.connection('fujitsu-oauth', { name: 'Good' }));
    await saveConnection(store, p.connection('fujitsu-legacy', { name: 'Bad', id: 'bad', clientSecret: 'wrong' }));
    settings(store);
    const [good, bad] = await screen.findAllByRole('button', { name: 'Test connection' });
    fireEvent.click(good!);
    expect(await screen.findByText(/^HTTP 200 in \d+ ms$/)).toBeTruthy();
    fireEvent.click(bad!);
    const alert = await findAlert();
    expect(alert.textContent).toContain('Testing "Bad" failed');
    expect(alert.textContent).toContain('"Bad" refused to sign in (HTTP 401).');
    expect(alert.textContent).toContain('Bad said: Invalid client ID or client secret.');
  });

  test('a probe path the server does not have: its status and words, as a result, not an error', async () => {
    const store = sealed(memoryStore());
    await saveConnection(store, p.connection('fujitsu-api-key', { name: 'Keys', probePath: '/v1/unknown' }));
    settings(store);
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const status = await screen.findByText(/^HTTP 404 in \d+ ms/);
    expect(status.textContent).toContain('Keys said: Resource not found');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('Remove asks first, then wipes the record with its secrets and the cached token', async () => {
    const store = sealed(memoryStore());
    const oauth = p.connection('fujitsu-oauth', { name: 'OAuth' });
    await saveConnection(store, oauth);
    settings(store);
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    await screen.findByText(/^HTTP 200/);
    expect(await store.get(tokenKey(oauth.id))).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(screen.getByText('Remove "OAuth" and wipe its saved secrets from this browser?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    expect(await screen.findByText('"OAuth" was removed.')).toBeTruthy();
    expect(await store.get(recordKey(oauth.id))).toBeUndefined();
    expect(await store.get(tokenKey(oauth.id))).toBeUndefined();
    expect(await screen.findByText('No connections yet.')).toBeTruthy();
  });

  test('offers config.json\'s connections for setting up, prefilled with its non-secret fields', async () => {
    const store = settings(sealed(memoryStore()), [
      { id: 'fj', kind: 'fujitsu-legacy', name: 'Fujitsu (config)', baseUrl: `${p.sandbox.url}/fujitsu`, clientId: p.fujitsu.clientId, probePath: '/v1/health' },
    ]);
    expect(await screen.findByText('Suggested by config.json, not set up in this browser yet.', { exact: false })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Set up' }));
    expect(screen.queryByLabelText('Type')).toBeNull();
    expect((screen.getByLabelText('Client ID') as HTMLInputElement).value).toBe(p.fujitsu.clientId);
    expect((screen.getByLabelText('Token path') as HTMLInputElement).value).toBe('/auth/v1/tokens');
    type('Client secret', p.fujitsu.clientSecret);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('"Fujitsu (config)" was saved.');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Set up' })).toBeNull());
    expect(await listConnections(store)).toMatchObject([{ id: 'fj', clientSecret: p.fujitsu.clientSecret }]);
  });

  test('a config.json entry it cannot use is an alert naming the field', async () => {
    settings(sealed(memoryStore()), [{ id: 'x', kind: 'salesforce' }]);
    const alert = await findAlert();
    expect(alert.textContent).toContain('config.json: "connections[0].kind" must be one of mico, fujitsu-api-key, fujitsu-oauth, fujitsu-legacy');
  });

  test('speaks Japanese', async () => {
    settings(sealed(memoryStore()), [], 'ja');
    expect(await screen.findByRole('heading', { name: '外部接続' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '接続を追加' }));
    expect(screen.getByLabelText('クライアントシークレット')).toBeTruthy();
  });
});
