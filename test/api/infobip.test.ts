import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { getAppOAuthConfig } from '../../src/api/infobip/app-oauth';
import { createInfobipClient, type TokenSource } from '../../src/api/infobip/client';
import { getConversation } from '../../src/api/infobip/conversation';
import { getMessages, parseInfobipTime } from '../../src/api/infobip/messages';
import { personName } from '../../src/api/infobip/people';
import { sendSms } from '../../src/api/infobip/sms';
import { getSmsStatus } from '../../src/api/infobip/sms-logs';
import { createSession } from '../../src/auth/session';
import { saveToken } from '../../src/auth/token-store';
import { sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';
import { APP_ID, requests, useSandbox } from '../support/sandbox';
import { issuedRecord } from '../support/token';
import { createCatcher } from '../sandbox/catcher.js';

const { sandbox, config } = await useSandbox();
const noWait = { sleep: async () => undefined };

async function client(policy = {}) {
  const store = sealed(memoryStore());
  const record = issuedRecord(sandbox, 3600);
  await saveToken(store, record);
  const session = createSession({ config, store }, record);
  return { record, session, infobip: createInfobipClient(config, session as TokenSource, { ...noWait, ...policy }) };
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('the Infobip API client', () => {
  it("reads the app's OAuth configuration with the IBSSO header", async () => {
    const { infobip, record } = await client();
    const oauthConfig = await getAppOAuthConfig(infobip);
    expect(oauthConfig).toMatchObject({ clientId: config.clientId, appId: APP_ID });
    expect(oauthConfig.clientSecret).toMatch(/^YED8/);
    const [call] = requests(sandbox, `/api/amg/exchange/1/apps/${APP_ID}/oauth`);
    expect(call!.headers.authorization).toBe(`IBSSO ${record.token}`);
  });

  it("turns the portal's 403 into FORBIDDEN with Infobip's own words", async () => {
    sandbox.behave({ portal: '403' });
    const error = await apiError(getAppOAuthConfig((await client()).infobip));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403, detail: 'Missing permissions' });
  });

  it('after a 401, refreshes once and repeats the call once', async () => {
    const { infobip, record } = await client();
    sandbox.expireTokens();
    await expect(getMessages(infobip, 'c1', 0)).resolves.toMatchObject({ totalItems: 5 });
    const calls = requests(sandbox, '/ccaas/1/conversations/c1/messages');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers.authorization).not.toBe(`IBSSO ${record.token}`);
    expect(requests(sandbox, '/exchange/1/oauth/token')).toHaveLength(1);
  });

  it('gives up with UNAUTHORIZED when the repeated call is refused too', async () => {
    sandbox.behave({ portal: '401' });
    const error = await apiError(getAppOAuthConfig((await client()).infobip));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', detail: 'Invalid login details' });
    expect(requests(sandbox, `/api/amg/exchange/1/apps/${APP_ID}/oauth`)).toHaveLength(2);
  });

  it('passes on REFRESH_FAILED when the token was revoked and cannot be refreshed', async () => {
    const { infobip } = await client();
    sandbox.revokeTokens();
    await expect(getMessages(infobip, 'c1', 0)).rejects.toMatchObject({ name: 'AuthError', code: 'REFRESH_FAILED' });
  });

  it("reads a conversation's messages in Infobip's shape, newest first", async () => {
    const { infobip } = await client();
    const { messages, totalItems } = await getMessages(infobip, 'c1', 0);
    const newest = messages[0]!;
    expect(newest).toMatchObject({ id: 'c1-m5', direction: 'OUTBOUND', contentType: 'TEXT' });
    expect(typeof newest.text).toBe('string');
    expect(newest.createdAt).toBeGreaterThan(messages[1]!.createdAt!);
    expect(totalItems).toBe(5);
    expect(requests(sandbox, '/ccaas/1/conversations/c1/messages')[0]!.query).toMatchObject({ orderBy: 'createdAt:DESC', limit: '50', page: '0' });
  });

  it("pages back through a long conversation with Infobip's pagination", async () => {
    sandbox.setMessages(
      'long',
      Array.from({ length: 120 }, (_, i) => ({ content: { text: `#${i + 1}` } })),
    );
    const { infobip } = await client();
    const pages = [await getMessages(infobip, 'long', 0), await getMessages(infobip, 'long', 1), await getMessages(infobip, 'long', 2)];
    expect(pages.map((p) => [p.messages[0]!.text, p.messages.at(-1)!.text])).toEqual([
      ['#120', '#71'],
      ['#70', '#21'],
      ['#20', '#1'],
    ]);
    expect(pages[2]!.totalItems).toBe(120);
  });

  it('keeps the content of a message that is not text, for showing it', async () => {
    const { infobip } = await client();
    const { messages } = await getMessages(infobip, 'c2', 0);
    const image = messages.find((m) => m.contentType === 'IMAGE')!;
    expect(image.text).toBeUndefined();
    expect(image.content.url).toMatch(/\/media\/e07\.png$/);
  });

  it('reports an unknown conversation as NOT_FOUND with the server text', async () => {
    const error = await apiError(getMessages((await client()).infobip, 'nope', 0));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.detail).toBeTruthy();
  });

  it('sends an SMS and returns its ID and status', async () => {
    const { infobip } = await client();
    const result = await sendSms(infobip, { to: '41793026727', text: 'Hello', from: 'InfoSMS' });
    expect(result).toMatchObject({ destination: '41793026727', status: { name: 'PENDING_ACCEPTED', groupName: 'PENDING' } });
    expect(result.messageId).toBeTruthy();
    expect(requests(sandbox, '/sms/2/text/advanced')[0]!.json).toEqual({
      messages: [{ destinations: [{ to: '41793026727' }], from: 'InfoSMS', text: 'Hello' }],
    });
  });

  it("reports an SMS the API rejects with the server's validation errors", async () => {
    const error = await apiError(sendSms((await client()).infobip, { to: 'abc', text: 'Hello' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields[0]).toEqual({ field: 'messages[0].destinations[0].to', messages: [expect.any(String)] });
  });

  it.each([503, 'network'] as const)('never repeats an SMS silently after %s: it may or may not have gone', async (status) => {
    sandbox.failNext({ path: '/sms', status });
    const error = await apiError(sendSms((await client()).infobip, { to: '41793026727', text: 'Hello' }));
    expect(error.code).toBe('MAYBE_SENT');
    expect(requests(sandbox, '/sms/2/text/advanced')).toHaveLength(1);
  });

  it('an SMS accepted with a 2xx answer it cannot read may have been sent: MAYBE_SENT, never retryable', async () => {
    sandbox.behave({ sms: 'unreadable' });
    const error = await apiError(sendSms((await client()).infobip, { to: '41793026727', text: 'Hello' }));
    expect(error).toMatchObject({ code: 'MAYBE_SENT', retryable: false, status: 200 });
    expect(sandbox.sent).toHaveLength(1);
    expect(requests(sandbox, '/sms/2/text/advanced')).toHaveLength(1);
  });

  it.each([502, 503, 504, 'network'] as const)('retries a read after a transient %s', async (status) => {
    sandbox.failNext({ path: '/ccaas', status });
    await expect(getMessages((await client()).infobip, 'c1', 0)).resolves.toMatchObject({ totalItems: 5 });
    expect(requests(sandbox, '/ccaas/1/conversations/c1/messages')).toHaveLength(2);
  });

  it('waits as long as Retry-After says on a 429, then retries', async () => {
    const waits: number[] = [];
    sandbox.failNext({ path: '/ccaas', status: 429, retryAfter: 2 });
    const { infobip } = await client({ sleep: async (ms: number) => void waits.push(ms) });
    await getMessages(infobip, 'c1', 0);
    expect(waits).toEqual([2000]);
  });

  it('stops retrying after a bounded number of attempts', async () => {
    sandbox.failNext({ path: '/ccaas', status: 503, count: 10 });
    const error = await apiError(getMessages((await client()).infobip, 'c1', 0));
    expect(error).toMatchObject({ code: 'SERVER', status: 503, retryable: true });
    expect(requests(sandbox, '/ccaas/1/conversations/c1/messages')).toHaveLength(3);
  });

  it('times out a request that takes too long', async () => {
    sandbox.behave({ delayMs: { '/ccaas': 1000 } });
    const error = await apiError(getMessages((await client({ timeoutMs: 100, retries: 0 })).infobip, 'c1', 0));
    expect(error.code).toBe('TIMEOUT');
  });

  it('says which config field is missing when there is no API base URL', async () => {
    const { session } = await client();
    const bare = createInfobipClient({ ...config, apiBaseUrl: undefined }, session);
    await expect(getMessages(bare, 'c1', 0)).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });

  it("parses Infobip's timestamps, which carry a +0000 offset", () => {
    expect(parseInfobipTime('2024-05-01T10:03:00.000+0000')).toBe(Date.UTC(2024, 4, 1, 10, 3));
    expect(parseInfobipTime('2024-05-01T12:03:00.000+0200')).toBe(Date.UTC(2024, 4, 1, 10, 3));
    expect(parseInfobipTime('yesterday')).toBeUndefined();
  });
});

