/**
 * Keeps an open card current without a click. While the frame is visible the conversation is read
 * again every POLL_MS (at once when the frame is shown again or focused), less often after failures,
 * never while it is hidden; and each SMS the card sent is followed in Infobip's SMS logs until its
 * status is final. Loaded with the message list, after the first screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import type { ConversationMessage } from '../api/infobip/messages';
import { ApiError } from '../shared/api-error';
import { getSmsStatus, isFinal, type SmsStatus } from '../api/infobip/sms-logs';
import type { Outgoing } from './use-messages';

/** A customer's reply shows within this long: often enough for a chat, rare enough for Infobip's rate limits. */
export const POLL_MS = 15_000;
/** After failures the wait doubles up to this. */
const MAX_WAIT_MS = 4 * 60_000;
/** A status still not final this long after the card first followed it stays as last read: a card left open does not ask forever. */
const FOLLOW_MS = 60 * 60_000;

/**
 * Which message of the conversation each SMS the card sent became: one from the business side with
 * the same text that was not there when it went, and no older than what was (a page of earlier
 * messages may hold the same words).
 */
export function sentAs(messages: ConversationMessage[], outgoing: Outgoing[]): Map<string, Outgoing> {
  const found = new Map<string, Outgoing>();
  for (const sms of outgoing) {
    const known = new Set(sms.before.map((m) => m.id));
    const newest = Math.max(...sms.before.map((m) => m.createdAt ?? 0));
    const message = messages.find(
      (m) => m.direction === 'OUTBOUND' && m.text === sms.text && !known.has(m.id) && !found.has(m.id) && (m.createdAt ?? newest) >= newest,
    );
    if (message) found.set(message.id, sms);
  }
  return found;
}

/**
 * Polls with `poll` (false: it failed) while the card is visible; returns the latest status of each
 * SMS in `outgoing`, by Infobip's message ID, once read.
 */
export function useLiveMessages(poll: () => Promise<boolean>, infobip: InfobipClient, outgoing: Outgoing[] = []): Record<string, SmsStatus> {
  const [statuses, setStatuses] = useState<Record<string, SmsStatus>>({});
  /** What the timer's run reads: the newest props and state, not those of the render that started it. */
  const latest = useRef({ outgoing, statuses, since: new Map<string, number>() });
  latest.current.outgoing = outgoing;
  latest.current.statuses = statuses;

  useEffect(() => {
    const stopped = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wait = POLL_MS;
    let running = false;

    /**
     * Reads the status of every SMS not final yet. A read Infobip refuses for good (the token's scopes
     * do not cover the SMS logs, say) ends the following of that SMS; a failed one is tried again next time.
     */
    const follow = async () => {
      const { outgoing, statuses, since } = latest.current;
      const open = outgoing
        .map(({ result }) => result)
        .filter((result) => {
          if (!since.has(result.messageId)) since.set(result.messageId, Date.now());
          return !isFinal(statuses[result.messageId] ?? result.status) && Date.now() - (since.get(result.messageId) ?? 0) < FOLLOW_MS;
        });
      const read = await Promise.all(
        open.map(({ messageId }) =>
          getSmsStatus(infobip, messageId, stopped.signal).then(
            (status) => ({ messageId, status }),
            (error: unknown) => {
              if (error instanceof ApiError && !error.retryable) since.set(messageId, -FOLLOW_MS);
            },
          ),
        ),
      );
      const known = read.filter((r) => r?.status) as { messageId: string; status: SmsStatus }[];
      if (known.length && !stopped.signal.aborted) setStatuses((now) => ({ ...now, ...Object.fromEntries(known.map((r) => [r.messageId, r.status])) }));
    };

    const schedule = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'visible') timer = setTimeout(run, wait);
    };
    const run = async () => {
      if (running) return;
      running = true;
      clearTimeout(timer);
      // Only the conversation's read sets the pace: a status that cannot be read never slows the messages.
      const [polled] = await Promise.all([poll(), follow()]);
      running = false;
      if (stopped.signal.aborted) return;
      wait = polled ? POLL_MS : Math.min(wait * 2, MAX_WAIT_MS);
      schedule();
    };
    // Shown again or focused: at once (the only read then: use-messages reads on focus only until the list is here).
    const shown = () => (document.visibilityState === 'visible' ? void run() : clearTimeout(timer));
    const focused = () => void run();
    document.addEventListener('visibilitychange', shown);
    window.addEventListener('focus', focused);
    schedule();
    return () => {
      stopped.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', shown);
      window.removeEventListener('focus', focused);
    };
  }, [poll, infobip]);

  return statuses;
}
