/**
 * A conversation's messages, kept current: the newest page first, earlier pages on request, and the
 * newest page read again whenever the agent may have missed something (a Refresh, a send) and whenever
 * the message list polls (which it also does at once when the frame is shown again or focused). Until
 * the list has the newest page (a first load that failed) there is no list to poll: a frame shown
 * again or focused then reads it here. Pages are merged by message id, so nothing shows twice.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import { getMessages, PAGE_SIZE, type ConversationMessage, type MessagePage } from '../api/infobip/messages';
import type { SmsInput, SmsResult } from '../api/infobip/sms';

/** An SMS this card sent: the message list finds it in the conversation and follows its status. */
export interface Outgoing {
  result: SmsResult;
  text: string;
  /** The conversation when it went: the SMS is a message that was not in it yet. */
  before: ConversationMessage[];
}

export interface Messages {
  /** Oldest first. */
  list: ConversationMessage[];
  /** Earlier messages exist that are not in `list`. */
  more: boolean;
  /** What is under way: the first page, an earlier page or a refresh. */
  busy?: 'first' | 'earlier' | 'refresh' | undefined;
  error?: unknown;
  /** What the error's Try again does. */
  failed?: 'first' | 'earlier' | 'refresh';
  outgoing?: Outgoing[];
}

/** A poll is a refresh nobody asked for: it shows neither that it runs nor that it failed, and gives way to any other load. */
type Kind = 'first' | 'earlier' | 'refresh' | 'poll';

const merge = (known: ConversationMessage[], page: ConversationMessage[]) => {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const m of page) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
};

/** `firstPage`: the newest page, already asked for at start-up; it stands in for the first request. */
export function useMessages(infobip: InfobipClient, conversationId: string | undefined, firstPage?: Promise<MessagePage>) {
  const [state, setState] = useState<Messages>({ list: [], more: false, busy: 'first' });
  const started = useRef(firstPage);
  /** The next earlier page to ask for. */
  const next = useRef(1);
  const live = useRef<AbortController>(undefined);
  /** A refresh asked for while another load ran: its answer may predate what the refresh is for (a send). */
  const again = useRef(false);
  /** The newest page arrived: from then on the message list's poll reads it on focus, not this hook. */
  const arrived = useRef(false);

  /** Resolves false when the load failed (a poll backs off), true otherwise. */
  const load = useCallback(
    (kind: Kind): Promise<boolean> => {
      const running = live.current && !live.current.signal.aborted;
      if (!conversationId || (kind === 'poll' && running)) return Promise.resolve(true);
      // A refresh never cancels a page the agent asked for, nor another refresh: it runs after them.
      // Anything else replaces what runs.
      if (kind === 'refresh' && running) {
        again.current = true;
        return Promise.resolve(true);
      }
      again.current = false;
      live.current?.abort();
      const controller = new AbortController();
      live.current = controller;
      const page = kind === 'earlier' ? next.current : 0;
      if (kind !== 'poll') setState((now) => ({ ...now, busy: kind, error: undefined, failed: undefined }));
      const early = kind === 'first' ? started.current : undefined;
      started.current = undefined;
      const followUp = () => again.current && load('refresh');
      return (early ?? getMessages(infobip, conversationId, page, controller.signal)).then(
        ({ messages, totalItems }) => {
          if (controller.signal.aborted) return true;
          controller.abort();
          arrived.current = true;
          if (kind === 'earlier') next.current = page + 1;
          setState((now) => {
            const list = merge(kind === 'first' ? [] : now.list, messages);
            const more =
              totalItems === undefined ? (kind === 'first' || kind === 'earlier' ? messages.length === PAGE_SIZE : now.more) : totalItems > list.length;
            // A poll keeps what the agent's own load said; its news is only the list.
            return kind === 'poll' ? { ...now, list, more } : { list, more, outgoing: now.outgoing };
          });
          followUp();
          return true;
        },
        (error: unknown) => {
          if (controller.signal.aborted) return true;
          controller.abort();
          if (kind !== 'poll') setState((now) => ({ ...now, busy: undefined, error, failed: kind }));
          followUp();
          return false;
        },
      );
    },
    [infobip, conversationId],
  );

  useEffect(() => {
    next.current = 1;
    arrived.current = false;
    setState({ list: [], more: false, busy: conversationId ? 'first' : undefined });
    load('first');
    const refresh = () => document.visibilityState === 'visible' && !arrived.current && load('refresh');
    document.addEventListener('visibilitychange', refresh);
    window.addEventListener('focus', refresh);
    return () => {
      document.removeEventListener('visibilitychange', refresh);
      window.removeEventListener('focus', refresh);
      live.current?.abort();
    };
  }, [load, conversationId]);

  return {
    ...state,
    refresh: useCallback(() => load('refresh'), [load]),
    earlier: useCallback(() => load('earlier'), [load]),
    poll: useCallback(() => load('poll'), [load]),
    /** After Infobip accepted an SMS: the list shows it once the conversation has it, and follows its status. */
    sent: (result: SmsResult, { text }: SmsInput) => {
      setState((now) => ({ ...now, outgoing: [...(now.outgoing ?? []), { result, text, before: now.list }] }));
      load('refresh');
    },
    retry: load,
  };
}
