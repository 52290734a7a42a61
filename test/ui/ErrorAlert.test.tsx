import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { API_ERROR_CODES } from '../../src/shared/api-error-codes';
import { AuthError } from '../../src/shared/auth-error';
import { AUTH_ERROR_CODES } from '../../src/shared/auth-error-codes';
import { ConfigError } from '../../src/config/config';
import { ErrorAlert } from '../../src/ui/ErrorAlert';
import { findAlert, XSS, noInjectedElements, renderIn } from './harness';

const rejected = new ApiError('BAD_REQUEST', 'HTTP 400', {
  status: 400,
  detail: 'Bad request',
  fields: [{ field: 'messages[0].text', messages: ['must not be blank'] }],
});

describe('ErrorAlert', () => {
  test('says what failed, why, and what to do; the server’s own words, the rejected fields and the code are in the details', async () => {
    renderIn('en', <ErrorAlert title="Couldn't send the SMS" error={rejected} />);
    const alert = await findAlert();
    const [title, reason, next] = Array.from(alert.querySelectorAll(':scope > p'), (p) => p.textContent);
    expect([title, reason, next]).toEqual(["Couldn't send the SMS", 'Infobip did not accept the request.', 'Correct what the details name, then try again.']);
    const details = alert.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Details');
    expect(details.textContent).toContain('Infobip said: “Bad request”');
    expect(within(details).getByRole('listitem').textContent).toBe('messages[0].text: must not be blank');
    expect(details.textContent).toContain('Error code: BAD_REQUEST (HTTP 400)');
  });

  test('offers Try again only when it can help, or when the caller insists', async () => {
    const calls: number[] = [];
    const { rerender } = renderIn('en', <ErrorAlert title="x" error={rejected} onRetry={() => calls.push(1)} />);
    await findAlert();
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<ErrorAlert title="x" error={rejected} onRetry={() => calls.push(2)} forceRetry />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    rerender(<ErrorAlert title="x" error={new ApiError('TIMEOUT', 't', { retryable: true })} onRetry={() => calls.push(3)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(calls).toEqual([2, 3]);
  });

  test('names whose words they are, and who failed, when it is not Infobip', async () => {
    renderIn('en', <ErrorAlert title="x" error={rejected} server="Mico Voice" />);
    const text = (await findAlert()).textContent;
    expect(text).toContain('Mico Voice did not accept the request.');
    expect(text).toContain('Mico Voice said: “Bad request”');
    expect(text).not.toContain('Infobip');
  });

  test("in Japanese, everything is Japanese but the provider's own words, which are labelled as theirs", async () => {
    const said = new ApiError('BAD_REQUEST', 'HTTP 400', { status: 400, detail: 'Bad request' });
    renderIn('ja', <ErrorAlert title="検索できませんでした" error={said} server="Mico Voice" />);
    const alert = await findAlert();
    expect(alert.textContent).toContain('Mico Voice がリクエストを受け付けませんでした。');
    // Quoted in 「」, upright: no element that a browser sets in italics.
    expect(alert.querySelector('.said')?.textContent).toBe('Mico Voice からのメッセージ：「Bad request」');
    expect(alert.querySelector('q, i, em, cite')).toBeNull();
    // Nothing English around them: the reason, the label and the code line are all translated.
    expect(alert.textContent?.replace('Bad request', '').replace(/BAD_REQUEST|HTTP \d+|Mico Voice/g, '')).not.toMatch(/[a-z]{3,}/i);
  });

  test('a broken config.json is named with its field', async () => {
    renderIn('en', <ErrorAlert title="x" error={new ConfigError('clientId', 'is missing')} />);
    expect((await findAlert()).textContent).toContain('config.json: "clientId" is missing');
  });

  test('renders every piece of server text as text', async () => {
    const error = new ApiError('BAD_REQUEST', XSS, { detail: XSS, fields: [{ field: XSS, messages: [XSS] }] });
    renderIn('en', <ErrorAlert title={XSS} error={error} />);
    expect((await findAlert()).textContent).toContain(`${XSS}: ${XSS}`);
    expect(noInjectedElements()).toBe(true);
  });

  test('an unknown failure still says something', async () => {
    renderIn('en', <ErrorAlert title="x" error={new TypeError('undefined is not a function')} />);
    expect((await findAlert()).textContent).toContain('Something went wrong.');
  });
});

describe('every error, in English and Japanese', () => {
  const errors: [string, unknown][] = [
    ...API_ERROR_CODES.map((code): [string, unknown] => [code, new ApiError(code, `The message of ${code}.`, { status: 503, detail: 'Upstream said no' })]),
    ...AUTH_ERROR_CODES.map((code): [string, unknown] => [code, new AuthError(code, `The message of ${code}.`, 'Upstream said no', { sent: 'access_denied' })]),
  ];
  /** The alert as read before anyone opens its details. */
  const plain = (alert: HTMLElement) => {
    const copy = alert.cloneNode(true) as HTMLElement;
    copy.querySelector('details')?.remove();
    return copy.textContent ?? '';
  };

  test.each(['en', 'ja'] as const)('%s: an alert with what happened and what to do in words; codes and server text only in the details', async (locale) => {
    for (const [code, error] of errors) {
      const { unmount } = renderIn(locale, <ErrorAlert title="x" error={error} onRetry={() => {}} />);
      const alert = await findAlert();
      expect(alert.getAttribute('role')).toBe('alert');
      const lines = Array.from(alert.querySelectorAll(':scope > p'), (p) => p.textContent ?? '');
      expect(lines, code).toHaveLength(3);
      expect(lines.every((line) => line.trim() !== '')).toBe(true);
      const text = plain(alert);
      for (const raw of [code, 'error.', 'access_denied', 'Upstream said no', 'HTTP 503', 'The message of'])
        expect(text, `${code} in ${locale}`).not.toContain(raw);
      const details = alert.querySelector('details') as HTMLDetailsElement;
      // Folded, but for a sign-in server's own refusal, shown as it was sent (CONTRACT §3).
      expect(details.open).toBe(error instanceof AuthError && error.sent !== undefined);
      expect(details.textContent).toContain(code);
      expect(details.textContent).toContain('Upstream said no');
      unmount();
    }
  });
});
