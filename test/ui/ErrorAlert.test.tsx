import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { ConfigError } from '../../src/config/config';
import { ErrorAlert } from '../../src/ui/ErrorAlert';
import { findAlert, XSS, noInjectedElements, renderIn } from './harness';

const rejected = new ApiError('BAD_REQUEST', 'HTTP 400', {
  status: 400,
  detail: 'Bad request',
  fields: [{ field: 'messages[0].text', messages: ['must not be blank'] }],
});

describe('ErrorAlert', () => {
  test('says what failed, why, the server’s own words labelled, and the rejected fields', async () => {
    renderIn('en', <ErrorAlert title="Couldn't send the SMS" error={rejected} />);
    const alert = await findAlert();
    expect(within(alert).getByText("Couldn't send the SMS")).toBeTruthy();
    expect(within(alert).getByText('Infobip did not accept the request.')).toBeTruthy();
    expect(alert.textContent).toContain('Infobip said: Bad request');
    expect(within(alert).getByRole('listitem').textContent).toBe('messages[0].text: must not be blank');
    expect(alert.textContent).toContain('Error code: BAD_REQUEST (HTTP 400)');
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
    expect(text).toContain('Mico Voice said: Bad request');
    expect(text).not.toContain('Infobip');
  });

  test("in Japanese, everything is Japanese but the provider's own words, which are labelled as theirs", async () => {
    const said = new ApiError('BAD_REQUEST', 'HTTP 400', { status: 400, detail: 'Bad request' });
    renderIn('ja', <ErrorAlert title="検索できませんでした" error={said} server="Mico Voice" />);
    const alert = await findAlert();
    expect(alert.textContent).toContain('Mico Voice がリクエストを受け付けませんでした。');
    expect(alert.textContent).toContain('Mico Voice からのメッセージ:');
    expect(alert.querySelector('q.said')?.textContent).toBe('Bad request');
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
