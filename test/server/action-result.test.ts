/** What the card is sent of a connection's answer: only what the action shows, plain values only, texts cut. */
import { describe, expect, it } from 'vitest';
import { atPointer, labelOf, resultOf } from '../../src/server/action-result';
import { byCustomerNumberPreset, callByUidPreset } from '../../src/shared/action-presets';
import type { ActionShow } from '../../src/shared/connection-action';
import { sampleCall } from '../sandbox/mico.js';

type Readable = Exclude<ActionShow, { kind: 'reachable' }>;

describe('JSON pointers (RFC 6901)', () => {
  const doc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'm~n': 8, nested: { list: [{ x: true }] } };
  it.each([
    ['', doc],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/m~0n', 8],
    ['/nested/list/0/x', true],
    ['/foo/2', undefined],
    ['/foo/01', undefined],
    ['/foo/-', undefined],
    ['/missing/deeper', undefined],
    ['/constructor', undefined],
  ])('%j reads %j', (pointer, value) => {
    expect(atPointer(doc, pointer)).toEqual(value);
  });
});

describe('an answer read by show', () => {
  it('fields: each at its pointer, with its label and format; objects and missing values are left without a value', () => {
    const show = callByUidPreset().show as Readable;
    const result = resultOf(show, { ...sampleCall('call_1'), status: { nested: true } }, 'Mico');
    expect(result.kind).toBe('fields');
    const fields = result.kind === 'fields' ? result.fields : [];
    expect(fields.find((f) => f.label === 'Campaign')).toEqual({
      label: 'Campaign',
      labelJa: 'キャンペーン',
      format: 'text',
      value: 'Parcel delivery follow-up',
    });
    expect(fields.find((f) => f.label === 'Status')).toEqual({ label: 'Status', labelJa: 'ステータス', format: 'status' });
    expect(fields.find((f) => f.label === 'Summary')).toMatchObject({ useInReply: true, value: expect.any(String) });
    expect(fields.find((f) => f.label === 'Duration')).toMatchObject({ format: 'duration', value: 132 });
  });

  it('a text over 2,000 characters is cut', () => {
    const result = resultOf({ kind: 'fields', fields: [{ pointer: '/t', label: 'T', format: 'text' }] }, { t: 'x'.repeat(5000) }, 'C');
    expect(result.kind === 'fields' && result.fields[0]?.value).toBe('x'.repeat(2000));
  });

  it('fields of an answer that is not an object or list: INVALID_RESPONSE in plain words', () => {
    expect(() => resultOf({ kind: 'fields', fields: [{ pointer: '/t', label: 'T', format: 'text' }] }, 'plain text', 'Mico')).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE', message: expect.stringContaining('"Mico" answered something other than a JSON object') }),
    );
  });

  it('all: every plain value under a readable label, ISO times as date-time, at most 30', () => {
    const result = resultOf({ kind: 'all' }, sampleCall('call_1'), 'Mico');
    const fields = result.kind === 'fields' ? result.fields : [];
    expect(fields.find((f) => f.label === 'Started at')).toEqual({ label: 'Started at', format: 'date-time', value: '2024-05-01T10:07:00Z' });
    expect(fields.find((f) => f.label === 'Campaign name')).toEqual({ label: 'Campaign name', format: 'text', value: 'Parcel delivery follow-up' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const all = resultOf({ kind: 'all' }, many, 'C');
    expect(all.kind === 'fields' && all.fields.length).toBe(30);
  });

  it('labels read as words', () => {
    expect(labelOf(['started_at'])).toBe('Started at');
    expect(labelOf(['campaign', 'name'])).toBe('Campaign name');
    expect(labelOf(['durationSeconds'])).toBe('Duration seconds');
    expect(labelOf(['items', '0', 'id'])).toBe('Items 1 id');
  });

  it('list: the rows at the pointer up to maxRows, the columns without their pointers, the total', () => {
    const show = byCustomerNumberPreset().show as Readable;
    const calls = Array.from({ length: 7 }, (_, i) => sampleCall(`call_${i}`, { duration_seconds: i }));
    const result = resultOf(show, { data: calls }, 'Mico');
    expect(result).toMatchObject({ kind: 'list', total: 7 });
    if (result.kind !== 'list') throw new Error('a list');
    expect(result.rows).toHaveLength(5);
    expect(result.rows[3]).toEqual(['2024-05-01T10:07:00Z', 'completed', 'customer_confirmed', 3]);
    expect(result.columns[0]).toEqual({ label: 'Started', labelJa: '開始', format: 'date-time' });
  });

  it('a list where the answer has none: INVALID_RESPONSE naming the pointer', () => {
    const show = byCustomerNumberPreset().show as Readable;
    expect(() => resultOf(show, { data: { not: 'a list' } }, 'Mico')).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE', message: expect.stringContaining('without a list at /data') }),
    );
  });
});
