/**
 * The request an action makes: every value an agent's card sends is checked, then URL-encoded into the
 * path or JSON-encoded into the body, so no value changes where the request goes or breaks the body.
 */
import { describe, expect, it } from 'vitest';
import { buildRequest, type Values } from '../../src/server/action-request';
import { askAiPreset, byCustomerNumberPreset, callByUidPreset } from '../../src/shared/action-presets';
import { checkAction, type ConnectionAction } from '../../src/shared/connection-action';

const BASE = 'https://api.example.com/prefix';

/** An action as an admin would save it: checked by the same rules. */
function action(overrides: Partial<ConnectionAction>): ConnectionAction {
  const checked = checkAction({
    id: 'test',
    label: 'Test',
    audience: 'agents',
    method: 'GET',
    path: '/v1/items/{input}',
    input: { label: 'Item', pattern: '.{1,200}' },
    runs: 'on-click',
    cacheSeconds: 0,
    show: { kind: 'all' },
    ...overrides,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.action;
}

const anyInput = action({});
const built = (a: ConnectionAction, values: Values) => {
  const result = buildRequest(BASE, a, values);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.request;
};
const refused = (a: ConnectionAction, values: Values) => {
  const result = buildRequest(BASE, a, values);
  if (result.ok) throw new Error(`built ${result.request.url.href}`);
  return result.problem;
};

describe('a value in the path', () => {
  it.each([
    ['../', '/prefix/v1/items/..%2F'],
    ['../../oauth/token', '/prefix/v1/items/..%2F..%2Foauth%2Ftoken'],
    ['%2e%2e/', '/prefix/v1/items/%252e%252e%2F'],
    ['%2e%2e', '/prefix/v1/items/%252e%252e'],
    ['a/b', '/prefix/v1/items/a%2Fb'],
    ['a?admin=1', '/prefix/v1/items/a%3Fadmin%3D1'],
    ['a#top', '/prefix/v1/items/a%23top'],
    ['a\\b', '/prefix/v1/items/a%5Cb'],
    ["it's (x)!*", '/prefix/v1/items/it%27s%20%28x%29%21%2A'],
    ['...', '/prefix/v1/items/...'],
    ['日本', '/prefix/v1/items/%E6%97%A5%E6%9C%AC'],
  ])('%j is encoded: the request goes to %s, under the base URL', (value, path) => {
    const request = built(anyInput, { input: value });
    expect(request.url.origin).toBe('https://api.example.com');
    expect(request.url.pathname + request.url.search).toBe(path);
    expect(request.url.hash).toBe('');
  });

  it.each(['.', '..'])('%j, which a URL parser would resolve as a segment, is refused', (value) => {
    expect(refused(anyInput, { input: value })).toMatchObject({ field: 'variables.input', code: 'path' });
  });

  it.each([
    ['CR LF', 'a\r\nHost: evil.example'],
    ['NUL', 'a\u0000b'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['a line separator', 'a\u2028b'],
  ])('a value with %s is refused, naming the variable', (_, value) => {
    expect(refused(anyInput, { input: value })).toEqual({
      field: 'variables.input',
      code: 'not-allowed',
      words: 'must not contain control characters or line breaks',
    });
  });

  it('a lone surrogate, which no URL can carry, is refused rather than thrown', () => {
    expect(refused(anyInput, { input: 'a\ud800' })).toMatchObject({ field: 'variables.input', code: 'not-allowed' });
  });

  it('a value over 200 characters is refused', () => {
    expect(built(anyInput, { input: 'x'.repeat(200) }).url.pathname).toBe(`/prefix/v1/items/${'x'.repeat(200)}`);
    expect(refused(anyInput, { input: 'x'.repeat(201) })).toMatchObject({ field: 'variables.input', code: 'too-long' });
  });

  it("the input must match the action's pattern, whole", () => {
    const uid = callByUidPreset();
    expect(built(uid, { input: 'call_7f3a9c21' }).url.pathname).toBe('/prefix/v1/outbound_calls/call_7f3a9c21');
    expect(refused(uid, { input: 'call 7f' })).toEqual({
      field: 'variables.input',
      code: 'pattern',
      words: 'must match the pattern the admin set for "Call UID"',
    });
    expect(refused(uid, { input: 'call_7f/../../x' })).toMatchObject({ code: 'pattern' });
  });

  it('a customer number is digits, optionally after "+", and "+" is encoded in a query', () => {
    const byNumber = byCustomerNumberPreset();
    const request = built(byNumber, { customerNumber: '+41793026727' });
    expect(request.url.pathname + request.url.search).toBe('/prefix/v1/outbound_calls?to=%2B41793026727');
    expect(request.url.searchParams.get('to')).toBe('+41793026727');
    for (const value of ['4179x', '41&to=1', '+41 79', '12']) expect(refused(byNumber, { customerNumber: value })).toMatchObject({ code: 'pattern' });
  });

  it('a conversation id and a channel are checked by their shape', () => {
    const both = action({ path: '/c/{conversationId}/{channel}', input: undefined });
    expect(built(both, { conversationId: 'conv-42_a', channel: 'WHATSAPP' }).url.pathname).toBe('/prefix/c/conv-42_a/WHATSAPP');
    expect(refused(both, { conversationId: 'conv/42', channel: 'SMS' })).toMatchObject({ field: 'variables.conversationId', code: 'pattern' });
    expect(refused(both, { conversationId: 'c', channel: 'sms' })).toMatchObject({ field: 'variables.channel', code: 'pattern' });
  });

  it('a variable the template uses but the request lacks is named; one it does not use is not read', () => {
    const both = action({ path: '/c/{conversationId}/{channel}', input: undefined });
    expect(refused(both, { conversationId: 'c1' })).toEqual({ field: 'variables.channel', code: 'required', words: 'is needed by this action' });
    expect(refused(both, { conversationId: 'c1', channel: 7 as unknown as string })).toMatchObject({ field: 'variables.channel', code: 'not-a-string' });
    expect(built(anyInput, { input: 'x', channel: 'not a channel' }).url.pathname).toBe('/prefix/v1/items/x');
  });

  it('agentUsername is the one given (the session’s), encoded', () => {
    const mine = action({ path: '/agents/{agentUsername}', input: undefined });
    expect(built(mine, { agentUsername: 'anna.k@example.com' }).url.pathname).toBe('/prefix/agents/anna.k%40example.com');
  });

  it('a base URL without a path prefix works the same', () => {
    const result = buildRequest('https://api.example.com', anyInput, { input: '../x' });
    expect(result.ok && result.request.url.href).toBe('https://api.example.com/v1/items/..%2Fx');
  });
});

describe('a value in the body', () => {
  const post = (body: unknown, extra: Partial<ConnectionAction> = {}) =>
    action({ method: 'POST', path: '/v1/ask', body: JSON.stringify(body), input: { label: 'Question', pattern: '[^]{1,200}' }, ...extra });

  it('a "{variable}" string becomes the value; inside a longer string, its text; the body stays JSON whatever the value', () => {
    const value = 'say "hi" \\ }{ \u2603 </script>';
    const request = built(post({ question: '{input}', note: 'Q: {input}!', nested: [{ q: '{input}' }], n: 3 }), { input: value });
    expect(JSON.parse(request.body as string)).toEqual({ question: value, note: `Q: ${value}!`, nested: [{ q: value }], n: 3 });
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe('/prefix/v1/ask');
  });

  it('a quote, a backslash or a brace cannot add a field to the JSON', () => {
    const request = built(post({ question: '{input}' }), { input: '", "admin": true, "x": "' });
    expect(Object.keys(JSON.parse(request.body as string))).toEqual(['question']);
  });

  it('{recentMessages} is the last N texts, oldest first, as a list; inside a string, one per line', () => {
    const summarise = askAiPreset();
    const messages = Array.from({ length: 25 }, (_, i) => `message ${i} "quoted"\nwith a line`);
    const request = built(summarise, { recentMessages: messages, channel: 'SMS' });
    expect(JSON.parse(request.body as string)).toEqual({ messages: messages.slice(-20), channel: 'SMS' });
    const joined = built(post({ prompt: 'Summarise:\n{recentMessages}' }, { input: undefined, recentMessages: 2 }), { recentMessages: ['a', 'b', 'c'] });
    expect(JSON.parse(joined.body as string)).toEqual({ prompt: 'Summarise:\nb\nc' });
  });

  it('messages must be texts of at most 2,000 characters, named by their place', () => {
    const summarise = askAiPreset();
    expect(refused(summarise, { recentMessages: 'hello' as unknown as string[], channel: 'SMS' })).toMatchObject({
      field: 'variables.recentMessages',
      code: 'required',
    });
    expect(refused(summarise, { recentMessages: ['ok', 7 as unknown as string], channel: 'SMS' })).toMatchObject({
      field: 'variables.recentMessages.1',
      code: 'not-a-string',
    });
    expect(refused(summarise, { recentMessages: ['x'.repeat(2001)], channel: 'SMS' })).toMatchObject({ field: 'variables.recentMessages.0' });
  });

  it('a value is checked in the body as in the path: over-long or with a line break, refused', () => {
    expect(refused(post({ q: '{input}' }), { input: 'x'.repeat(201) })).toMatchObject({ code: 'too-long' });
    expect(refused(post({ q: '{input}' }), { input: 'a\nb' })).toMatchObject({ code: 'not-allowed' });
  });
});
