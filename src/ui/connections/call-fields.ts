/**
 * A Mico outbound call as the agent reads it: each field under our label where we know it (its own
 * name otherwise), its value as the reader's language writes it, and a coded value (`completed`,
 * `customer_confirmed`) in words where we know the code: as Mico sent it otherwise.
 */
import type { MessageKey, Translate } from '../../i18n';
import { enConnections } from '../../i18n/en-connections';

const LABELLED = new Set([
  'uid',
  'status',
  'direction',
  'to',
  'from',
  'campaign.name',
  'campaign.uid',
  'started_at',
  'ended_at',
  'duration_seconds',
  'outcome',
  'summary',
]);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** Nested answers as `a.b` / `a[0]` paths, each with its value. */
function flatten(value: unknown, path = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[path, value]];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
  return entries.flatMap(([p, v]) => flatten(v, p));
}

/** The words for a coded value, when the catalogue has them (every language has English's keys). */
function inWords(t: Translate, key: string, value: string): string {
  const word = `conn.callValue.${key}.${value}`;
  return Object.hasOwn(enConnections, word) ? t(word as MessageKey) : value;
}

function labelled(t: Translate, key: string, value: unknown): [string, string] {
  const label = LABELLED.has(key) ? t(`conn.call.${key}` as MessageKey) : key;
  if (key === 'duration_seconds' && typeof value === 'number')
    return [label, t('conn.call.seconds', { seconds: new Intl.NumberFormat(t.locale).format(value) })];
  if (typeof value === 'string' && ISO_TIME.test(value))
    return [label, new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))];
  if (typeof value === 'string') return [label, inWords(t, key, value)];
  return [label, value === null ? '—' : String(value)];
}

/** The call's fields as [label, value] pairs, in the answer's order. */
export function callFields(t: Translate, call: unknown): [string, string][] {
  return flatten(call).map(([key, value]) => labelled(t, key, value));
}
