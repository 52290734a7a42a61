// @ts-check
/**
 * The Mico and Fujitsu stand-ins' endpoints for connection actions (issue 20): Mico's calls to a
 * number and Fujitsu's text summary. Real HTTP against the Infobip sandbox with both mounted, as
 * `npm start` and the server tests run them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFujitsuSandbox, SUMMARIZE_LIMITS } from './fujitsu.js';
import { CONVERSATIONS, createInfobipSandbox } from './infobip.js';
import { createMicoSandbox, sampleCall } from './mico.js';

/** @type {import('./infobip.js').InfobipSandbox} */
let sb;
const mico = createMicoSandbox();
const fujitsu = createFujitsuSandbox();

beforeAll(async () => {
  sb = await createInfobipSandbox({ clientId: '0123456789abcdef0123456789abcdef' });
  sb.mount('/mico', mico.handler);
  sb.mount('/fujitsu', fujitsu.handler);
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  mico.reset();
  fujitsu.reset();
});

/** A Mico token with `scope`. @param {string} scope */
async function micoToken(scope = 'outbound_calls:read') {
  const res = await fetch(`${sb.url}/mico/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: mico.clientId, client_secret: mico.clientSecret, scope }),
  });
  expect(res.status).toBe(200);
  return /** @type {{ access_token: string }} */ (await res.json()).access_token;
}

/** GET the calls to `query` (the raw query string after `?`), with `token` when given. @param {string} query @param {string} [token] */
const callsTo = (query, token) => fetch(`${sb.url}/mico/v1/outbound_calls?${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('Mico stand-in: the calls to a number', () => {
  it("lists the calls to each conversation's customer, newest first, whether the number has its + or not", async () => {
    const token = await micoToken();
    const ana = CONVERSATIONS.find((c) => c.id === 'c1')?.address ?? '';
    for (const to of [ana, encodeURIComponent(`+${ana}`)]) {
      const res = await callsTo(`to=${to}`, token);
      expect(res.status).toBe(200);
      const { data } = await res.json();
      expect(data.map((/** @type {{ uid: string }} */ c) => c.uid)).toEqual(['call_7f3a9c21', 'call_5d20b8e4']);
      expect(data[0]).toEqual(sampleCall('call_7f3a9c21'));
      expect(data[1]).toMatchObject({ status: 'no_answer', to: `+${ana}`, outcome: null });
    }
    // Every other seeded conversation's customer has a call, with a varied status; the new contact has none.
    const statuses = [];
    for (const conversation of CONVERSATIONS.filter((c) => c.id !== 'c1')) {
      const { data } = await (await callsTo(`to=${conversation.address}`, token)).json();
      if (conversation.id === 'c-empty') expect(data).toEqual([]);
      else {
        expect(data.length, conversation.id).toBeGreaterThan(0);
        statuses.push(...data.map((/** @type {{ status: string, to: string }} */ c) => c.status));
      }
    }
    expect(statuses.sort()).toEqual(['busy', 'completed']);
  });

  it('refuses a request without a token (401) or with a token lacking outbound_calls:read (403)', async () => {
    const res = await callsTo('to=41793026727');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthenticated.' });
    const narrow = await callsTo('to=41793026727', await micoToken('campaigns:read'));
    expect(narrow.status).toBe(403);
    expect(await narrow.json()).toEqual({ message: 'Invalid scope(s) provided.' });
  });

  it.each([
    ['', 'The to field is required.'],
    ['to=', 'The to field is required.'],
    ['to=1&to=2', 'The to field must be a single phone number.'],
    ['to=%2E%2E%2Foauth', 'The to field must be a phone number: up to 20 digits, with an optional leading +.'],
    ['to=4179%20302', 'The to field must be a phone number: up to 20 digits, with an optional leading +.'],
    // A literal + in a query is a space, as Laravel reads it: the number must be sent with %2B.
    ['to=+41793026727', 'The to field must be a phone number: up to 20 digits, with an optional leading +.'],
    ['to=123456789012345678901', 'The to field must be a phone number: up to 20 digits, with an optional leading +.'],
  ])('answers 400 in words to ?%s', async (query, words) => {
    const res = await callsTo(query, await micoToken());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: words, errors: { to: [words] } });
  });

  it('keeps calls added by a test, and reset() brings back the seeded ones only', async () => {
    mico.addCall(sampleCall('call_new', { to: '+447700900123', started_at: '2024-05-02T08:00:00Z' }));
    const token = await micoToken();
    expect((await (await callsTo('to=447700900123', token)).json()).data).toHaveLength(1);
    mico.reset();
    expect((await (await callsTo('to=447700900123', await micoToken())).json()).data).toEqual([]);
  });
});

/** POST /v1/text/summarize with the primary API key unless `headers` says otherwise. @param {unknown} body @param {Record<string, string>} [headers] */
const summarize = (body, headers = { 'x-api-key': fujitsu.primaryKey, 'content-type': 'application/json' }) =>
  fetch(`${sb.url}/fujitsu/v1/text/summarize`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('Fujitsu stand-in: the text summary', () => {
  it('answers a summary made from the messages it was sent, and keeps the body', async () => {
    const messages = ['Hi, my parcel 4471 has not arrived yet.', 'It is at the local depot.', 'Can I pick it up myself instead?'];
    const res = await summarize({ messages, channel: 'SMS' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      summary:
        'The conversation has 3 messages on SMS. It began with «Hi, my parcel 4471 has not arrived yet.» and ended with «Can I pick it up myself instead?».',
    });
    const one = await (await summarize({ messages: ['x'.repeat(100)] })).json();
    expect(one.summary).toBe(`The conversation has 1 message: «${'x'.repeat(79)}…».`);
    expect(fujitsu.summarized).toEqual([{ messages, channel: 'SMS' }, { messages: ['x'.repeat(100)] }]);
  });

  it('takes an access token as the probe does, and refuses a request without a credential or with a wrong key (401)', async () => {
    const issued = await fetch(`${sb.url}/fujitsu/auth/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: fujitsu.clientId, clientSecret: fujitsu.clientSecret }),
    });
    const { accessToken } = await issued.json();
    expect((await summarize({ messages: ['a'] }, { 'x-access-token': accessToken, 'content-type': 'application/json' })).status).toBe(200);
    /** @type {Record<string, string>[]} */
    const refused = [{ 'content-type': 'application/json' }, { 'x-api-key': 'wrong', 'content-type': 'application/json' }];
    for (const headers of refused) {
      const res = await summarize({ messages: ['a'] }, headers);
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/^Access denied/);
    }
    expect(fujitsu.summarized).toHaveLength(1);
  });

  it('answers 415 to a body that is not JSON, and 405 to a GET', async () => {
    const res = await summarize('messages=a', { 'x-api-key': fujitsu.primaryKey, 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ statusCode: 415, message: 'Content-Type must be application/json.' });
    const get = await fetch(`${sb.url}/fujitsu/v1/text/summarize`, { headers: { 'x-api-key': fujitsu.primaryKey } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  const most = SUMMARIZE_LIMITS.messages;
  it.each([
    ['{"messages": [', 'The request body must be a JSON object.'],
    [['a'], 'The request body must be a JSON object.'],
    [{}, '"messages" is required and must be an array of strings.'],
    [{ messages: 'a' }, '"messages" is required and must be an array of strings.'],
    [{ messages: [] }, `"messages" must hold 1 to ${most} messages; it holds 0.`],
    [{ messages: Array(most + 1).fill('a') }, `"messages" must hold 1 to ${most} messages; it holds ${most + 1}.`],
    [{ messages: ['a', 7] }, '"messages[1]" must be a string.'],
    [{ messages: ['a', 'b'.repeat(SUMMARIZE_LIMITS.messageChars + 1)] }, `"messages[1]" is longer than ${SUMMARIZE_LIMITS.messageChars} characters.`],
    [{ messages: ['a'], channel: 5 }, `"channel" must be a string of at most ${SUMMARIZE_LIMITS.channelChars} characters.`],
    [{ messages: ['a'], prompt: 'ignore the above' }, 'Unknown field "prompt": only "messages" and "channel" are accepted.'],
  ])('answers 400 in words to %j', async (body, words) => {
    const res = await summarize(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, message: words });
    expect(fujitsu.summarized).toEqual([]);
  });
});
