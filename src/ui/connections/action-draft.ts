/**
 * An action as the settings form holds it while the admin types: every value as typed (a number too,
 * so "5 min" survives an error), the parts the templates do not use kept aside rather than lost. It
 * becomes the stored shape only when checked (checkAction), so the form and the server judge it alike.
 */
import {
  checkAction,
  variablesIn,
  type ActionFormat,
  type ActionShow,
  type CheckedAction,
  type ConnectionAction,
  type ShownField,
} from '../../shared/connection-action';

export interface ShownFieldDraft {
  pointer: string;
  label: string;
  labelJa: string;
  format: ActionFormat;
  useInReply: boolean;
}

export interface ActionDraft {
  id: string;
  label: string;
  labelJa: string;
  audience: ConnectionAction['audience'];
  method: ConnectionAction['method'];
  path: string;
  body: string;
  inputLabel: string;
  inputLabelJa: string;
  inputPattern: string;
  recentMessages: string;
  runs: ConnectionAction['runs'];
  /** The answer is kept this many minutes (stored in seconds). */
  cacheMinutes: string;
  show: ActionShow['kind'];
  /** A list's array pointer, and its most rows. */
  listPointer: string;
  maxRows: string;
  /** The chosen fields, or a list's columns. */
  fields: ShownFieldDraft[];
}

export const blankField = (): ShownFieldDraft => ({ pointer: '', label: '', labelJa: '', format: 'text', useInReply: false });

const fieldDraft = (field: ShownField): ShownFieldDraft => ({
  pointer: field.pointer,
  label: field.label,
  labelJa: field.labelJa ?? '',
  format: field.format,
  useInReply: field.useInReply === true,
});

export function draftOf(action: ConnectionAction): ActionDraft {
  const { show } = action;
  return {
    id: action.id,
    label: action.label,
    labelJa: action.labelJa ?? '',
    audience: action.audience,
    method: action.method,
    path: action.path,
    body: action.body ?? '',
    inputLabel: action.input?.label ?? '',
    inputLabelJa: action.input?.labelJa ?? '',
    inputPattern: action.input?.pattern ?? '',
    recentMessages: String(action.recentMessages ?? 20),
    runs: action.runs,
    cacheMinutes: String(Math.round(action.cacheSeconds / 60)),
    show: show.kind,
    listPointer: show.kind === 'list' ? show.pointer : '',
    maxRows: String(show.kind === 'list' ? show.maxRows : 5),
    fields: show.kind === 'fields' ? show.fields.map(fieldDraft) : show.kind === 'list' ? show.columns.map(fieldDraft) : [],
  };
}

export function blankDraft(id: string): ActionDraft {
  return {
    ...draftOf({ id, label: '', audience: 'agents', method: 'GET', path: '/', runs: 'on-click', cacheSeconds: 0, show: { kind: 'all' } }),
    cacheMinutes: '5',
  };
}

/** The templates the action sends: the body only for POST. */
const templates = (draft: ActionDraft) => (draft.method === 'POST' ? [draft.path, draft.body] : [draft.path]);

/** Whether the path or body asks the agent for `{input}`: the form then asks for its label and pattern. */
export const usesInput = (draft: ActionDraft) => templates(draft).some((template) => variablesIn(template).includes('input'));
/** Whether the body sends `{recentMessages}`: the form then asks how many. */
export const usesMessages = (draft: ActionDraft) => draft.method === 'POST' && variablesIn(draft.body).includes('recentMessages');

/** A whole number as typed, or the text itself, which the check refuses as not a number. */
const whole = (value: string): number | string => (/^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value);

/** A field as sent; a list's columns are never put into a reply (the form offers it for chosen fields only). */
const shownField = (field: ShownFieldDraft, reply: boolean) => ({
  pointer: field.pointer,
  label: field.label,
  ...(field.labelJa.trim() ? { labelJa: field.labelJa } : {}),
  format: field.format,
  ...(reply && field.useInReply ? { useInReply: true } : {}),
});

/** The action as the server would receive it, checked: the stored shape, or each problem by its field (`show.fields.0.pointer`). */
export function checkDraft(draft: ActionDraft): CheckedAction {
  const minutes = whole(draft.cacheMinutes);
  const show =
    draft.show === 'fields'
      ? { kind: 'fields', fields: draft.fields.map((field) => shownField(field, true)) }
      : draft.show === 'list'
        ? { kind: 'list', pointer: draft.listPointer, columns: draft.fields.map((field) => shownField(field, false)), maxRows: whole(draft.maxRows) }
        : { kind: draft.show };
  return checkAction({
    id: draft.id,
    label: draft.label,
    labelJa: draft.labelJa,
    audience: draft.audience,
    method: draft.method,
    path: draft.path,
    ...(draft.method === 'POST' && draft.body.trim() ? { body: draft.body } : {}),
    ...(usesInput(draft) ? { input: { label: draft.inputLabel, labelJa: draft.inputLabelJa, pattern: draft.inputPattern } } : {}),
    ...(usesMessages(draft) ? { recentMessages: whole(draft.recentMessages) } : {}),
    runs: draft.runs,
    // An answer shown on a click is fetched afresh each time.
    cacheSeconds: draft.runs === 'on-click' ? 0 : typeof minutes === 'number' ? minutes * 60 : minutes,
    show,
  });
}

/** An id no other action of the connection has: the preset's own, else with a number after it. */
export function freeId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}
