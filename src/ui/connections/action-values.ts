/**
 * The conversation's values an action is run with, as the card knows them: the conversation, the
 * customer's address and channel (from its newest message), and its last text messages, oldest first.
 * The server takes the agent's username from the session and builds the request; the card only says
 * which values it has.
 */
import type { ConversationMessage } from '../../api/infobip/messages';
import { type ActionVariables, type ConnectionAction, variablesIn } from '../../shared/connection-action';

/** What the card knows of its conversation; `texts` is undefined until its messages have loaded. */
export interface CardValues {
  conversationId?: string | undefined;
  customerNumber?: string | undefined;
  channel?: string | undefined;
  /** Every loaded text message, oldest first. */
  texts?: string[] | undefined;
}

/** The values of a conversation whose messages are `messages` (oldest first; undefined while loading). */
export function cardValues(conversationId: string | undefined, messages: readonly ConversationMessage[] | undefined): CardValues {
  const latest = messages?.at(-1);
  return {
    conversationId,
    customerNumber: latest && (latest.direction === 'INBOUND' ? latest.from : latest.to),
    channel: latest?.channel,
    texts: messages?.flatMap((message) => (message.text?.trim() ? [message.text] : [])),
  };
}

/** The conversation's variables an action's templates use (not `input`, typed by the agent, nor `agentUsername`, the server's). */
const CARD_VARIABLES = ['conversationId', 'customerNumber', 'channel', 'recentMessages'] as const;

export function neededBy(action: ConnectionAction): (typeof CARD_VARIABLES)[number][] {
  const names = variablesIn(`${action.path} ${action.body ?? ''}`);
  return CARD_VARIABLES.filter((name) => names.includes(name));
}

/** The values to send for `action`, or undefined while one it needs is not known yet. */
export function variablesFor(action: ConnectionAction, values: CardValues, input?: string): ActionVariables | undefined {
  const variables: ActionVariables = {};
  for (const name of neededBy(action)) {
    if (name === 'recentMessages') {
      if (!values.texts) return undefined;
      variables.recentMessages = values.texts.slice(-(action.recentMessages ?? 1));
    } else {
      const value = values[name];
      if (!value) return undefined;
      variables[name] = value;
    }
  }
  if (action.input) variables.input = input ?? '';
  return variables;
}
