/** The context card beside a conversation: the customer, the agent, the conversation's messages, and an SMS form on request. */
import type { ComponentChild } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import type { MessagePage } from '../api/infobip/messages';
import type { KeyValueStore } from '../shared/key-value-store';
import type { Identity } from '../shared/token-record';
import { useT } from '../i18n';
import type { AppServer } from '../api/app-server';
import { ErrorAlert } from './ErrorAlert';
import { IdentityHeader } from './IdentityHeader';
import { useLoad } from './use-load';
import { useMessages } from './use-messages';

/** Once loaded, every later card shows them at once. */
let more: typeof import('./card-more') | undefined;

/**
 * The SMS composer (with its form, English and drafts) and the external connections' actions load while
 * the messages do: a card is read far more often than it sends, and most browsers have no connections,
 * so the start-up script only draws the frame and "Reply by SMS".
 */
const loadMore = () => import('./card-more').then((m) => (more = m));

export interface CardScreenProps {
  identity: Identity;
  infobip: InfobipClient;
  conversationId?: string;
  /** The conversation's newest messages already asked for at start-up, used for the first load. */
  firstMessages?: Promise<MessagePage> | undefined;
  store: KeyValueStore;
  /** False when storage is blocked: drafts and the session end with the page. */
  persistent: boolean;
  onSignOut?: () => void;
  /** The app server (config.json `serverUrl`), through which the connections' actions run. */
  server?: AppServer | undefined;
}

/** The list loads while the messages do. */
const loadList = () => import('./MessageList').then((m) => m.MessageList);
/** The customer's name, number and channel: the first screen shows the bare address until this arrives. */
const loadHeader = () => import('./CustomerHeader').then((m) => m.CustomerHeader);

/** Placeholder bubbles where the messages will be, so nothing below moves when they arrive. */
const SKELETON = [0, 1, 2, 3];

export function CardScreen({ identity, infobip, conversationId, firstMessages, store, persistent, onSignOut, server }: CardScreenProps) {
  const t = useT();
  const messages = useMessages(infobip, conversationId, firstMessages);
  const [MessageList, retryList] = useLoad(loadList, loadList);
  const [Header] = useLoad(conversationId ? loadHeader : undefined, !!conversationId);
  const [loadingMore, retryMore] = useLoad(more ? undefined : loadMore, loadMore);
  // The conversation comes first: the composer opens when the agent asks, or by itself when a draft is waiting.
  const [composing, setComposing] = useState(false);
  // After a send: the composer's note (sent, its ID and status), shown once the composer has closed.
  const [sent, setSent] = useState<ComponentChild>(null);
  const reply = useRef<HTMLButtonElement>(null);
  const compose = (open: boolean) => {
    setComposing(open);
    setSent(null);
  };
  const latest = messages.list.at(-1);
  const address = latest && (latest.direction === 'INBOUND' ? latest.from : latest.to);
  const loaded = MessageList.state === 'ready' && !messages.busy && !messages.error;

  return (
    <div class="screen card">
      <header class="top">
        {Header.state === 'ready' && conversationId ? (
          <Header.value infobip={infobip} conversationId={conversationId} address={address} channel={latest?.channel} empty={loaded && !latest} />
        ) : (
          <div class="customer">
            <h1>{address ?? t('card.title')}</h1>
          </div>
        )}
        <IdentityHeader identity={identity} onSignOut={onSignOut} />
      </header>
      {!persistent && <p class="note">{t('storage.card')}</p>}

      <section class="convo" aria-labelledby="msgs-heading">
        <div class="bar">
          <h2 id="msgs-heading">{t('msgs.heading')}</h2>
          {conversationId && (
            <button type="button" class="link" disabled={!!messages.busy} onClick={messages.refresh}>
              {t('msgs.refresh')}
            </button>
          )}
        </div>
        {messages.error !== undefined && (
          <ErrorAlert title={t('msgs.loadFailed')} error={messages.error} onRetry={() => messages.retry(messages.failed ?? 'first')} />
        )}
        {MessageList.state === 'failed' && <ErrorAlert title={t('msgs.loadFailed')} error={MessageList.error} onRetry={retryList} forceRetry />}
        {!conversationId ? (
          <div class="empty">
            <p>
              <strong>{t('msgs.noConversation')}</strong>
            </p>
            <p class="quiet">{t('msgs.noConversationHint')}</p>
          </div>
        ) : messages.busy === 'first' || MessageList.state !== 'ready' ? (
          <ol class="msgs" aria-hidden="true">
            {SKELETON.map((n) => (
              <li key={n} class={`msg skeleton ${n % 2 ? 'out' : ''}`} />
            ))}
          </ol>
        ) : (
          messages.failed !== 'first' && (
            <MessageList.value
              messages={messages.list}
              labelledBy="msgs-heading"
              more={messages.more}
              loadingEarlier={messages.busy === 'earlier'}
              onEarlier={messages.earlier}
              poll={messages.poll}
              infobip={infobip}
              outgoing={messages.outgoing}
            />
          )
        )}
        {conversationId && (messages.busy === 'first' || MessageList.state === 'loading') && (
          <p role="status" class="sr-only">
            {t('msgs.loading')}
          </p>
        )}
      </section>

      {more ? (
        <more.SmsComposer
          open={composing}
          reply={reply}
          onDraft={() => setComposing(true)}
          onClose={() => compose(false)}
          conversationId={conversationId}
          infobip={infobip}
          store={store}
          suggestedTo={address}
          channel={latest?.channel}
          onSent={(result, input, note) => {
            messages.sent(result, input);
            compose(false);
            setSent(note);
          }}
        />
      ) : (
        // Until it loads, the room it takes.
        <section id="composer" class="composer" hidden={!composing}>
          <div class="sms-space" />
        </section>
      )}
      {/* One line under the messages: "Reply by SMS" (while the composer is closed) and the connections' heading. */}
      <div class="foot">
        <button ref={reply} type="button" hidden={composing} aria-expanded="false" aria-controls="composer" onClick={() => compose(true)}>
          {t('sms.reply')}
        </button>
        <p role="status" class="quiet">
          {sent}
        </p>
        {/* Shown at once, not only in the opened composer: the connections' actions did not load either. */}
        {more
          ? server && <more.CardConnections server={server} conversationId={conversationId} messages={loaded ? messages.list : undefined} />
          : loadingMore.state === 'failed' && <ErrorAlert title={t('sms.loadFailed')} error={loadingMore.error} onRetry={retryMore} forceRetry />}
      </div>
    </div>
  );
}
