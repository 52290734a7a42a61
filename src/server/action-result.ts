/**
 * What the card shows of a connection's answer: the server reads it by the action's `show` and sends
 * only that — chosen fields, a list's rows, or every plain value under a readable label. Objects and
 * arrays are never sent as values, and texts are cut, so an answer cannot fill the card or the wire.
 */
import { ApiError } from '../shared/api-error';
import type { ActionResult, ActionShow, ActionValue, ShownField, ShownValue } from '../shared/connection-action';

/** The longest text sent to the card; longer ones are cut. */
export const MAX_TEXT = 2_000;
/** Fields of an answer shown "all": the first ones found, in the answer's order. */
export const MAX_ALL_FIELDS = 30;

/** The value at a JSON pointer (RFC 6901), or undefined when the answer has nothing there. */
export function atPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let node = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else return undefined;
  }
  return node;
}

/** A plain value as the card may show it; undefined for objects, arrays and nothing. */
function plain(value: unknown): ActionValue | undefined {
  if (typeof value === 'string') return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return undefined;
}

const shown = (field: ShownField, value: ActionValue | undefined): ShownValue => ({
  label: field.label,
  ...(field.labelJa ? { labelJa: field.labelJa } : {}),
  format: field.format,
  ...(value === undefined ? {} : { value }),
  ...(field.useInReply ? { useInReply: true } : {}),
});

/** `started_at` → "Started at", `campaign.name` → "Campaign name", `durationSeconds` → "Duration seconds". */
export function labelOf(path: string[]): string {
  const words = path
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_\-.\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Every plain value of the answer, depth first in its own order, at most MAX_ALL_FIELDS. */
function allFields(answer: unknown): ShownValue[] {
  const fields: ShownValue[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (fields.length >= MAX_ALL_FIELDS) return;
    if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
      return;
    }
    const value = plain(node);
    if (value === undefined) return;
    fields.push({ label: path.length > 0 ? labelOf(path) : 'Answer', format: typeof value === 'string' && ISO_TIME.test(value) ? 'date-time' : 'text', value });
  };
  walk(answer, []);
  return fields;
}

/** The answer read by `show` (not `reachable`: that is a status, not a body); INVALID_RESPONSE when it is not what `show` needs. */
export function resultOf(show: Exclude<ActionShow, { kind: 'reachable' }>, answer: unknown, connectionName: string): ActionResult {
  switch (show.kind) {
    case 'all':
      return { kind: 'fields', fields: allFields(answer) };
    case 'fields':
      if (typeof answer !== 'object' || answer === null)
        throw new ApiError('INVALID_RESPONSE', `"${connectionName}" answered something other than a JSON object or list, so there are no fields to show.`);
      return { kind: 'fields', fields: show.fields.map((field) => shown(field, plain(atPointer(answer, field.pointer)))) };
    case 'list': {
      const list = atPointer(answer, show.pointer);
      if (!Array.isArray(list))
        throw new ApiError(
          'INVALID_RESPONSE',
          `"${connectionName}" answered without a list ${show.pointer === '' ? 'as its answer' : `at ${show.pointer}`}: ask an admin to check the action's list pointer.`,
        );
      return {
        kind: 'list',
        columns: show.columns.map(({ pointer: _, ...column }) => column),
        rows: list.slice(0, show.maxRows).map((row) => show.columns.map((column) => plain(atPointer(row, column.pointer)))),
        total: list.length,
      };
    }
  }
}
