import { describe, expect, test } from 'vitest';
import { presetsFor } from '../../../src/shared/action-presets';
import { blankDraft, blankField, checkDraft, draftOf, freeId, usesInput, usesMessages } from '../../../src/ui/connections/action-draft';

describe('an action in the settings form', () => {
  test.each(presetsFor('mico').map((preset) => [preset.label, preset] as const))('%s: the form holds it and gives it back unchanged', (_, preset) => {
    expect(checkDraft(draftOf(preset))).toEqual({ ok: true, action: preset });
  });

  test('asks for the input and the number of messages only when the templates use them', () => {
    const [, byUid, , summarise] = presetsFor('mico');
    expect(usesInput(draftOf(byUid as NonNullable<typeof byUid>))).toBe(true);
    expect(usesMessages(draftOf(summarise as NonNullable<typeof summarise>))).toBe(true);
    // A GET sends no body: {recentMessages} left in a body it will not send asks for nothing.
    expect(usesMessages({ ...draftOf(summarise as NonNullable<typeof summarise>), method: 'GET' })).toBe(false);
  });

  test('minutes as typed: a whole number is kept in seconds; anything else is refused at the field, not rounded', () => {
    const draft = { ...blankDraft('a'), label: 'A', runs: 'on-open' as const };
    expect(checkDraft({ ...draft, cacheMinutes: '10' })).toMatchObject({ ok: true, action: { cacheSeconds: 600 } });
    for (const typed of ['1.5', '-1', 'ten', '1441'])
      expect(checkDraft({ ...draft, cacheMinutes: typed }), typed).toEqual({ ok: false, problems: [{ field: 'cacheSeconds', problem: 'number' }] });
    // On a click the answer is fetched afresh: whatever the minutes say.
    expect(checkDraft({ ...draft, runs: 'on-click', cacheMinutes: 'ten' })).toMatchObject({ ok: true, action: { cacheSeconds: 0 } });
  });

  test('a list’s columns are never put into a reply', () => {
    const draft = {
      ...blankDraft('a'),
      label: 'A',
      show: 'list' as const,
      listPointer: '/data',
      fields: [{ ...blankField(), pointer: '/x', label: 'X', useInReply: true }],
    };
    expect(checkDraft(draft)).toMatchObject({ ok: true, action: { show: { kind: 'list', columns: [{ pointer: '/x', label: 'X', format: 'text' }] } } });
  });

  test('a new action gets an id no other action of the connection has', () => {
    expect(freeId('summarise', ['probe'])).toBe('summarise');
    expect(freeId('summarise', ['summarise', 'summarise-2'])).toBe('summarise-3');
  });
});
