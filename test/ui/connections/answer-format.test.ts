import { describe, expect, test } from 'vitest';
import { createT, loadT } from '../../../src/i18n';
import { enActions } from '../../../src/i18n/en-actions';
import { durationText, humanise, labelOf, reachableText, shownValue, statusText } from '../../../src/ui/connections/answer-format';

await loadT('ja');
const en = createT('en', enActions);
const ja = createT('ja', enActions);
// Noon UTC: the same day in every zone from UTC−11 to UTC+11, where the agent's browser may be.
const NOON = '2024-05-01T12:07:00Z';

describe('an action’s values, as an agent reads them', () => {
  test('a time in the reader’s language, with a four-digit year and a short time', () => {
    expect(shownValue(en, 'date-time', NOON).text).toMatch(/^May 1, 2024, \d{1,2}:\d\d\s[AP]M$/);
    expect(shownValue(ja, 'date-time', NOON).text).toMatch(/^2024年5月1日 \d{1,2}:\d\d$/);
    // Epoch seconds and milliseconds are the same time.
    expect(shownValue(en, 'date-time', Date.parse(NOON) / 1000).text).toBe(shownValue(en, 'date-time', NOON).text);
    expect(shownValue(en, 'date-time', Date.parse(NOON)).text).toBe(shownValue(en, 'date-time', NOON).text);
  });

  test('a phone number in international form is grouped as the card header groups the customer’s; other text is left as it came', () => {
    expect(shownValue(en, 'text', '+41793026727').text).toBe('+41 793 026 727');
    expect(shownValue(ja, 'text', '+819012345678').text).toBe('+81 901 234 5678');
    for (const text of ['41793026727', 'call_7f3a9c21', '+41 79 302', '+1234']) expect(shownValue(en, 'text', text).text).toBe(text);
  });

  test('a value that is not a time is shown as it was sent', () => {
    expect(shownValue(en, 'date-time', 'yesterday').text).toBe('yesterday');
    expect(shownValue(en, 'date-time', '2024-13-45T99:99Z').text).toBe('2024-13-45T99:99Z');
  });

  test('seconds as minutes and seconds, or hours and minutes; a number never parts from its unit', () => {
    expect(durationText(en, 200)).toBe('3\u00a0min 20\u00a0s');
    expect(durationText(ja, 200)).toBe('3分20秒');
    expect(durationText(en, 45)).toBe('45\u00a0s');
    expect(durationText(en, 120)).toBe('2\u00a0min');
    expect(durationText(en, 3725)).toBe('1\u00a0h 2\u00a0min');
    expect(durationText(ja, 3725)).toBe('1時間2分');
    expect(durationText(ja, 7200)).toBe('2時間');
    expect(durationText(en, '132')).toBe('2\u00a0min 12\u00a0s');
    expect(durationText(en, -5)).toBeUndefined();
    expect(shownValue(en, 'duration', 'long').text).toBe('long');
  });

  test('statuses in words, in English and Japanese', () => {
    expect(statusText(en, 'completed')).toBe('Completed');
    expect(statusText(ja, 'completed')).toBe('完了');
    expect(statusText(en, 'customer_confirmed')).toBe('The customer confirmed');
    expect(statusText(ja, 'customer_confirmed')).toBe('お客様確認済み');
    expect(statusText(en, 'NO_ANSWER')).toBe('No answer');
    expect(statusText(ja, 'no-answer')).toBe('応答なし');
    expect(statusText(ja, 'callback_requested')).toBe('折り返し希望');
  });

  test('a status the catalogue does not know is humanised; a sentence or a key of anything else stays as sent', () => {
    expect(statusText(en, 'voicemail_left')).toBe('Voicemail left');
    expect(statusText(ja, 'awaitingAgent')).toBe('Awaiting agent');
    expect(humanise('no_answer')).toBe('No answer');
    expect(statusText(en, 'Left a message.')).toBe('Left a message.');
    expect(statusText(en, 'toString')).toBe('To string');
    expect(statusText(en, 'constructor')).toBe('Constructor');
  });

  test('a link only to an http(s) page; javascript: and others are text', () => {
    expect(shownValue(en, 'link', 'https://mico.example/calls/1')).toEqual({ text: 'https://mico.example/calls/1', href: 'https://mico.example/calls/1' });
    expect(shownValue(en, 'link', 'javascript:alert(1)')).toEqual({ text: 'javascript:alert(1)' });
    expect(shownValue(en, 'link', ' JavaScript:alert(1)')).toEqual({ text: ' JavaScript:alert(1)' });
    expect(shownValue(en, 'link', 'data:text/html,<b>x</b>')).toEqual({ text: 'data:text/html,<b>x</b>' });
    expect(shownValue(en, 'link', '/relative')).toEqual({ text: '/relative' });
  });

  test('a missing value is a dash; a yes/no in words; text as sent', () => {
    expect(shownValue(en, 'text', undefined).text).toBe('—');
    expect(shownValue(ja, 'status', null).text).toBe('—');
    expect(shownValue(en, 'text', true).text).toBe('Yes');
    expect(shownValue(ja, 'text', false).text).toBe('いいえ');
    expect(shownValue(en, 'text', 12345678).text).toBe('12345678');
    expect(shownValue(en, 'text', '<b>hi</b>').text).toBe('<b>hi</b>');
  });

  test('labels in the page’s language when the admin gave one', () => {
    expect(labelOf(ja, { label: 'Status', labelJa: 'ステータス' })).toBe('ステータス');
    expect(labelOf(ja, { label: 'Status' })).toBe('Status');
    expect(labelOf(en, { label: 'Status', labelJa: 'ステータス' })).toBe('Status');
  });

  test('a reachability check in one line', () => {
    expect(reachableText(en, { status: 200, ms: 84 })).toBe('Reachable · 200 · 84 ms');
    expect(reachableText(en, { status: 503, ms: 1200 })).toBe('Answered 503 · 1,200 ms');
    expect(reachableText(ja, { status: 200, ms: 84 })).toBe('接続できます · 200 · 84 ミリ秒');
  });
});
