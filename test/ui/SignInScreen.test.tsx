import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { AuthError } from '../../src/shared/auth-error';
import { SignInScreen } from '../../src/ui/SignInScreen';
import { findAlert, XSS, noInjectedElements, renderIn } from './harness';

describe('while signing in', () => {
  for (const phase of ['checking', 'redirecting'] as const) {
    test(`${phase}: a polite "Signing in…" and nothing to press`, async () => {
      renderIn('en', <SignInScreen phase={phase} persistent />);
      expect(screen.getByRole('status').textContent).toBe('Signing in…');
      expect(screen.queryByRole('button')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
    });
  }
});

// That the popup opens within the click itself is SignIn's part: test/ui/SignIn.test.tsx.
test('needs-click: explains the small window, and Sign in starts it', async () => {
  const calls: string[] = [];
  renderIn('en', <SignInScreen phase="needs-click" persistent onSignIn={() => calls.push('signIn')} />);
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in');
  expect(screen.getByText(/sign-in opens in a small window/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  expect(calls).toEqual(['signIn']);
});

describe('signed out, but the app server could not be told', () => {
  test('says the server session was kept until it expires, as an alert, beside the way to sign in again', async () => {
    renderIn('en', <SignInScreen phase="needs-click" persistent popup={false} serverKept onSignIn={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'You are signed out in this browser, but the app server could not be reached to end your session there. It ends by itself when that sign-in expires.',
    );
    expect(screen.getByText(/^You are signed out\. Sign in/)).toBeTruthy();
  });

  test('in Japanese', async () => {
    renderIn('ja', <SignInScreen phase="needs-click" persistent popup={false} serverKept onSignIn={() => {}} />);
    expect(screen.getByRole('alert').textContent).toContain('アプリサーバーに接続できず');
  });

  test('a sign-out the server heard says nothing of the kind', () => {
    renderIn('en', <SignInScreen phase="needs-click" persistent popup={false} onSignIn={() => {}} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

test('popup-open: asks to finish in the window, and can open it again', async () => {
  let opened = 0;
  renderIn('en', <SignInScreen phase="popup-open" persistent onSignIn={() => opened++} />);
  expect(screen.getByRole('status').textContent).toBe('Finish signing in in the window that opened.');
  fireEvent.click(screen.getByRole('button', { name: 'Open the sign-in window again' }));
  expect(opened).toBe(1);
});

describe('error', () => {
  const denied = new AuthError('AUTHORIZATION_DENIED', 'denied', 'The user denied access', { sent: 'access_denied' });

  test('a refused sign-in says so, who can fix it, and offers to sign in again; Infobip’s words and code in the details', async () => {
    let tries = 0;
    renderIn('en', <SignInScreen phase="error" error={denied} persistent onSignIn={() => tries++} />);
    const alert = await findAlert();
    const lines = Array.from(alert.querySelectorAll(':scope > p'), (p) => p.textContent);
    expect(lines).toEqual([
      'Sign-in failed',
      'Infobip did not allow the sign-in.',
      'If you cancelled it, sign in again. If not, your Infobip user may not have access to this app: ask an administrator of your Infobip account to give it access.',
    ]);
    const details = alert.querySelector('details') as HTMLElement;
    expect(details.textContent).toContain('Infobip said: “The user denied access”');
    expect(details.textContent).toContain('Error code: access_denied (AUTHORIZATION_DENIED)');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(tries).toBe(1);
  });

  test('in Japanese, the same, with Infobip’s words upright in 「」', async () => {
    renderIn('ja', <SignInScreen phase="error" error={denied} persistent onSignIn={() => {}} />);
    const alert = await findAlert();
    expect(alert.querySelector(':scope > p:nth-of-type(3)')?.textContent).toContain('Infobip アカウントの管理者にアクセス権を依頼してください。');
    expect(alert.querySelector('.said')?.textContent).toBe('Infobip からのメッセージ：「The user denied access」');
    expect(alert.querySelector('q, i, em, cite')).toBeNull();
    expect(screen.getByRole('button', { name: 'もう一度サインイン' })).toBeTruthy();
  });

  test('a sign-in server in trouble is not a refusal: try again in a minute', async () => {
    const trouble = new AuthError('TOKEN_REQUEST_FAILED', 'HTTP 503', 'Service Unavailable', { status: 503 });
    renderIn('en', <SignInScreen phase="error" error={trouble} persistent onSignIn={() => {}} />);
    const alert = await findAlert();
    const lines = Array.from(alert.querySelectorAll(':scope > p'), (p) => p.textContent).join(' ');
    expect(lines).toContain('Infobip had a problem answering.');
    expect(lines).toContain('Try again in a minute.');
    expect(alert.textContent).not.toMatch(/refused/);
    expect(alert.querySelector('details')?.textContent).toContain('TOKEN_REQUEST_FAILED (HTTP 503)');
  });

  test('a blocked popup is explained', async () => {
    renderIn('en', <SignInScreen phase="error" error={new AuthError('POPUP_BLOCKED', 'blocked')} persistent onSignIn={() => {}} />);
    expect((await findAlert()).textContent).toContain('The browser blocked the sign-in window.');
  });

  test('a closed popup is explained', async () => {
    renderIn('en', <SignInScreen phase="error" error={new AuthError('POPUP_CLOSED', 'closed')} persistent onSignIn={() => {}} />);
    expect((await findAlert()).textContent).toContain('The sign-in window was closed, or lost its connection to this card.');
  });

  test('server text with markup stays text', async () => {
    renderIn('en', <SignInScreen phase="error" error={new AuthError('TOKEN_REQUEST_FAILED', 'x', XSS)} persistent onSignIn={() => {}} />);
    expect(await screen.findByText(`Infobip said: “${XSS}”`)).toBeTruthy();
    expect(noInjectedElements()).toBe(true);
  });
});

test('warns when storage is blocked, and only then', async () => {
  const { rerender } = renderIn('en', <SignInScreen phase="needs-click" persistent={false} onSignIn={() => {}} />);
  expect(screen.getByText('This browser blocks storage for embedded apps: you will need to sign in again after a reload.')).toBeTruthy();
  rerender(<SignInScreen phase="needs-click" persistent onSignIn={() => {}} />);
  expect(screen.queryByText(/blocks storage/)).toBeNull();
});

test('speaks Japanese', async () => {
  renderIn('ja', <SignInScreen phase="needs-click" persistent={false} onSignIn={() => {}} />);
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('サインイン');
  expect(screen.getByRole('button', { name: 'サインイン' })).toBeTruthy();
  expect(screen.getByText(/再読み込みすると、もう一度サインインが必要です/)).toBeTruthy();
});
