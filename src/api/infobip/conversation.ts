/** One conversation's own fields (Conversations API), for the card's header: its channel and topic. */
import { object, optional } from './answer';
import { apiBase, type InfobipClient } from './client';

export interface Conversation {
  /** Infobip's channel name (`SMS`, `WHATSAPP`…), or '' when it has none (`NO_CHANNEL` reads as none). */
  channel: string;
  /** What the conversation is about, as an agent or a flow set it; '' when unset (Infobip sends null). */
  topic: string;
}

function parseConversation(body: unknown): Conversation {
  const raw = object(body, 'conversation');
  const channel = optional(raw, 'channel');
  return { channel: channel === 'NO_CHANNEL' ? '' : channel, topic: optional(raw, 'topic').trim() };
}

export function getConversation(client: InfobipClient, conversationId: string, signal?: AbortSignal): Promise<Conversation> {
  return client.call(
    `${apiBase(client.config)}/ccaas/1/conversations/${encodeURIComponent(conversationId)}`,
    signal ? { signal } : {},
    true,
    parseConversation,
  );
}
