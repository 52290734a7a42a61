/**
 * An action's answer in words, as an agent reads it at a glance: times and durations in the reader's
 * language, coded statuses in words (a code the catalogue lacks humanised), links only to http(s)
 * pages. Pure: each takes the page's Translate (with enActions) and returns text, never markup.
 */
import type { MessageKey, Translate } from '../../i18n';
import { enActions } from '../../i18n/en-actions';
import type { ActionFormat, ActionResult, ActionValue } from '../../shared/connection-action';
import { displayNumber } from '../phone-display';

/** A value as shown: its text, and where it links when it is an http(s) link. */
export interface Shown {
  text: string;
  href?: string;
}

/** The label in the page's language: the Japanese one when the page speaks Japanese and the admin gave one. */
export const labelOf = (t: Translate, { label, labelJa }: { label: string; labelJa?: string | undefined }) => (t.locale === 'ja' && labelJa ? labelJa : label);

/** Nothing at the field: the same mark in every language. */
export const NONE = '—';

const number = (t: Translate, value: number) => new Intl.NumberFormat(t.locale).format(value);

/** An ISO 8601 time (or epoch seconds or milliseconds) in the reader's language and zone, with a four-digit year; undefined when it is not a time. */
export function dateTimeText(t: Translate, value: ActionValue): string | undefined {
  let time: number;
  if (typeof value === 'number') time = Math.abs(value) < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(value.trim()))
    time = Date.parse(value.trim());
  else return undefined;
  if (!Number.isFinite(time)) return undefined;
  return new Intl.DateTimeFormat(t.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(time);
}

/** Seconds as the reader says them: "3 min 20 s", "3分20秒"; an hour or more to the minute. Undefined when it is not a number of seconds. */
export function durationText(t: Translate, value: ActionValue): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return m > 0 ? t('action.duration.hm', { h: number(t, h), m }) : t('action.duration.h', { h: number(t, h) });
  if (m > 0) return s > 0 ? t('action.duration.ms', { m, s }) : t('action.duration.m', { m });
  return t('action.duration.s', { s });
}

/** A code as words: "no_answer" → "No answer", "inProgress" → "In progress". Text that is not a code (a sentence) stays as it is. */
export function humanise(code: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*([_\-. ][A-Za-z0-9]+)*$/.test(code)) return code;
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A coded status in words: the catalogue's when it has them (in the reader's language), else the code humanised. */
export function statusText(t: Translate, value: ActionValue): string {
  const code = String(value).trim();
  const key = `action.status.${code.toLowerCase().replace(/[\s-]+/g, '_')}`;
  // Own keys only: a value such as "toString" is never a lookup of anything but the catalogue's words.
  return Object.hasOwn(enActions, key) ? t(key as MessageKey) : humanise(code);
}

/** An http(s) URL as a link; anything else (javascript:, data:, a relative path) is not one. */
export function linkHref(value: ActionValue): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** One value in its format; missing or null as "—"; a value that does not fit its format as the text it is. */
export function shownValue(t: Translate, format: ActionFormat, value: ActionValue | undefined): Shown {
  if (value === undefined || value === null || value === '') return { text: NONE };
  if (typeof value === 'boolean') return { text: t(value ? 'action.yes' : 'action.no') };
  const text = String(value);
  switch (format) {
    case 'date-time':
      return { text: dateTimeText(t, value) ?? text };
    case 'duration':
      return { text: durationText(t, value) ?? text };
    case 'status':
      return { text: statusText(t, value) };
    case 'link': {
      const href = linkHref(value);
      return href ? { text, href } : { text };
    }
    default:
      // A number in international form reads as the card's header writes the customer's: "+41 793 026 727".
      return { text: /^\+\d{8,15}$/.test(text) ? displayNumber(text) : text };
  }
}

/** A reachability check in one line: "Reachable · 200 · 84 ms", "Answered 503 · 84 ms". */
export function reachableText(t: Translate, { status, ms }: { status: number; ms: number }): string {
  return t(status < 400 ? 'action.reachable' : 'action.unreachable', { status, ms: number(t, ms) });
}

/** Whether an answer has anything to show: a list with rows, a field with a value; a reachability check always. */
export function hasSomething(result: ActionResult): boolean {
  if (result.kind === 'list') return result.rows.length > 0;
  if (result.kind === 'fields') return result.fields.some(({ value }) => value !== undefined && value !== null && value !== '');
  return true;
}

/** When an answer was fetched: the time alone today ("14:02"), with the date before. */
export function fetchedText(t: Translate, at: number, now = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const time = sameDay ? new Intl.DateTimeFormat(t.locale, { hour: 'numeric', minute: '2-digit' }).format(at) : (dateTimeText(t, at) ?? '');
  return t('action.fetched', { time });
}
