/**
 * The Infobip API client: the app's OAuth configuration, a conversation's messages, sending an SMS.
 * Each call carries `Authorization: IBSSO <token>`; a 401 is recovered once through the session
 * (another card's fresher token, or a refresh) and the call repeated once.
 */
import type { Config } from '../config/config';
import { ApiError } from './api-error';
import { errorFromResponse, readJson, send, type RequestPolicy } from './http';

/** What a call needs of the signed-in session: the token and its type, `IBSSO`. */
export interface Credential {
  token: string;
  tokenType: string;
}

/** The session, as this client sees it: given by the caller, so the client knows nothing of signing in. */
export interface TokenSource<T extends Credential = Credential> {
  current(): Promise<T>;
  /** After a 401 with `failed`: a token that should work, or throws. */
  recover(failed: T): Promise<T>;
}

export interface AppOAuthConfig {
  clientId: string;
  clientSecret: string;
  appId: string;
  redirectUri: string;
  signingSecret: string;
}

export interface ConversationMessage {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND' | string;
  channel: string;
  from: string;
  to: string;
  contentType: string;
  /** `content.text` of a TEXT message; undefined for other content types, even ones with a text. */
  text: string | undefined;
  /** The raw `content` (an image's `url` and `caption`, a location's coordinates…), read when shown. */
  content: Record<string, unknown>;
  /** Epoch milliseconds, or undefined when the server's timestamp did not parse. */
  createdAt: number | undefined;
}

/** One page of a conversation, newest first, and how many messages the conversation has in all. */
export interface MessagePage {
  messages: ConversationMessage[];
  /** Undefined when the answer had no `pagination`: then only a short page says it was the last. */
  totalItems: number | undefined;
}

/** Messages per page: enough to fill a tall panel, few enough to arrive quickly. */
export const PAGE_SIZE = 50;

export interface SmsInput {
  to: string;
  text: string;
  from?: string;
}

export interface SmsResult {
  messageId: string;
  destination: string;
  status: { groupName: string; name: string; description: string };
}

export interface InfobipClient {
  getAppOAuthConfig(signal?: AbortSignal): Promise<AppOAuthConfig>;
  /** Page 0 holds the newest messages; each next page the ones before them. */
  getMessages(conversationId: string, page: number, signal?: AbortSignal): Promise<MessagePage>;
  sendSms(input: SmsInput): Promise<SmsResult>;
}

type Raw = Record<string, unknown>;

export function unexpected(what: string): ApiError {
  return new ApiError('INVALID_RESPONSE', `The server's answer has ${what}.`, { retryable: true });
}

export function object(value: unknown, what: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected(`no ${what}`);
  return value as Raw;
}

export function text(raw: Raw, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string') throw unexpected(`no "${field}"`);
  return value;
}

/** A field the screens can do without: absent or malformed reads as empty. */
export const optional = (raw: Raw, field: string): string => (typeof raw[field] === 'string' ? (raw[field] as string) : '');

/** Infobip writes `2024-05-01T10:03:00.000+0000`, which Date.parse does not read everywhere. */
export function parseInfobipTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

function parseMessages(body: unknown): MessagePage {
  const raw = object(body, 'list of messages');
  const list = raw.messages;
  if (!Array.isArray(list)) throw unexpected('no "messages"');
  const total = (raw.pagination as Raw | undefined)?.totalItems;
  const messages = list.map((item) => {
    const m = object(item, 'message');
    const content = typeof m.content === 'object' && m.content !== null ? (m.content as Raw) : {};
    return {
      id: text(m, 'id'),
      direction: optional(m, 'direction'),
      channel: optional(m, 'channel'),
      from: optional(m, 'from'),
      to: optional(m, 'to'),
      contentType: optional(m, 'contentType'),
      text: (m.contentType ?? 'TEXT') === 'TEXT' && typeof content.text === 'string' ? content.text : undefined,
      content,
      createdAt: parseInfobipTime(m.createdAt),
    };
  });
  return { messages, totalItems: typeof total === 'number' ? total : undefined };
}

/** Parsers of the answers a card's first screen never reads, loaded on first use. */
const later = () => import('./infobip-answers');

export function createInfobipClient<C extends Credential>(config: Config, session: TokenSource<C>, policy: Partial<RequestPolicy> = {}): InfobipClient {
  async function call<T>(url: string, init: RequestInit, idempotent: boolean, parse: (body: unknown) => T): Promise<T> {
    const attempt = (credential: C) =>
      send(
        url,
        {
          ...init,
          headers: { ...(init.headers as Record<string, string>), accept: 'application/json', authorization: `${credential.tokenType} ${credential.token}` },
        },
        { ...policy, idempotent },
      );
    const record = await session.current();
    let response = await attempt(record);
    // A 401 means the request was refused before it was acted on, so repeating it once is safe.
    if (response.status === 401) response = await attempt(await session.recover(record));
    if (!response.ok) throw await errorFromResponse(response);
    try {
      return parse(await readJson(response));
    } catch (error) {
      // A send the server accepted with an answer we cannot read has probably gone: never invite a resend.
      if (!idempotent && error instanceof ApiError && error.code === 'INVALID_RESPONSE') {
        throw new ApiError('MAYBE_SENT', error.message, { status: response.status, cause: error });
      }
      throw error;
    }
  }

  function apiBase(): string {
    if (!config.apiBaseUrl) {
      throw new ApiError('NOT_CONFIGURED', 'config.json has no "apiBaseUrl" (the account\'s https://{base}.api.infobip.com).');
    }
    return config.apiBaseUrl;
  }

  return {
    getAppOAuthConfig: async (signal) =>
      call(
        `${config.portalApiUrl}/exchange/1/apps/${encodeURIComponent(config.appId)}/oauth`,
        signal ? { signal } : {},
        true,
        (await later()).parseAppOAuthConfig,
      ),
    getMessages: async (conversationId, page, signal) =>
      call(
        `${apiBase()}/ccaas/1/conversations/${encodeURIComponent(conversationId)}/messages?orderBy=createdAt:DESC&limit=${PAGE_SIZE}&page=${page}`,
        signal ? { signal } : {},
        true,
        parseMessages,
      ),
    sendSms: async ({ to, text, from }) =>
      call(
        `${apiBase()}/sms/2/text/advanced`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ destinations: [{ to }], ...(from ? { from } : {}), text }] }),
        },
        false,
        (await later()).parseSmsResult,
      ),
  };
}
