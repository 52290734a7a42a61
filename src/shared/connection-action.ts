/**
 * A connection's actions: requests an admin defines on the settings page (method, a path template
 * under the connection's base URL, for POST a JSON body template), run by the app server with the
 * connection's own sign-in method and the conversation's values, and what the card shows of the
 * answer. The page sends only an action's id and the values of its variables; the server builds the
 * URL and body from the stored definition. One check, run by the settings form and by the server
 * before anything is stored.
 */

/** What a path template may contain in braces; the body may also hold `{recentMessages}`. */
export const PATH_VARIABLES = ['customerNumber', 'conversationId', 'channel', 'agentUsername', 'input'] as const;
export const BODY_VARIABLES = [...PATH_VARIABLES, 'recentMessages'] as const;
export type ActionVariable = (typeof BODY_VARIABLES)[number];

export const FORMATS = ['text', 'date-time', 'duration', 'status', 'link'] as const;
/** How a value is shown: as text; an ISO 8601 time in the reader's locale; seconds as a duration; a coded status in words; an http(s) link. */
export type ActionFormat = (typeof FORMATS)[number];

export interface ShownField {
  /** A JSON pointer (RFC 6901) into the answer, or into a list's row. */
  pointer: string;
  label: string;
  labelJa?: string;
  format: ActionFormat;
  /** A text field the agent may put into the SMS composer. */
  useInReply?: boolean;
}

export type ActionShow =
  /** Every field of the answer, under readable labels. */
  | { kind: 'all' }
  /** The chosen fields, in this order. */
  | { kind: 'fields'; fields: ShownField[] }
  /** The array at `pointer` (empty: the answer itself), a row per item, at most `maxRows`. */
  | { kind: 'list'; pointer: string; columns: ShownField[]; maxRows: number }
  /** Only whether the connection answered: its status and the time taken (the probe). */
  | { kind: 'reachable' };

/** The value an agent types for `{input}` (e.g. a call's UID). */
export interface ActionInput {
  label: string;
  labelJa?: string;
  /** A regular expression the whole value must match. */
  pattern: string;
}

export interface ConnectionAction {
  /** Unique within the connection: 1 to 64 letters, digits, ".", "_" or "-". */
  id: string;
  label: string;
  labelJa?: string;
  /** Who may run it: every agent of the account, or its admins only. */
  audience: 'agents' | 'admins';
  method: 'GET' | 'POST';
  /** Starts with "/", appended to the base URL, with `{variable}` where a value goes (URL-encoded). */
  path: string;
  /** POST only: a JSON document; a string `"{variable}"` becomes the value, and `{variable}` inside a longer string is replaced by it. */
  body?: string;
  /** Present exactly when the path or body uses `{input}`. */
  input?: ActionInput;
  /** How many of the conversation's last message texts `{recentMessages}` holds (1 to 50); present exactly when the body uses it. */
  recentMessages?: number;
  /** When the card opens (the answer kept per conversation for `cacheSeconds`), or when the agent clicks. */
  runs: 'on-open' | 'on-click';
  /** 0 to 86,400: how long an answer for one conversation is reused. */
  cacheSeconds: number;
  show: ActionShow;
}

export const MAX_ACTIONS = 10;
export const MAX_ROWS = 50;
export const MAX_RECENT_MESSAGES = 50;
export const MAX_CACHE_SECONDS = 86_400;
const MAX_LABEL = 60;
const MAX_PATH = 500;
const MAX_BODY = 4_000;
const MAX_PATTERN = 200;
const MAX_FIELDS = 20;

export const ACTION_ID = /^[\w.-]{1,64}$/;

/** The rules a field of an action can break; the settings form words each in its language, the server in English. */
export const ACTION_PROBLEMS = [
  'required',
  'too-long',
  'id',
  'duplicate',
  'choice',
  'path',
  'variable',
  'input-missing',
  'input-unused',
  'pattern',
  'json',
  'body-on-get',
  'messages-missing',
  'messages-unused',
  'number',
  'pointer',
  'reply-format',
  'too-many',
] as const;
export type ActionProblem = (typeof ACTION_PROBLEMS)[number];

/** A problem at a field, named by its path in the action: `label`, `show.fields.2.pointer`. */
export interface ActionFieldProblem {
  field: string;
  problem: ActionProblem;
}

export type CheckedAction = { ok: true; action: ConnectionAction } | { ok: false; problems: ActionFieldProblem[] };

/** The `{name}` placeholders a template uses, in order of first use. */
export function variablesIn(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? ''))];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const POINTER = /^(\/([^~/]|~[01])*)*$/;

