import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, test, vi } from 'vitest';
import type { ActionResult } from '../../../src/shared/connection-action';
import { ActionAnswer } from '../../../src/ui/connections/ActionAnswer';
import { XSS, noInjectedElements, renderIn } from '../harness';

const call: ActionResult = {
  kind: 'fields',
  fields: [
    { label: 'Status', labelJa: 'ステータス', format: 'status', value: 'no_answer' },
    { label: 'Duration', labelJa: '通話時間', format: 'duration', value: 200 },
    { label: 'Recording', format: 'link', value: 'javascript:alert(1)' },
    { label: 'Campaign', labelJa: 'キャンペーン', format: 'text' },
    { label: 'Summary', labelJa: '要約', format: 'text', value: `Pickup confirmed ${XSS}`, useInReply: true },
  ],
};
const calls: ActionResult = {
  kind: 'list',
  columns: [
    { label: 'Status', labelJa: 'ステータス', format: 'status' },
    { label: 'Duration', labelJa: '通話時間', format: 'duration' },
  ],
  rows: [
    ['completed', 132],
    ['busy', undefined],
    ['voicemail_left', 45],
  ],
  total: 12,
};

const pairs = () =>
  [...document.querySelectorAll('dl > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.firstChild?.textContent]);

describe('an action’s answer on the card', () => {
  test('fields as labelled values in words; a missing value a dash; a javascript: link as text', () => {
    renderIn('en', <ActionAnswer result={call} />);
    expect(pairs()).toEqual([
      ['Status', 'No answer'],
      ['Duration', '3\u00a0min 20\u00a0s'],
      ['Recording', 'javascript:alert(1)'],
      ['Campaign', '—'],
      ['Summary', `Pickup confirmed ${XSS}`],
    ]);
    expect(document.querySelector('a')).toBeNull();
    expect(noInjectedElements()).toBe(true);
    // Without somewhere to put it, no button offers to.
    expect(screen.queryByRole('button')).toBeNull();
  });

  test('in Japanese: the admin’s Japanese labels and the values in Japanese', () => {
    renderIn('ja', <ActionAnswer result={call} />);
    expect(pairs().slice(0, 2)).toEqual([
      ['ステータス', '応答なし'],
      ['通話時間', '3分20秒'],
    ]);
  });

  test('“Use in reply” hands over the field’s text as it was sent', () => {
    const use = vi.fn();
    renderIn('en', <ActionAnswer result={call} onUseInReply={use} />);
    fireEvent.click(screen.getByRole('button', { name: 'Use “Summary” in reply' }));
    expect(use).toHaveBeenCalledWith(`Pickup confirmed ${XSS}`);
    expect(screen.getAllByRole('button')).toHaveLength(1);
  });

  test('an http(s) link opens apart from the card, without handing it the page', () => {
    renderIn('en', <ActionAnswer result={{ kind: 'fields', fields: [{ label: 'Recording', format: 'link', value: 'https://mico.example/r/1' }] }} />);
    const link = screen.getByRole('link', { name: 'https://mico.example/r/1' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  test('a list as a table under its columns, saying how many of how many when cut', () => {
    renderIn('ja', <ActionAnswer result={calls} />);
    expect([...document.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['ステータス', '通話時間']);
    expect([...document.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['完了', '2分12秒'],
      ['話し中', '—'],
      ['Voicemail left', '45秒'],
    ]);
    expect(screen.getByText('12 件中 3 件')).toBeTruthy();
  });

  test('an empty list or an answer with nothing in its fields says so', () => {
    renderIn('en', <ActionAnswer result={{ ...calls, rows: [], total: 0 }} />);
    expect(screen.getByText('Nothing found')).toBeTruthy();
  });

  test('a reachability check in one line, with the connection’s own words as text', () => {
    renderIn('en', <ActionAnswer result={{ kind: 'reachable', status: 503, ms: 84, detail: XSS }} name="Mico" />);
    expect(screen.getByText('Answered 503 · 84 ms')).toBeTruthy();
    expect(screen.getByText(`Mico said: “${XSS}”`)).toBeTruthy();
    expect(noInjectedElements()).toBe(true);
  });
});
