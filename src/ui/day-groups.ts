/**
 * Where the message list puts its separators: a day's heading before its first message, and the
 * sender, time and channel once per group (one side's messages written within a few minutes of each
 * other), as chat apps do, instead of on every bubble.
 */
import type { ConversationMessage } from '../api/infobip/messages';

/** Messages of one side this close together read as one turn. */
export const GROUP_GAP_MS = 5 * 60_000;

export interface Placed {
  message: ConversationMessage;
  /** The message begins a day (in the agent's time zone): the separator's date, epoch ms. */
  day?: number | undefined;
  /** The message begins a group: it carries the sender, time and channel. */
  first: boolean;
}

const dayOf = (ms: number) => new Date(ms).toDateString();

/** `messages` oldest first, as the list shows them. */
export function place(messages: ConversationMessage[]): Placed[] {
  /** The day of the last message with a time: one without a time does not start the day again. */
  let today = '';
  return messages.map((message, i) => {
    const before = messages[i - 1];
    const at = message.createdAt;
    const newDay = at !== undefined && dayOf(at) !== today;
    if (newDay) today = dayOf(at);
    const first =
      !before ||
      newDay ||
      at === undefined ||
      before.createdAt === undefined ||
      before.direction !== message.direction ||
      before.channel !== message.channel ||
      at - before.createdAt > GROUP_GAP_MS;
    return { message, day: newDay ? at : undefined, first };
  });
}
