/**
 * Every failure the app can name, in every language it speaks: a first line that says what happened and
 * a next step that says what to do, both in words, with no code and no server text in them. The codes
 * and the server's words go to the details.
 */
import { describe, expect, test } from 'vitest';
import { createT, loadT, type Locale } from '../../src/i18n';
import { errorText } from '../../src/i18n/error-text';
import { ApiError } from '../../src/shared/api-error';
import { API_ERROR_CODES } from '../../src/shared/api-error-codes';
import { AuthError } from '../../src/shared/auth-error';
import { AUTH_ERROR_CODES } from '../../src/shared/auth-error-codes';
import { ConfigError } from '../../src/config/config';

await loadT('ja');

const SERVER_WORDS = 'Server says: invalid_client';
const every = (): [string, unknown][] => [
  ...API_ERROR_CODES.map((code): [string, unknown] => [code, new ApiError(code, `The message of ${code}.`, { status: 400, detail: SERVER_WORDS })]),
  ...AUTH_ERROR_CODES.map((code): [string, unknown] => [code, new AuthError(code, `The message of ${code}.`, SERVER_WORDS, { sent: 'access_denied' })]),
  ['CONFIG_INVALID', new ConfigError('clientId', 'is missing')],
  ['UNKNOWN', new Error('boom')],
];
/** What no plain line may hold: a message key, one of our codes, the server's code or words, an HTTP status. */
const RAW = [
  /\berror\.[A-Za-z_]/,
  /\b[A-Z]+_[A-Z_]+\b/,
  /\b(?:NETWORK|TIMEOUT|UNAUTHORIZED|FORBIDDEN|SERVER|REDIRECTED)\b/,
  /access_denied/,
  /invalid_client/,
  /HTTP \d/,
  /The message of/,
];

describe.each(['en', 'ja'] as const)('every error in %s', (locale: Locale) => {
  const t = createT(locale);
  const generic = errorText(t, undefined);

  test.each(every())('%s: what happened and what to do, in words', (code, error) => {
    const { reason, next } = errorText(t, error);
    for (const line of [reason, next]) {
      expect(line.trim()).not.toBe('');
      for (const raw of RAW) expect(line).not.toMatch(raw);
      if (locale === 'ja') expect(line).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(reason).not.toBe(next);
    if (code !== 'UNKNOWN') expect(reason).not.toBe(generic.reason);
  });

  test.each(every())('%s: the codes and the server’s words are kept for the details', (code, error) => {
    const { code: shown, detail } = errorText(t, error);
    if (code !== 'UNKNOWN') expect(shown).toContain(code);
    if (error instanceof ApiError || error instanceof AuthError) expect(detail).toBe(SERVER_WORDS);
  });
});

describe('a server in trouble is never said to refuse', () => {
  test.each([500, 502, 503])('a sign-in step answered %i: the server had a problem, try again in a minute', (status) => {
    const t = createT('en');
    for (const code of ['TOKEN_REQUEST_FAILED', 'REFRESH_FAILED'] as const) {
      const { reason, next, code: shown, retryable } = errorText(t, new AuthError(code, 'm', 'Service Unavailable', { status }));
      expect(reason).toBe('Infobip had a problem answering.');
      expect(reason).not.toMatch(/refuse|denied|not allow/i);
      expect(next).toMatch(/try again in a minute/i);
      expect(shown).toBe(`${code} (HTTP ${status})`);
      expect(retryable).toBe(true);
    }
  });
  test('a 4xx at the token endpoint is a refusal, said as one', () => {
    const { reason } = errorText(createT('en'), new AuthError('TOKEN_REQUEST_FAILED', 'm', 'invalid_grant', { status: 400 }));
    expect(reason).toBe('Infobip refused to finish the sign-in.');
  });
  test('in Japanese too', () => {
    const { reason, next } = errorText(createT('ja'), new AuthError('TOKEN_REQUEST_FAILED', 'm', undefined, { status: 503 }));
    expect(reason).toBe('Infobip 側で問題が発生しました。');
    expect(reason).not.toContain('拒否');
    expect(next).toContain('1\u00a0分ほど待ってから');
  });
  test('a messages load that got a 5xx says to try again in a minute', () => {
    const { reason, next } = errorText(createT('en'), new ApiError('SERVER', 'm', { status: 500, retryable: true }));
    expect(`${reason} ${next}`).not.toMatch(/refuse/i);
    expect(next).toMatch(/try again in a minute/i);
  });
});

describe('a refused sign-in says who can fix it', () => {
  test.each([
    ['en', /administrator of your Infobip account/],
    ['ja', /Infobip アカウントの管理者/],
  ] as const)('%s', (locale, who) => {
    const { next } = errorText(createT(locale), new AuthError('AUTHORIZATION_DENIED', 'm', 'The user denied access', { sent: 'access_denied' }));
    expect(next).toMatch(who);
  });
});
