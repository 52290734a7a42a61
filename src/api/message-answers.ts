/** The parser of a conversation's messages: it ships with the card's screen, the one that shows them. */
import { object, optional, text, unexpected, type MessagePage } from './infobip';

type Raw = Record<string, unknown>;

/** Infobip writes `2024-05-01T10:03:00.000+0000`, which Date.parse does not read everywhere. */
export function parseInfobipTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseMessages(body: unknown): MessagePage {
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

