/**
 * The request an action makes, built by the server from the admin's stored template and the values an
 * agent's card sent: each value checked first, then URL-encoded into the path or JSON-encoded into the
 * body, so no value can change where the request goes or break the body's JSON. The browser names an
 * action and sends values; it never sends a URL, a path or a body.
 */
import { inputPattern, type ActionVariables, type ConnectionAction } from '../shared/connection-action';
import type { FieldProblem } from '../shared/wire';

export interface BuiltRequest {
  method: 'GET' | 'POST';
  url: URL;
  body?: string;
}

/** What a template may be filled with: the card's values, and `agentUsername` from the session (or an admin's try). */
export type Values = ActionVariables & { agentUsername?: string };

export type Built = { ok: true; request: BuiltRequest } | { ok: false; problem: FieldProblem };

/** The longest value that goes into a path or body, other than the conversation's messages. */
export const MAX_VALUE = 200;
/** The longest message text `{recentMessages}` carries. */
export const MAX_MESSAGE = 2_000;

/** Each variable's own shape; `input` is the action's pattern, `agentUsername` comes from Infobip's sign-in. */
const SHAPES: Partial<Record<keyof Values, { pattern: RegExp; words: string }>> = {
  conversationId: { pattern: /^[\w-]{1,64}$/, words: 'must be 1 to 64 letters, digits, "_" or "-"' },
  customerNumber: { pattern: /^\+?\d{3,20}$/, words: 'must be a phone number: 3 to 20 digits, optionally after "+"' },
  channel: { pattern: /^[A-Z_]{2,32}$/, words: 'must be a channel name such as SMS or WHATSAPP' },
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** Half of a surrogate pair alone: not a character, and no URL can carry it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const VARIABLE = /\{(customerNumber|conversationId|channel|agentUsername|input|recentMessages)\}/g;

const refusal = (variable: string, code: FieldProblem['code'], words: string): Built => ({
  ok: false,
  problem: { field: `variables.${variable}`, code, words },
});

/** One value, checked for the action: its text, or why it is refused. */
function checkValue(action: ConnectionAction, name: keyof Values, value: unknown): string | Built {
  if (value === undefined || value === null || value === '') return refusal(name, 'required', 'is needed by this action');
  if (typeof value !== 'string') return refusal(name, 'not-a-string', 'must be a string');
  if (value.length > MAX_VALUE) return refusal(name, 'too-long', `must be at most ${MAX_VALUE} characters`);
  if (CONTROL.test(value)) return refusal(name, 'not-allowed', 'must not contain control characters or line breaks');
  if (LONE_SURROGATE.test(value)) return refusal(name, 'not-allowed', 'contains a character that cannot be sent');
  const shape = SHAPES[name];
  if (shape && !shape.pattern.test(value)) return refusal(name, 'pattern', shape.words);
  if (name === 'input' && action.input && !inputPattern(action.input).test(value))
    return refusal(name, 'pattern', `must match the pattern the admin set for "${action.input.label}"`);
  return value;
}

/** The conversation's last messages for `{recentMessages}`: strings, each at most MAX_MESSAGE; the newest `count` are kept. */
function checkMessages(value: unknown, count: number): string[] | Built {
  if (!Array.isArray(value)) return refusal('recentMessages', 'required', 'must be a list of the conversation’s message texts');
  const problem = value.findIndex((text) => typeof text !== 'string' || text.length > MAX_MESSAGE);
  if (problem >= 0) return refusal(`recentMessages.${problem}`, 'not-a-string', `must be a text of at most ${MAX_MESSAGE} characters`);
  return (value as string[]).slice(-count);
}

/** The path under the base URL with every value in place, URL-encoded (RFC 3986's reserved "!'()*" too, which a parser may encode in a query); refused when the URL parser would read it as another path. */
function expandPath(baseUrl: string, template: string, values: Map<string, string>): URL | Built {
  let expanded = '';
  let from = 0;
  for (const match of template.matchAll(VARIABLE)) {
    const name = match[1] as string;
    const encoded = encodeURIComponent(values.get(name) as string).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    // "." and ".." are left as they are by encodeURIComponent, and a URL parser removes them as segments.
    if (/^\.{1,2}$/.test(encoded)) return refusal(name, 'path', 'must not be "." or ".."');
    expanded += template.slice(from, match.index) + encoded;
    from = match.index + match[0].length;
  }
  expanded += template.slice(from);
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(baseUrl.replace(/\/+$/, '') + expanded);
  // The parser's reading must be the text itself: anything it resolved or re-encoded could leave the base path.
  if (url.origin !== base.origin || url.pathname + url.search !== basePath + expanded || !url.pathname.startsWith(`${basePath}/`)) {
    return { ok: false, problem: { field: 'action.path', code: 'path', words: 'is not a plain path under the base URL once its values are in place' } };
  }
  return url;
}

/** The body: the template's JSON with `"{variable}"` replaced by the value itself and `{variable}` inside a longer string by its text. */
function expandBody(template: string, values: Map<string, string>, messages: string[] | undefined): string {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\{(\w+)\}$/.exec(node)?.[1];
      if (whole === 'recentMessages') return messages ?? [];
      if (whole !== undefined && values.has(whole)) return values.get(whole);
      return node.replace(VARIABLE, (_, name: string) => (name === 'recentMessages' ? (messages ?? []).join('\n') : (values.get(name) ?? '')));
    }
    if (Array.isArray(node)) return node.map(fill);
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    return node;
  };
  return JSON.stringify(fill(JSON.parse(template)));
}

/**
 * The request `action` makes under `baseUrl` with `values`, or the first value refused (named
 * `variables.<name>`). Only the variables the action's templates use are read; each is checked.
 */
export function buildRequest(baseUrl: string, action: ConnectionAction, values: Values): Built {
  const used = new Set([...`${action.path} ${action.body ?? ''}`.matchAll(VARIABLE)].map((match) => match[1] as string));
  const checked = new Map<string, string>();
  let messages: string[] | undefined;
  for (const name of used) {
    if (name === 'recentMessages') {
      const list = checkMessages(values.recentMessages, action.recentMessages ?? 0);
      if (!Array.isArray(list)) return list;
      messages = list;
      continue;
    }
    const value = checkValue(action, name as keyof Values, values[name as keyof Values]);
    if (typeof value !== 'string') return value;
    checked.set(name, value);
  }
  const url = expandPath(baseUrl, action.path, checked);
  if (!(url instanceof URL)) return url;
  return {
    ok: true,
    request: {
      method: action.method,
      url,
      ...(action.method === 'POST' && action.body !== undefined ? { body: expandBody(action.body, checked, messages) } : {}),
    },
  };
}
