import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { listConnections, runAction, saveConnection } from '../../src/api/app-server';
import { loadT } from '../../src/i18n';
import { enConnections } from '../../src/i18n/en-connections';
import { API_ERROR_CODES } from '../../src/shared/api-error-codes';
import { BODY_VARIABLES } from '../../src/shared/connection-action';
import { ConnectionsSettings, statusText } from '../../src/ui/connections/ConnectionsSettings';
import { useAdminSession } from './connections/admin-session';
import { renderIn } from './harness';

const { sandbox, mico, server, micoDraft } = await useAdminSession();

/** Saved through the server with a secret Mico refuses, so its last test failed with BAD_CREDENTIALS. */
async function refusedMico() {
  const { lastStatus } = await saveConnection(server, micoDraft('wrong'));
  expect(lastStatus).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS' });
}

const settings = (locale: 'en' | 'ja' = 'en') => renderIn(locale, <ConnectionsSettings server={server} defaults={[]} hadBrowserConnections={false} />);

/** What a person reads: no message key and no placeholder left unfilled (`{uid}` is typed into a call path as it is, and an action's variables into its path). */
function readable(text: string | null) {
  expect(text).not.toMatch(/\b(error|conn|act)\.[A-Za-z_.]+/);
  for (const [, name] of (text ?? '').matchAll(/\{(\w+)\}/g)) expect(['uid', ...BODY_VARIABLES]).toContain(name);
  expect(text).not.toMatch(/ {2}/);
}

