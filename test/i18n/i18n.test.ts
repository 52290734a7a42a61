import { describe, expect, test, vi } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { API_ERROR_CODES } from '../../src/shared/api-error-codes';
import { AuthError } from '../../src/shared/auth-error';
import { AUTH_ERROR_CODES } from '../../src/shared/auth-error-codes';
import { ConfigError } from '../../src/config/config';
import { createT, loadT, pickLocale } from '../../src/i18n';
import { errorText } from '../../src/i18n/error-text';
import { enActionSettings } from '../../src/i18n/en-action-settings';
import { enActions } from '../../src/i18n/en-actions';
import { enAuthErrors } from '../../src/i18n/en-auth-errors';
import { enConnections } from '../../src/i18n/en-connections';
import { enCardHeader } from '../../src/i18n/en-card-header';
import { enCardMore } from '../../src/i18n/en-card-more';
import { enErrors } from '../../src/i18n/en-errors';
import { enMessages } from '../../src/i18n/en-messages';
import { en as core } from '../../src/i18n/en';
import { enSettings } from '../../src/i18n/en-settings';
import { enSignIn } from '../../src/i18n/en-sign-in';
import { enSms } from '../../src/i18n/en-sms';
import { ja } from '../../src/i18n/ja';

const en = {
  ...core,
  ...enErrors,
  ...enAuthErrors,
  ...enSignIn,
  ...enSettings,
  ...enSms,
  ...enCardMore,
  ...enCardHeader,
  ...enMessages,
  ...enConnections,
  ...enActions,
  ...enActionSettings,
};

/** The catalogues as a page starts with them: a module graph of its own, nothing loaded yet. */
async function freshI18n() {
  vi.resetModules();
  return import('../../src/i18n');
}

describe('English in parts', () => {
  test('a screen speaks the parts it imports, whatever has loaded before', () => {
    expect(createT('en', enSettings)('settings.clientId')).toBe('Client ID');
    expect(createT('en').with(enSignIn)('signIn.button')).toBe('Sign in');
  });
  test('a word nobody imported, or a sentence missing its parameter, fails the test that shows it', () => {
    expect(() => createT('en')('settings.clientId')).toThrow(/No words for "settings.clientId"/);
    expect(() => createT('en', enSettings)('settings.copied')).toThrow(/needs \{name\}/);
  });
});

describe('pickLocale', () => {
  test('the token’s locale wins over the browser’s', () => {
    expect(pickLocale('ja-JP', 'en-US')).toBe('ja');
    expect(pickLocale('en-US', 'ja')).toBe('en');
    expect(pickLocale('ja_JP')).toBe('ja');
  });
  test('without a usable token locale, the browser’s language', () => {
    expect(pickLocale(undefined, 'ja')).toBe('ja');
    expect(pickLocale('de-DE', 'ja-JP')).toBe('ja');
    expect(pickLocale('', 'ja-JP')).toBe('ja');
  });
  test('else English', () => {
    expect(pickLocale()).toBe('en');
    expect(pickLocale('fr-FR', 'de')).toBe('en');
  });
});

