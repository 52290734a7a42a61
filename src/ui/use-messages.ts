/**
 * A conversation's messages, kept current: the newest page first, earlier pages on request, and the
 * newest page read again whenever the agent may have missed something (the frame shown again or
 * focused, a Refresh, a send). Pages are merged by message id, so nothing shows twice.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import { getMessages, PAGE_SIZE, type ConversationMessage, type MessagePage } from '../api/infobip/messages';

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
}

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

  const load = useCallback(
    (kind: 'first' | 'earlier' | 'refresh') => {
      if (!conversationId) return;
      // A refresh never cancels a page the agent asked for, nor another refresh: it runs after them.
      // Anything else replaces what runs.
      if (kind === 'refresh' && live.current && !live.current.signal.aborted) {
        again.current = true;
        return;
      }
      again.current = false;
      live.current?.abort();
      const controller = new AbortController();
      live.current = controller;
      const page = kind === 'earlier' ? next.current : 0;
      setState((now) => ({ ...now, busy: kind, error: undefined, failed: undefined }));
      const early = kind === 'first' ? started.current : undefined;
      started.current = undefined;
      const followUp = () => again.current && load('refresh');
      (early ?? getMessages(infobip, conversationId, page, controller.signal)).then(
        ({ messages, totalItems }) => {
          if (controller.signal.aborted) return;
          controller.abort();
          if (kind === 'earlier') next.current = page + 1;
          setState((now) => {
            const list = merge(kind === 'first' ? [] : now.list, messages);
            const more = totalItems === undefined ? (kind !== 'refresh' ? messages.length === PAGE_SIZE : now.more) : totalItems > list.length;
            return { list, more };
          });
          followUp();
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          controller.abort();
          setState((now) => ({ ...now, busy: undefined, error, failed: kind }));
          followUp();
        },
      );
    },
    [infobip, conversationId],
  );

  useEffect(() => {
    next.current = 1;
    setState({ list: [], more: false, busy: conversationId ? 'first' : undefined });
    load('first');
    const refresh = () => document.visibilityState === 'visible' && load('refresh');
    document.addEventListener('visibilitychange', refresh);
    window.addEventListener('focus', refresh);
    return () => {
      document.removeEventListener('visibilitychange', refresh);
      window.removeEventListener('focus', refresh);
      live.current?.abort();
    };
  }, [load, conversationId]);

  return { ...state, refresh: useCallback(() => load('refresh'), [load]), earlier: useCallback(() => load('earlier'), [load]), retry: load };
}