describe('a connection whose last test failed', () => {
  test('says why in words, with the provider’s own', async () => {
    await refusedMico();
    settings();
    const status = await screen.findByText(/^Last test failed:/);
    expect(status.textContent).toContain('Mico did not accept the credentials this app has for it.');
    expect(status.textContent).toContain('Mico said: “');
    readable(status.textContent);
    readable(document.body.textContent);
  });

  test('a save whose test fails stores nothing, says why at the secret, and "Save anyway" saves', async () => {
    await refusedMico();
    settings();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Mico voice' } });
    const secret = screen.getByLabelText('Client secret') as HTMLInputElement;
    fireEvent.input(secret, { target: { value: 'still wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    const problem = await screen.findByText(/^The test failed: Mico voice did not accept the credentials/);
    expect(problem.textContent).toContain('HTTP 401');
    expect(problem.textContent).toMatch(/Type the current one again/);
    expect(secret.getAttribute('aria-describedby')).toContain(problem.id);
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('Nothing was saved');
    // The form stays open with what was typed; the server still has the connection as it was.
    expect(secret.value).toBe('still wrong');
    expect((await listConnections(server)).connections.find((c) => c.id === 'mico')?.settings.name).toBe('Mico');
    readable(document.body.textContent);

    fireEvent.click(screen.getByRole('button', { name: 'Save anyway' }));
    const saved = await screen.findByText(/^"Mico voice" was saved, but its test failed: /);
    expect(saved.getAttribute('role')).toBe('status');
    expect((await listConnections(server)).connections.find((c) => c.id === 'mico')?.settings.name).toBe('Mico voice');
    expect(screen.queryByRole('button', { name: 'Save anyway' })).toBeNull();
  });

  test('a probe path with nothing at it is pointed out at the path', async () => {
    await refusedMico();
    settings();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.input(screen.getByLabelText('Client secret'), { target: { value: mico.clientSecret } });
    const path = screen.getByRole('textbox', { name: 'Probe path' });
    fireEvent.input(path, { target: { value: '/v1/nothing-here' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    const problem = await screen.findByText(/^The test failed: .*HTTP 404.* Check the path\.$/);
    expect(path.getAttribute('aria-describedby')).toContain(problem.id);
    expect((await listConnections(server)).connections.find((c) => c.id === 'mico')?.settings.probePath).toBe('/v1/campaigns');
  });

  test('a failed test in Japanese, with "Save anyway"', async () => {
    await refusedMico();
    settings('ja');
    fireEvent.click(await screen.findByRole('button', { name: '編集' }));
    fireEvent.click(screen.getByRole('button', { name: '保存してテスト' }));
    await screen.findByText(/^テストに失敗しました：/);
    expect(screen.getByRole('button', { name: 'このまま保存' })).toBeTruthy();
    readable(document.body.textContent);
  });

  test('in Japanese', async () => {
    await refusedMico();
    settings('ja');
    const item = (await screen.findByRole('heading', { name: 'Mico' })).parentElement as HTMLElement;
    await within(item).findByText(/HTTP 401/);
    readable(document.body.textContent);
    expect(document.body.textContent).not.toContain('did not accept the credentials');
  });
});

describe('a save the server refuses for a field', () => {
  const saveWithBaseUrl = async (locale: 'en' | 'ja', baseUrl: string, save: string) => {
    await refusedMico();
    settings(locale);
    fireEvent.click(await screen.findByRole('button', { name: locale === 'en' ? 'Edit' : '編集' }));
    const field = screen.getByRole('textbox', { name: /Base URL|ベース URL/ });
    fireEvent.input(field, { target: { value: baseUrl } });
    fireEvent.click(screen.getByRole('button', { name: save }));
    return field as HTMLInputElement;
  };

  test('shows the problem beside that field, and keeps what was typed', async () => {
    const field = await saveWithBaseUrl('en', 'ftp://mico.example', 'Save and test');
    const problem = await screen.findByText('Use an https URL without a query (http only for localhost).');
    expect(field.getAttribute('aria-describedby')).toContain(problem.id);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.value).toBe('ftp://mico.example');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('in Japanese, in the form’s own words', async () => {
    await saveWithBaseUrl('ja', 'https://mico.example/?q=1', '保存してテスト');
    const problem = await screen.findByText('クエリのない https の URL を入力してください（http は localhost のみ）。');
    expect(problem.id).not.toBe('');
  });

  test('an address the app server does not connect to, beside the base URL', async () => {
    const field = await saveWithBaseUrl('en', 'https://mico.elsewhere.example', 'Save and test');
    const problem = await screen.findByText(
      "The app server does not connect to this address. Use the service's public https address, or ask the server's operator.",
    );
    expect(field.getAttribute('aria-describedby')).toContain(problem.id);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('in Japanese too', async () => {
    await saveWithBaseUrl('ja', 'https://mico.elsewhere.example', '保存してテスト');
    await screen.findByText('アプリサーバーはこのアドレスに接続しません。サービスの公開 https アドレスを使うか、サーバーの運用者に確認してください。');
  });
});

describe('an edit that sends the connection somewhere else', () => {
  const moveMico = async (locale: 'en' | 'ja') => {
    await refusedMico();
    settings(locale);
    fireEvent.click(await screen.findByRole('button', { name: locale === 'en' ? 'Edit' : '編集' }));
    const secret = screen.getByLabelText(locale === 'en' ? 'Client secret' : 'クライアントシークレット') as HTMLInputElement;
    const before = document.getElementById(secret.getAttribute('aria-describedby') ?? '')?.textContent;
    fireEvent.input(screen.getByRole('textbox', { name: /Base URL|ベース URL/ }), { target: { value: `${sandbox.url}/elsewhere` } });
    return { secret, before };
  };

  test('says at the secret that it must be typed again before sending, and shows the refusal there', async () => {
    const { secret, before } = await moveMico('en');
    expect(before).toBe('Set. Leave empty to keep it, or type a new value to replace it.');
    expect(document.getElementById(secret.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent).toContain('type it again');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    const problem = await screen.findByText('Type it again: the destination changed, and the saved one is only sent where it was typed for.');
    expect(secret.getAttribute('aria-describedby')).toContain(problem.id);
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    // Refused: the server still has the connection where it was.
    const saved = (await listConnections(server)).connections.find((c) => c.id === 'mico');
    expect(saved?.settings.baseUrl).toBe(`${sandbox.url}/mico`);
    readable(document.body.textContent);
  });

  test('in Japanese', async () => {
    await moveMico('ja');
    fireEvent.click(screen.getByRole('button', { name: '保存してテスト' }));
    await screen.findByText(/^もう一度入力してください。送信先が変わったため/);
    readable(document.body.textContent);
  });
});

describe('the audit log', () => {
  const year = String(new Date().getFullYear());

  test('shows changes with old and new values, filters by kind, and pages to older entries', async () => {
    await refusedMico();
    for (let i = 0; i < 22; i++) await runAction(server, 'mico', 'probe', { variables: {} }).catch(() => undefined);
    settings();
    const log = (await screen.findByRole('heading', { name: 'Audit log' })).parentElement as HTMLElement;
    // The entries' rows: a change's fields have a row of their own under it.
    const rows = async () => (await within(log).findAllByRole('row')).slice(1).filter((row) => !row.classList.contains('changes'));
    expect(await rows()).toHaveLength(20);
    // Four-digit years: an entry is compared across months and with other logs.
    expect(within(log).getAllByRole('cell')[0]?.textContent).toContain(year);
    fireEvent.click(within(log).getByRole('button', { name: 'Show older entries' }));
    await waitFor(async () => expect((await rows()).length).toBeGreaterThan(20));

    fireEvent.change(within(log).getByLabelText('Show'), { target: { value: 'change' } });
    await waitFor(async () => expect((await rows()).every((row) => /created|updated/.test(row.textContent ?? ''))).toBe(true));
    expect(log.textContent).toContain('Client secret: changed');
    expect(log.textContent).toContain(`Base URL: (none) → ${sandbox.url}/mico`);
    expect(log.textContent).not.toContain('wrong');
    readable(log.textContent);
  });

  test('in Japanese', async () => {
    await refusedMico();
    settings('ja');
    const log = (await screen.findByRole('heading', { name: '監査ログ' })).parentElement as HTMLElement;
    await within(log).findAllByRole('row');
    expect(within(log).getByLabelText('表示')).toBeTruthy();
    expect(within(log).getAllByRole('cell')[0]?.textContent).toContain(year);
    readable(log.textContent);
  });
});

describe('the last status, whatever the code', () => {
  test.each(['en', 'ja'] as const)('names the answer and the server’s words once, in %s', async (locale) => {
    const t = (await loadT(locale)).with(enConnections);
    for (const code of API_ERROR_CODES) {
      const text = statusText(t, { at: 0, ok: false, code, status: 418, detail: 'Teapot says no' }, 'Mico');
      expect(text.match(/HTTP 418/g), code).toHaveLength(1);
      expect(text.match(/Teapot says no/g), code).toHaveLength(1);
      readable(text);
    }
  });
});