describe('the catalogues', () => {
  test('Japanese has exactly the English keys, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(ja)) expect(value.trim()).not.toBe('');
  });
  test('every string is translated: no Japanese value is the English text, but for names', () => {
    // The app's and a product's names are the same in every language, and so are the channels' (WhatsApp, LINE…).
    const NAMES = new Set([
      'app.name',
      'conn.kind.mico',
      ...Object.keys(en).filter((key) => key.startsWith('head.channel.') && ja[key as keyof typeof ja] === en[key as keyof typeof en]),
    ]);
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((key) => !NAMES.has(key) && ja[key] === en[key]);
    expect(untranslated).toEqual([]);
    for (const key of NAMES) expect(ja[key as keyof typeof ja]).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
  test('Japanese writes one colon, the full-width ：', () => {
    const halfWidth = Object.entries(ja).filter(([, value]) => value.includes(':'));
    expect(halfWidth).toEqual([]);
  });
  test('Japanese keeps every placeholder of the English text', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, placeholders(ja[key])]).toEqual([key, placeholders(en[key])]);
  });
  test('Japanese is fetched on demand; until then the app speaks English and says so', async () => {
    const { createT, loadT } = await freshI18n();
    expect(createT('ja').locale).toBe('en');
    expect(createT('ja')('who.signOut')).toBe('Sign out');
    const t = await loadT('ja');
    expect(t.locale).toBe('ja');
    expect(t('who.signOut')).toBe('サインアウト');
    expect(createT('ja')('error.UNAUTHORIZED')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('createT', () => {
  test('fills parameters, and says its language', () => {
    const t = createT('en', enSettings);
    expect(t('settings.copied', { name: 'Client secret' })).toBe('Client secret copied.');
    expect(t.locale).toBe('en');
  });
  test('never reads a parameter’s value as a placeholder', () => {
    expect(createT('en', enErrors)('error.serverSaid', { server: '{words}', words: '{server}' })).toBe('{words} said: “{server}”');
  });
});

describe('errorText', () => {
  const t = createT('en');
  const generic = errorText(t, undefined).reason;

  test('every code has its own sentence, in both languages', async () => {
    await loadT('ja');
    for (const locale of ['en', 'ja'] as const) {
      const tl = createT(locale);
      for (const code of API_ERROR_CODES) expect(errorText(tl, new ApiError(code, 'm')).reason).not.toBe(errorText(tl, undefined).reason);
      for (const code of AUTH_ERROR_CODES) expect(errorText(tl, new AuthError(code, 'm')).reason).not.toBe(errorText(tl, undefined).reason);
    }
  });

  test.each([
    [new ApiError('UNAUTHORIZED', 'm'), 'Your sign-in is no longer valid.'],
    [new ApiError('FORBIDDEN', 'm'), 'Your Infobip user is not allowed to do this.'],
    [new ApiError('MAYBE_SENT', 'm'), 'The SMS may or may not have been sent: the answer was lost on the way.'],
    [new AuthError('STATE_MISMATCH', 'm'), 'An unexpected sign-in answer was ignored.'],
    [new AuthError('POPUP_CLOSED', 'm'), 'The sign-in window was closed, or lost its connection to this card.'],
  ])('%s → %s', (error, reason) => {
    expect(errorText(t, error).reason).toBe(reason);
  });

  test('keeps the server’s words, the fields and whether a retry helps', () => {
    const error = new ApiError('BAD_REQUEST', 'm', { status: 400, detail: 'Bad request', fields: [{ field: 'to', messages: ['invalid'] }] });
    expect(errorText(t, error)).toEqual({
      reason: 'Infobip did not accept the request.',
      next: 'Correct what the details name, then try again.',
      detail: 'Bad request',
      fields: [{ field: 'to', messages: ['invalid'] }],
      retryable: false,
      code: 'BAD_REQUEST (HTTP 400)',
    });
    expect(errorText(t, new ApiError('SERVER', 'm', { retryable: true })).retryable).toBe(true);
    expect(errorText(t, new AuthError('TOKEN_REQUEST_FAILED', 'm', 'invalid_grant: expired')).detail).toBe('invalid_grant: expired');
  });

  test('a configuration error names the file at once, and the field in the details', () => {
    const { reason, next, problem, retryable } = errorText(t, new ConfigError('clientId', 'is missing'));
    expect(reason).toContain('config.json');
    expect(next).toMatch(/administrator/);
    expect(problem).toContain('config.json: "clientId" is missing');
    expect(retryable).toBe(false);
    expect(errorText(t, new ApiError('NOT_CONFIGURED', 'config.json has no "apiBaseUrl".')).problem).toBe('config.json has no "apiBaseUrl".');
  });

  test('anything else gets a generic sentence, a next step, and no retry', () => {
    for (const error of [new Error('boom'), 'text', undefined, { code: 'FORBIDDEN' }]) {
      expect(errorText(t, error)).toEqual({ reason: generic, next: errorText(t, undefined).next, fields: [], retryable: false });
    }
  });
});
