import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, test, vi } from 'vitest';
import { SettingsScreen, type SettingsScreenProps } from '../../src/ui/SettingsScreen';
import { useSandbox } from '../support/sandbox';
import { findAlert, XSS, noInjectedElements, renderIn, signedIn } from './harness';

const { sandbox, config } = await useSandbox();

function settings(props: Partial<SettingsScreenProps> & { locale?: 'en' | 'ja'; user?: Record<string, unknown> } = {}) {
  const { locale = 'en', user, ...rest } = props;
  const { record, infobip } = signedIn(sandbox, config, user);
  const all: SettingsScreenProps = { identity: record.identity, infobip, config, onSignOut: () => {}, ...rest };
  return renderIn(locale, <SettingsScreen {...all} />);
}

const loaded = () => screen.findByText(sandbox.app.clientId);
const page = () => document.documentElement.outerHTML;

describe('the OAuth client', () => {
  test('says it is loading, then shows client ID, app ID and redirect URI', async () => {
    sandbox.behave({ delayMs: { '/api/amg': 150 } });
    settings();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('App settings');
    expect(screen.getByText("Loading the app's OAuth settings…").getAttribute('role')).toBe('status');
    await loaded();
    expect(screen.getByText(sandbox.app.appId)).toBeTruthy();
    expect(screen.getByText(config.redirectUri)).toBeTruthy();
  });

  test('keeps both secrets out of the document until one is revealed', async () => {
    settings();
    await loaded();
    const { clientSecret, signingSecret } = sandbox.app;
    expect(screen.getAllByText('••••••••')).toHaveLength(2);
    for (const secret of [clientSecret, signingSecret]) {
      expect(document.body.textContent).not.toContain(secret);
      expect(page()).not.toContain(secret);
    }
  });

  test('Reveal shows one secret and becomes Hide; Hide hides it again', async () => {
    settings();
    await loaded();
    const { clientSecret, signingSecret } = sandbox.app;
    fireEvent.click(screen.getByRole('button', { name: 'Reveal Client secret' }));
    expect(screen.getByText(clientSecret)).toBeTruthy();
    expect(page()).not.toContain(signingSecret);
    const hide = screen.getByRole('button', { name: 'Hide Client secret' });
    expect(hide.textContent).toBe('Hide');
    fireEvent.click(hide);
    expect(page()).not.toContain(clientSecret);
    expect(screen.getByRole('button', { name: 'Reveal Client secret' }).textContent).toBe('Reveal');
  });

  test('Client ID and Redirect URI have Copy buttons', async () => {
    settings();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Client ID' }));
    await waitFor(() => expect(screen.getByText('Client ID copied.').getAttribute('role')).toBe('status'));
    expect(await navigator.clipboard.readText()).toBe(sandbox.app.clientId);
    fireEvent.click(screen.getByRole('button', { name: 'Copy Redirect URI' }));
    await waitFor(() => expect(screen.getByText('Redirect URI copied.')).toBeTruthy());
    expect(await navigator.clipboard.readText()).toBe(sandbox.app.redirectUris[0]);
  });

  test('Copy puts the secret on the clipboard without showing it, and says so', async () => {
    settings();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Signing secret' }));
    await waitFor(() => expect(screen.getByText('Signing secret copied.').getAttribute('role')).toBe('status'));
    expect(await navigator.clipboard.readText()).toBe(sandbox.app.signingSecret);
    expect(page()).not.toContain(sandbox.app.signingSecret);
  });

  test('a refused Copy says why', async () => {
    const spy = vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    try {
      settings();
      await loaded();
      fireEvent.click(screen.getByRole('button', { name: 'Copy Client secret' }));
      expect(await screen.findByText("Couldn't copy Client secret: this browser did not allow access to the clipboard.")).toBeTruthy();
    } finally {
      spy.mockRestore();
    }
  });

  test('warns when config.json names another client than Infobip has', async () => {
    settings({ config: { ...config, clientId: 'ffffffffffffffffffffffffffffffff' } });
    await loaded();
    expect(screen.getByText(/config\.json has a different clientId: ffffffffffffffffffffffffffffffff/)).toBeTruthy();
  });

  test('a user without permission is told so in Infobip’s words, with no pointless retry', async () => {
    sandbox.behave({ portal: '403' });
    settings();
    const alert = await findAlert();
    expect(alert.textContent).toContain("Couldn't load the app's OAuth settings");
    expect(alert.textContent).toContain('Your Infobip user is not allowed to do this.');
    expect(alert.textContent).toContain('Infobip said:');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  test('an outage offers Try again, which loads the settings', async () => {
    sandbox.failNext({ path: '/api/amg', status: 503, count: 3 });
    settings();
    const alert = await findAlert();
    expect(alert.textContent).toContain('Service temporarily unavailable');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await loaded();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the signed-in user', () => {
  test('shows username, email, roles and groups as lists', async () => {
    settings({
      user: {
        roles: [
          { id: 1, name: ' Manager 1' },
          { id: 2, name: 'Agent' },
        ],
        groups: [{ id: 54004, name: 'Group1' }],
      },
    });
    expect(screen.getByText('developeruser')).toBeTruthy();
    expect(screen.getByText('developer@infobip.com')).toBeTruthy();
    const lists = screen.getAllByRole('list');
    expect(
      lists.map((l) =>
        within(l)
          .getAllByRole('listitem')
          .map((i) => i.textContent),
      ),
    ).toEqual([['Manager 1', 'Agent'], ['Group1']]);
  });

  test('shows markup in names, roles and groups as literal text', async () => {
    settings({ user: { username: XSS, email: XSS, roles: [{ id: 1, name: XSS }], groups: [{ id: 2, name: XSS }] } });
    await loaded();
    expect(screen.getAllByText(XSS)).toHaveLength(4);
    expect(noInjectedElements()).toBe(true);
  });

  test('says "None" when there are no roles or groups', async () => {
    settings({ user: { roles: [], groups: [] } });
    expect(screen.getAllByText('None')).toHaveLength(2);
  });

  test('Sign out calls the page’s handler', async () => {
    const onSignOut = vi.fn();
    settings({ onSignOut });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
  });
});

test('further sections come last, after the user', async () => {
  settings({ children: <h2>External connections</h2> });
  const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
  expect(headings).toEqual(['OAuth client at Infobip', 'Your Infobip user', 'External connections']);
});

test('speaks Japanese', async () => {
  settings({ locale: 'ja' });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('アプリ設定');
  await loaded();
  expect(screen.getByRole('button', { name: 'クライアントシークレットを表示' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'サインアウト' })).toBeTruthy();
});
