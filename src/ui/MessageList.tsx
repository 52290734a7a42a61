/**
 * The conversation as a list, oldest first and scrolled to the newest; direction is said in words,
 * not only colour. Days are headed ("Today", "Yesterday", a date), and the sender, time and channel
 * head each group of one side's messages. New messages keep the agent at the newest one, or where
 * they were reading with a "new messages" button to jump down; either way a screen reader hears them.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import type { ConversationMessage } from '../api/infobip/messages';
import { isFinal, type SmsStatus } from '../api/infobip/sms-logs';
import { pickLocale, useT, type Locale, type MessageKey, type Translate } from '../i18n';
import { enMessages } from '../i18n/en-messages';
import { place } from './day-groups';
import { linkParts, type LinkPart } from './links';
import { sentAs, useLiveMessages } from './use-live-messages';
import type { Outgoing } from './use-messages';
import { useLoad } from './use-load';

export interface MessageListProps {
  messages: ConversationMessage[];
  labelledBy: string;
  /** Earlier messages exist: offers "Load earlier". */
  more: boolean;
  loadingEarlier: boolean;
  onEarlier: () => void;
  /** Reads the newest messages again without a sign (false: it failed): the list polls with it while the card is visible. */
  poll: () => Promise<boolean>;
  /** Reads the status of the SMS the card sent. */
  infobip: InfobipClient;
  outgoing?: Outgoing[] | undefined;
}

/** Longer texts are collapsed behind "Show more". */
const LONG = 280;
const loadContent = () => import('./MessageContent').then((m) => m.MessageContent);

/** The agent's own regional format for their language (en-GB, not en-US, for a British agent). */
const regional = (locale: Locale) => navigator.languages.find((tag) => tag.split('-')[0] === locale) ?? locale;

const dayKey = (ms: number) => new Date(ms).toDateString();

