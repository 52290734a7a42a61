/**
 * The conversation as a list, oldest first and scrolled to the newest; direction is said in words,
 * not only colour. New messages keep the agent at the newest one, or where they were reading.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationMessage } from '../api/infobip/messages';
import { pickLocale, useT, type Locale, type Translate } from '../i18n';
import { useLoad } from './use-load';

export interface MessageListProps {
  messages: ConversationMessage[];
  labelledBy: string;
  /** Earlier messages exist: offers "Load earlier". */
  more: boolean;
  loadingEarlier: boolean;
  onEarlier: () => void;
}

/** Longer texts are collapsed behind "Show more". */
const LONG = 280;
const loadContent = () => import('./MessageContent').then((m) => m.MessageContent);

/** The agent's own regional format for their language (en-GB, not en-US, for a British agent). */
const regional = (locale: Locale) => navigator.languages.find((tag) => tag.split('-')[0] === locale) ?? locale;

function build(locale: string) {
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' });
  const day = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const ago = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return {
    full: (ms: number) => full.format(ms),
    short: (ms: number, now: number) => {
      const minutes = Math.round((now - ms) / 60_000);
      if (minutes >= 0 && minutes < 60) return ago.format(-minutes, 'minute');
      return (new Date(ms).toDateString() === new Date(now).toDateString() ? day : date).format(ms);
    },
  };
}

const built = new Map<string, ReturnType<typeof build>>();
function times(locale: string) {
  let found = built.get(locale);
  if (!found) {
    found = build(locale);
    built.set(locale, found);
  }
  return found;
}

// The first formatter loads its locale's data (tens of ms): built in a task of its own as this chunk
// arrives, while the messages are on their way, not between their answer and their first paint.
setTimeout(() => times(regional(pickLocale(undefined, navigator.language))));

const useTimes = (t: Translate) => times(regional(t.locale));

function Text({ text }: { text: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const long = text.length > LONG;
  return (
    <>
      <p class="text">{long && !open ? `${text.slice(0, LONG).trimEnd()}…` : text}</p>
      {long && (
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t(open ? 'msgs.showLess' : 'msgs.showMore')}
        </button>
      )}
    </>
  );
}

export function MessageList({ messages, labelledBy, more, loadingEarlier, onEarlier }: MessageListProps) {
  const t = useT();
  const times = useTimes(t);
  const now = Date.now();
  const list = useRef<HTMLOListElement>(null);
  /** Where the agent was before this render: at the newest message, or reading above it. */
  const seen = useRef({ first: '', height: 0, top: 0, bottom: true });
  const rich = messages.some((m) => m.text === undefined);
  const [Content] = useLoad(rich ? loadContent : undefined, rich);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = seen.current;
    if (before.bottom) el.scrollTop = el.scrollHeight;
    // Earlier messages above: keep the one being read where it was.
    else if (messages[0]?.id !== before.first) el.scrollTop = el.scrollHeight - (before.height - before.top);
    seen.current = { first: messages[0]?.id ?? '', height: el.scrollHeight, top: el.scrollTop, bottom: el.scrollHeight - el.scrollTop - el.clientHeight < 8 };
  }, [messages, Content]);

  // The region changes size as the composer opens, closes or loads, and a message grows once shown (a
  // picture arrives, the page's language picks other glyphs): whoever was at the newest message stays there.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (!seen.current.bottom) return;
      el.scrollTop = el.scrollHeight;
      seen.current = { ...seen.current, top: el.scrollTop };
    });
    observer.observe(el);
    for (const item of el.children) observer.observe(item);
    return () => observer.disconnect();
  }, [messages, Content]);

  // Only the agent scrolling up leaves the newest message: a scroll event that arrives after the list
  // grew again (a picture loaded in between) still finds the list where it was put, not at the end.
  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    const bottom = atEnd || (seen.current.bottom && el.scrollTop >= seen.current.top);
    seen.current = { ...seen.current, height: el.scrollHeight, top: el.scrollTop, bottom };
  };

  if (messages.length === 0) return <p class="empty">{t('msgs.empty')}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and keyboard users must be able to scroll it too
    <ol ref={list} class="msgs" tabIndex={0} aria-labelledby={labelledBy} onScroll={onScroll}>
      {more && (
        <li class="earlier">
          <button type="button" disabled={loadingEarlier} onClick={onEarlier}>
            {t(loadingEarlier ? 'msgs.loadingEarlier' : 'msgs.earlier')}
          </button>
        </li>
      )}
      {messages.map((m) => {
        const dir = m.direction === 'INBOUND' ? 'in' : m.direction === 'OUTBOUND' ? 'out' : undefined;
        return (
          <li key={m.id} class={`msg ${dir ?? ''}`}>
            <p class="meta">
              <strong>{dir ? t(dir === 'in' ? 'msgs.in' : 'msgs.out') : m.direction}</strong>
              {m.createdAt !== undefined && (
                <>
                  {' · '}
                  <time dateTime={new Date(m.createdAt).toISOString()} title={times.full(m.createdAt)}>
                    {times.short(m.createdAt, now)}
                  </time>
                </>
              )}
              {m.channel && ` · ${m.channel}`}
            </p>
            {m.text ? (
              <Text text={m.text} />
            ) : m.text === '' ? (
              <p class="quiet">{t('msgs.noText')}</p>
            ) : Content.state === 'ready' ? (
              <Content.value message={m} />
            ) : (
              <p class="quiet">{m.contentType}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