/** Checks one action as sent or stored: every field typed, known and within its limits; the action as it is kept (trimmed), or every problem. */
export function checkAction(raw: unknown): CheckedAction {
  const problems: ActionFieldProblem[] = [];
  const at = (field: string, problem: ActionProblem) => problems.push({ field, problem });
  if (!isObject(raw)) return { ok: false, problems: [{ field: '', problem: 'required' }] };

  const text = (field: string, value: unknown, limit: number, required = true): string | undefined => {
    if (value === undefined || value === null || value === '') {
      if (required) at(field, 'required');
      return undefined;
    }
    if (typeof value !== 'string') return void at(field, 'required');
    const trimmed = value.trim();
    if (trimmed === '' && required) return void at(field, 'required');
    if (trimmed.length > limit) return void at(field, 'too-long');
    return trimmed === '' ? undefined : trimmed;
  };
  const choice = <T extends string>(field: string, value: unknown, choices: readonly T[]): T | undefined =>
    choices.includes(value as T) ? (value as T) : void at(field, 'choice');
  const whole = (field: string, value: unknown, min: number, max: number): number | undefined =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : void at(field, 'number');

  const id = text('id', raw.id, 64);
  if (id !== undefined && !ACTION_ID.test(id)) at('id', 'id');
  const label = text('label', raw.label, MAX_LABEL);
  const labelJa = text('labelJa', raw.labelJa, MAX_LABEL, false);
  const audience = choice('audience', raw.audience, ['agents', 'admins'] as const);
  const method = choice('method', raw.method, ['GET', 'POST'] as const);
  const path = text('path', raw.path, MAX_PATH);
  if (path !== undefined && !/^\/[^\s#]*$/.test(path)) at('path', 'path');
  const body = text('body', raw.body, MAX_BODY, false);
  const runs = choice('runs', raw.runs, ['on-open', 'on-click'] as const);
  const cacheSeconds = whole('cacheSeconds', raw.cacheSeconds ?? 0, 0, MAX_CACHE_SECONDS);

  const pathVariables = path ? variablesIn(path) : [];
  for (const name of pathVariables) if (!(PATH_VARIABLES as readonly string[]).includes(name)) at('path', 'variable');
  let bodyVariables: string[] = [];
  if (body !== undefined) {
    if (method === 'GET') at('body', 'body-on-get');
    try {
      JSON.parse(body);
      bodyVariables = variablesIn(body);
      for (const name of bodyVariables) if (!(BODY_VARIABLES as readonly string[]).includes(name)) at('body', 'variable');
    } catch {
      at('body', 'json');
    }
  }
  const uses = (name: ActionVariable) => pathVariables.includes(name) || bodyVariables.includes(name);

  let input: ActionInput | undefined;
  if (raw.input !== undefined && raw.input !== null) {
    if (!isObject(raw.input)) at('input', 'required');
    else {
      const inputLabel = text('input.label', raw.input.label, MAX_LABEL);
      const inputLabelJa = text('input.labelJa', raw.input.labelJa, MAX_LABEL, false);
      const pattern = text('input.pattern', raw.input.pattern, MAX_PATTERN);
      if (pattern !== undefined && !validPattern(pattern)) at('input.pattern', 'pattern');
      if (inputLabel !== undefined && pattern !== undefined) input = { label: inputLabel, ...(inputLabelJa ? { labelJa: inputLabelJa } : {}), pattern };
    }
    if (!uses('input')) at('input', 'input-unused');
  } else if (uses('input')) at('input', 'input-missing');

  let recentMessages: number | undefined;
  if (raw.recentMessages !== undefined && raw.recentMessages !== null) {
    recentMessages = whole('recentMessages', raw.recentMessages, 1, MAX_RECENT_MESSAGES);
    if (!uses('recentMessages')) at('recentMessages', 'messages-unused');
  } else if (uses('recentMessages')) at('recentMessages', 'messages-missing');

  const show = checkShow(raw.show, at);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    action: {
      id: id as string,
      label: label as string,
      ...(labelJa ? { labelJa } : {}),
      audience: audience as ConnectionAction['audience'],
      method: method as ConnectionAction['method'],
      path: path as string,
      ...(body !== undefined ? { body } : {}),
      ...(input ? { input } : {}),
      ...(recentMessages !== undefined ? { recentMessages } : {}),
      runs: runs as ConnectionAction['runs'],
      cacheSeconds: cacheSeconds as number,
      show: show as ActionShow,
    },
  };
}

/** A pattern JavaScript compiles with the `u` flag (the server and the page test values with it). */
function validPattern(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The compiled pattern an `{input}` value must match whole. */
export const inputPattern = (input: ActionInput) => new RegExp(`^(?:${input.pattern})$`, 'u');

function checkShow(raw: unknown, at: (field: string, problem: ActionProblem) => void): ActionShow | undefined {
  if (!isObject(raw)) return void at('show', 'required');
  const fieldsOf = (name: string, value: unknown): ShownField[] | undefined => {
    if (!Array.isArray(value) || value.length === 0) return void at(name, 'required');
    if (value.length > MAX_FIELDS) return void at(name, 'too-many');
    const fields: ShownField[] = [];
    for (const [index, item] of (value as unknown[]).entries()) {
      const field = `${name}.${index}`;
      if (!isObject(item)) {
        at(field, 'required');
        continue;
      }
      const pointer = typeof item.pointer === 'string' ? item.pointer.trim() : undefined;
      if (pointer === undefined || !POINTER.test(pointer) || pointer.length > 200) at(`${field}.pointer`, 'pointer');
      const label = typeof item.label === 'string' ? item.label.trim() : '';
      if (label === '') at(`${field}.label`, 'required');
      else if (label.length > MAX_LABEL) at(`${field}.label`, 'too-long');
      const labelJa = typeof item.labelJa === 'string' ? item.labelJa.trim() : '';
      if (labelJa.length > MAX_LABEL) at(`${field}.labelJa`, 'too-long');
      const format = FORMATS.includes(item.format as ActionFormat) ? (item.format as ActionFormat) : void at(`${field}.format`, 'choice');
      if (item.useInReply !== undefined && typeof item.useInReply !== 'boolean') at(`${field}.useInReply`, 'choice');
      if (item.useInReply === true && format !== 'text') at(`${field}.useInReply`, 'reply-format');
      if (pointer !== undefined && format)
        fields.push({ pointer, label, ...(labelJa ? { labelJa } : {}), format, ...(item.useInReply === true ? { useInReply: true } : {}) });
    }
    return fields;
  };
  switch (raw.kind) {
    case 'all':
    case 'reachable':
      return { kind: raw.kind };
    case 'fields': {
      const fields = fieldsOf('show.fields', raw.fields);
      return fields ? { kind: 'fields', fields } : undefined;
    }
    case 'list': {
      const pointer = typeof raw.pointer === 'string' ? raw.pointer.trim() : '';
      if (!POINTER.test(pointer)) at('show.pointer', 'pointer');
      const columns = fieldsOf('show.columns', raw.columns);
      const maxRows =
        Number.isInteger(raw.maxRows) && (raw.maxRows as number) >= 1 && (raw.maxRows as number) <= MAX_ROWS ? (raw.maxRows as number) : undefined;
      if (maxRows === undefined) at('show.maxRows', 'number');
      return columns && maxRows ? { kind: 'list', pointer, columns, maxRows } : undefined;
    }
    default:
      return void at('show.kind', 'choice');
  }
}

/** Checks a connection's whole list: each action, at most MAX_ACTIONS, ids unique. Problems are named `actions.2.label`. */
export function checkActions(raw: unknown): { ok: true; actions: ConnectionAction[] } | { ok: false; problems: ActionFieldProblem[] } {
  if (!Array.isArray(raw)) return { ok: false, problems: [{ field: 'actions', problem: 'required' }] };
  if (raw.length > MAX_ACTIONS) return { ok: false, problems: [{ field: 'actions', problem: 'too-many' }] };
  const problems: ActionFieldProblem[] = [];
  const actions: ConnectionAction[] = [];
  const ids = new Set<string>();
  raw.forEach((item, index) => {
    const checked = checkAction(item);
    if (!checked.ok) problems.push(...checked.problems.map(({ field, problem }) => ({ field: `actions.${index}${field ? `.${field}` : ''}`, problem })));
    else if (ids.has(checked.action.id)) problems.push({ field: `actions.${index}.id`, problem: 'duplicate' });
    else {
      ids.add(checked.action.id);
      actions.push(checked.action);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, actions };
}

/**
 * The values an agent's card sends with a run; `agentUsername` is never among them (the server takes
 * it from the session). Each is checked by the server before it goes into a template.
 */
export interface ActionVariables {
  conversationId?: string;
  customerNumber?: string;
  channel?: string;
  input?: string;
  /** The conversation's last message texts, oldest first. */
  recentMessages?: string[];
}

/** A value as the answer had it, after the pointer: objects and arrays are not shown as values. */
export type ActionValue = string | number | boolean | null;

export interface ShownValue {
  label: string;
  labelJa?: string;
  format: ActionFormat;
  /** Absent: the answer had nothing at the field's pointer. */
  value?: ActionValue;
  useInReply?: boolean;
}

/** What the card shows of an answer: the server reads the answer by the action's `show` and sends only this. */
export type ActionResult =
  | { kind: 'fields'; fields: ShownValue[] }
  | { kind: 'list'; columns: Omit<ShownField, 'pointer'>[]; rows: (ActionValue | undefined)[][]; total: number }
  | { kind: 'reachable'; status: number; ms: number; detail?: string };
