/** The conversation as a list, oldest first and scrolled to the newest; direction is said in words, not only colour. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ConversationMessage } from '../api/infobip';
import { useT } from '../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per language for the page's life: the first costs tens of milliseconds to build. */
export function timeFormat(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    formats.set(locale, format);
  }
  return format;
}

export interface MessageListProps {
  messages: ConversationMessage[];
  labelledBy: string;
}

export function MessageList({ messages, labelledBy }: MessageListProps) {
  const t = useT();
  const time = timeFormat(t.locale);
  const list = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages]);

  if (messages.length === 0) return <p class="empty">{t('msgs.empty')}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and keyboard users must be able to scroll it too
    <ol ref={list} class="msgs" tabIndex={0} aria-labelledby={labelledBy}>
      {messages.map((m) => {
        const dir = m.direction === 'INBOUND' ? 'in' : m.direction === 'OUTBOUND' ? 'out' : undefined;
        return (
          <li key={m.id} class={`msg ${dir ?? ''}`}>
            <p class="meta">
              <strong>{dir ? t(dir === 'in' ? 'msgs.in' : 'msgs.out') : m.direction}</strong>
              {m.createdAt !== undefined && (
                <>
                  {' · '}
                  <time dateTime={new Date(m.createdAt).toISOString()}>{time.format(m.createdAt)}</time>
                </>
              )}
              {m.channel && ` · ${m.channel}`}
            </p>
            <p class="text">{m.text ?? `[${m.contentType || '?'}]`}</p>
          </li>
        );
      })}
    </ol>
  );
}