describe("a sent SMS's status", () => {
  it("reads it from Infobip's SMS logs by its message ID, as it changes", async () => {
    const { infobip } = await client();
    const { messageId } = await sendSms(infobip, { to: '41793026727', text: 'Hello' });
    await sendSms(infobip, { to: '41793026727', text: 'Another' });
    await expect(getSmsStatus(infobip, messageId)).resolves.toEqual({
      groupName: 'PENDING',
      name: 'PENDING_ACCEPTED',
      description: 'Message sent to next instance',
    });
    sandbox.setSmsStatus('UNDELIVERABLE', messageId);
    await expect(getSmsStatus(infobip, messageId)).resolves.toMatchObject({ groupName: 'UNDELIVERABLE', name: 'UNDELIVERABLE_NOT_DELIVERED' });
    expect(requests(sandbox, '/sms/1/logs').map((r: { query: Record<string, string> }) => r.query)).toEqual([{ messageId }, { messageId }]);
  });

  it('is unknown while Infobip has no log of the SMS yet', async () => {
    await expect(getSmsStatus((await client()).infobip, '4242')).resolves.toBeUndefined();
  });

  it('an answer without results is an unexpected answer, not "no log yet"', async () => {
    const proxy = async () => new Response('{"logs":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    await expect(getSmsStatus((await client({ fetch: proxy })).infobip, '4242')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('a redirect from Infobip', () => {
  it('is an error, and the other origin receives neither the SMS nor the IBSSO token', async () => {
    const catcher = await createCatcher();
    try {
      const { infobip } = await client();
      sandbox.redirectAll(catcher.url);
      const error = await apiError(sendSms(infobip, { to: '41793026727', text: 'Hello' }));
      expect(error).toMatchObject({ code: 'REDIRECTED', status: 307, retryable: false });
      await expect(apiError(getMessages(infobip, 'c1', 0))).resolves.toMatchObject({ code: 'REDIRECTED' });
      expect(catcher.log).toEqual([]);
    } finally {
      sandbox.redirectAll(null);
      await catcher.close();
    }
  });
});

describe("the header's reads", () => {
  it("reads a conversation's channel and topic, with the IBSSO header", async () => {
    const { infobip, record } = await client();
    await expect(getConversation(infobip, 'c1')).resolves.toEqual({ channel: 'SMS', topic: 'Parcel 4471' });
    await expect(getConversation(infobip, 'c2')).resolves.toEqual({ channel: 'WHATSAPP', topic: '' });
    expect(requests(sandbox, '/ccaas/1/conversations/c1')[0]!.headers.authorization).toBe(`IBSSO ${record.token}`);
  });

  it('an unknown conversation is an error, as for its messages', async () => {
    await expect(apiError(getConversation((await client()).infobip, 'nope'))).resolves.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('finds the person by phone number in People, and says their name; no person is no name, not an error', async () => {
    const { infobip } = await client();
    await expect(personName(infobip, '41793026727')).resolves.toBe('Ana Horvat');
    await expect(personName(infobip, '+819012345678')).resolves.toBe('Kenji Sato');
    await expect(personName(infobip, '4915112345678')).resolves.toBe('');
    expect(requests(sandbox, '/people/2/persons').map((r: { query: unknown }) => r.query)).toEqual([
      { type: 'PHONE', identifier: '41793026727' },
      { type: 'PHONE', identifier: '819012345678' },
      { type: 'PHONE', identifier: '4915112345678' },
    ]);
  });
});