function build(locale: string) {
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const thisYear = new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric' });
  const otherYear = new Intl.DateTimeFormat(locale, { dateStyle: 'full' });
  const ago = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return {
    full: (ms: number) => full.format(ms),
    /** A message's time under its day's heading: how long ago within the hour, else the time of day. */
    short: (ms: number, now: number) => {
      const minutes = Math.round((now - ms) / 60_000);
      return minutes >= 0 && minutes < 60 ? ago.format(-minutes, 'minute') : time.format(ms);
    },
    day: (ms: number, now: number, t: Translate) => {
      const yesterday = new Date(now);
      yesterday.setDate(yesterday.getDate() - 1);
      if (dayKey(ms) === dayKey(now)) return t('msgs.today');
      if (dayKey(ms) === yesterday.toDateString()) return t('msgs.yesterday');
      return (new Date(ms).getFullYear() === new Date(now).getFullYear() ? thisYear : otherYear).format(ms);
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

/** The SMS's status in the agent's words; one this card does not know by Infobip's name for it. */
const statusWords = (t: Translate, status: SmsStatus) =>
  isFinal(status) || status.groupName === 'PENDING' ? t(`msgs.status.${status.groupName}` as MessageKey) : t('msgs.status.other', { name: status.name });

const count = (t: Translate, n: number) => (n === 1 ? t('msgs.newOne') : t('msgs.newMany', { count: n }));

/** Text as text, its web addresses as links that open in a new tab. */
const Linked = ({ parts }: { parts: (string | LinkPart)[] }) => (
  <>
    {parts.map((part) =>
      typeof part === 'string' ? (
        part
      ) : (
        <a href={part.href} target="_blank" rel="noopener noreferrer">
          {part.text}
        </a>
      ),
    )}
  </>
);

function Text({ text }: { text: string }) {
  const t = useT(enMessages);
  const [open, setOpen] = useState(false);
  const long = text.length > LONG;
  // Collapsed, an address that the cut would halve is shown whole or not at all: never a link to half of it.
  let parts = linkParts(text);
  if (long && !open) {
    let room = LONG;
    const shown: (string | LinkPart)[] = [];
    for (const part of parts) {
      if (room <= 0) break;
      const length = typeof part === 'string' ? part.length : part.text.length;
      shown.push(typeof part === 'string' ? part.slice(0, room) : part);
      room -= length;
    }
    parts = [...shown, '…'];
  }
  return (
    <>
      <p class="text">
        <Linked parts={parts} />
      </p>
      {long && (
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t(open ? 'msgs.showLess' : 'msgs.showMore')}
        </button>
      )}
    </>
  );
}

export function MessageList({ messages, labelledBy, more, loadingEarlier, onEarlier, poll, infobip, outgoing = [] }: MessageListProps) {
  const t = useT(enMessages);
  const times = useTimes(t);
  const now = Date.now();
  const list = useRef<HTMLOListElement>(null);
  /** Where the agent was before this render: at the newest message, or reading above it. */
  const seen = useRef({ first: '', last: '', height: 0, top: 0, bottom: true });
  const rich = messages.some((m) => m.text === undefined);
  const [Content] = useLoad(rich ? loadContent : undefined, rich);
  const statuses = useLiveMessages(poll, infobip, outgoing);
  const ours = sentAs(messages, outgoing);
  /** Messages that arrived below while the agent read above: the first of them, and how many. */
  const [unseen, setUnseen] = useState<{ id: string; count: number }>();
  /** What the live region says: one sentence per batch of news (a counter makes a repeat a change). */
  const [said, setSaid] = useState({ text: '', n: 0 });
  const say = (text: string) => setSaid((now) => ({ text, n: now.n + 1 }));
  const heard = useRef<Record<string, string>>({});

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = seen.current;
    if (before.bottom) el.scrollTop = el.scrollHeight;
    // Earlier messages above: keep the one being read where it was.
    else if (messages[0]?.id !== before.first) el.scrollTop = el.scrollHeight - (before.height - before.top);
    seen.current = {
      first: messages[0]?.id ?? '',
      last: messages.at(-1)?.id ?? '',
      height: el.scrollHeight,
      top: el.scrollTop,
      bottom: el.scrollHeight - el.scrollTop - el.clientHeight < 8,
    };
    // New below what was the newest: the SMS this card just sent is no news to the agent who sent it.
    const from = messages.findIndex((m) => m.id === before.last);
    const news = from < 0 ? [] : messages.slice(from + 1).filter((m) => !ours.has(m.id));
    if (!news.length) return;
    say(count(t, news.length));
    if (!before.bottom) setUnseen((now) => ({ id: now?.id ?? (news[0] as ConversationMessage).id, count: (now?.count ?? 0) + news.length }));
  }, [messages, Content]);

  // A status that changed since it was last said, once it is final: the agent who sent it hears how it ended.
  useLayoutEffect(() => {
    for (const [id, status] of Object.entries(statuses)) {
      const words = statusWords(t, status);
      if (heard.current[id] !== words && isFinal(status)) say(t('msgs.smsStatus', { status: words }));
      heard.current[id] = words;
    }
  }, [statuses]);

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
    if (atEnd) setUnseen(undefined);
  };

  /** To the first message the agent has not seen; the list keeps the focus the button had. */
  const showUnseen = () => {
    const el = list.current;
    const at = messages.findIndex((m) => m.id === unseen?.id);
    setUnseen(undefined);
    el?.querySelectorAll('.msg')[at]?.scrollIntoView({ block: 'start' });
    el?.focus({ preventScroll: true });
  };

  if (messages.length === 0) return <p class="empty">{t('msgs.empty')}</p>;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and keyboard users must be able to scroll it too */}
      <ol ref={list} class="msgs" tabIndex={0} aria-labelledby={labelledBy} onScroll={onScroll}>
        {more && (
          <li class="earlier">
            <button type="button" disabled={loadingEarlier} onClick={onEarlier}>
              {t(loadingEarlier ? 'msgs.loadingEarlier' : 'msgs.earlier')}
            </button>
          </li>
        )}
        {place(messages).map(({ message: m, day, first }) => {
          const dir = m.direction === 'INBOUND' ? 'in' : m.direction === 'OUTBOUND' ? 'out' : undefined;
          const sms = ours.get(m.id)?.result;
          const status = sms && (statuses[sms.messageId] ?? sms.status);
          return [
            day !== undefined && (
              <li key={`day ${m.id}`} class="day">
                <h3>{times.day(day, now, t)}</h3>
              </li>
            ),
            <li key={m.id} class={`msg ${dir ?? ''}${first ? '' : ' cont'}`}>
              {/* Said once per group on screen; to a screen reader, which reads one item at a time, on every message. */}
              <p class={first ? 'meta' : 'meta sr-only'}>
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
              {status && (
                <p
                  class={`sms-status ${isFinal(status) ? status.groupName.toLowerCase() : ''}`}
                  title={`${status.name}${status.description && ` — ${status.description}`}`}
                >
                  {statusWords(t, status)}
                </p>
              )}
            </li>,
          ];
        })}
      </ol>
      {unseen && (
        <button type="button" class="new-below" onClick={showUnseen}>
          {count(t, unseen.count)} <span aria-hidden="true">↓</span>
        </button>
      )}
      <p role="status" class="sr-only">
        {said.text}
        {said.n % 2 ? '\u00a0' : ''}
      </p>
    </>
  );
}
