/** A conversation's messages, newest first: the one Infobip read a card needs for its first screen. */
import { object, optional, text, unexpected, type Raw } from './answer';
import { apiBase, type InfobipClient } from './client';

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

/** Page 0 holds the newest messages; each next page the ones before them. */
export async function getMessages(client: InfobipClient, conversationId: string, page: number, signal?: AbortSignal): Promise<MessagePage> {
  return client.call(
    `${apiBase(client.config)}/ccaas/1/conversations/${encodeURIComponent(conversationId)}/messages?orderBy=createdAt:DESC&limit=${PAGE_SIZE}&page=${page}`,
    signal ? { signal } : {},
    true,
    parseMessages,
  );
}
