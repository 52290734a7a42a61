import { describe, expect, test } from 'vitest';
import { createT, loadT } from '../../../src/i18n';
import { enConnections } from '../../../src/i18n/en-connections';
import { callFields } from '../../../src/ui/connections/call-fields';
import { sampleCall } from '../../sandbox/mico.js';

await loadT('ja');
const call = sampleCall('call_7f3a9c21');
const value = (fields: [string, string][], label: string) => fields.find(([l]) => l === label)?.[1];

describe("a Mico call's fields, as the agent reads them", () => {
  test('in English: coded values in words, times and durations in the reader’s format', () => {
    const fields = callFields(createT('en', enConnections), call);
    expect(value(fields, 'Status')).toBe('Completed');
    expect(value(fields, 'Direction')).toBe('Outbound (to the customer)');
    expect(value(fields, 'Outcome')).toBe('The customer confirmed');
    expect(value(fields, 'Duration')).toBe('132 s');
    expect(value(fields, 'Campaign')).toBe('Parcel delivery follow-up');
  });

  test('in Japanese: every label and coded value in Japanese; no English but what Mico wrote (numbers, names, the summary)', () => {
    const fields = callFields(createT('ja', enConnections), call);
    expect(value(fields, '状態')).toBe('完了');
    expect(value(fields, '方向')).toBe('発信（お客様へ）');
    expect(value(fields, '結果')).toBe('お客様が確認済み');
    const asSent = new Set([call.uid, call.to, call.from, call.campaign.uid, call.campaign.name, call.summary]);
    for (const [label, shown] of fields) {
      expect(label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      if (!asSent.has(shown)) expect(shown, label).not.toMatch(/[A-Za-z]/);
    }
  });

  test('a code the card does not know shows as Mico sent it, and a field it does not know under its own name', () => {
    const fields = callFields(createT('en', enConnections), sampleCall('c', { status: 'voicemail_left', agent: { id: 7 } }));
    expect(value(fields, 'Status')).toBe('voicemail_left');
    expect(value(fields, 'agent.id')).toBe('7');
  });

  test('a value that names a key of the catalogue is still Mico’s text, never a lookup of anything but its own field', () => {
    const fields = callFields(createT('en', enConnections), sampleCall('c', { summary: 'completed', status: 'toString' }));
    expect(value(fields, 'Summary')).toBe('completed');
    expect(value(fields, 'Status')).toBe('toString');
  });
});
