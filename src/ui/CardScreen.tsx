/** The context card beside a conversation: the customer, the agent, the conversation's messages, and an SMS form. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip/client';
import type { MessagePage } from '../api/infobip/messages';
import type { KeyValueStore } from '../shared/key-value-store';
import type { Identity } from '../shared/token-record';
import { useT } from '../i18n';
import type { AppServer } from '../api/app-server';
import { ErrorAlert } from './ErrorAlert';
import { IdentityHeader } from './IdentityHeader';
import type { SmsFormProps } from './SmsForm';
import { useLoad } from './use-load';
import { useMessages } from './use-messages';

/** Once loaded, every later card shows the form at once. */
let smsForm: ((props: SmsFormProps) => JSX.Element) | undefined;

/**
 * The SMS form loads while the messages do, with its English and its drafts: a card is read far more
 * often than it sends, so the start-up script only draws the frame.
 */
export const loadSmsForm = () => import('./SmsForm').then((m) => (smsForm = m.SmsForm));

/** The external connections' actions: most browsers have none, so even the check loads after the first screen. */
const loadConnections = () => import('./CardConnections').then((m) => m.CardConnections);

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

/** Placeholder bubbles where the messages will be, so nothing below moves when they arrive. */
const SKELETON = [0, 1, 2, 3];

export function CardScreen({ identity, infobip, conversationId, firstMessages, store, persistent, onSignOut, server }: CardScreenProps) {
  const t = useT();
  const messages = useMessages(infobip, conversationId, firstMessages);
  const [MessageList, retryList] = useLoad(loadList, loadList);
  const [loadingSms, retrySms] = useLoad(smsForm ? undefined : loadSmsForm, loadSmsForm);
  const Sms = smsForm;
  const [Connections, retryConnections] = useLoad(server ? loadConnections : undefined, !!server);
  // Open where the panel has room for it; the agent's toggle is theirs from then on. A cross-site frame
  // can run before it knows its size (innerHeight 0 until its first resize): decide once it does.
  const [composing, setComposing] = useState(() => innerHeight >= 480);
  useEffect(() => {
    const decide = () => {
      if (!innerHeight) return false;
      removeEventListener('resize', decide);
      setComposing(innerHeight >= 480);
      return true;
    };
    if (!decide()) addEventListener('resize', decide);
    return () => removeEventListener('resize', decide);
  }, []);
  const customer = [...messages.list].reverse().find((m) => m.direction === 'INBOUND' && m.from);

  return (
    <div class="screen card">
      <header class="top">
        <div class="customer">
          <h1>{customer?.from ?? t('card.title')}</h1>
          {customer?.channel && <p class="quiet channel">{customer.channel}</p>}
        </div>
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

      <details class="composer" open={composing}>
        <summary>{t('sms.heading')}</summary>
        {/* Keyed: another conversation means another draft, never this one's leftovers. */}
        {Sms ? (
          <Sms key={conversationId} conversationId={conversationId} infobip={infobip} store={store} suggestedTo={customer?.from} onSent={messages.sent} />
        ) : loadingSms.state === 'failed' ? (
          <ErrorAlert title={t('sms.loadFailed')} error={loadingSms.error} onRetry={retrySms} forceRetry />
        ) : (
          <div class="sms-space" />
        )}
      </details>
      {Connections.state === 'ready' ? (
        <Connections.value server={server} />
      ) : (
        Connections.state === 'failed' && <ErrorAlert title={t('connections.loadFailed')} error={Connections.error} onRetry={retryConnections} forceRetry />
      )}
    </div>
  );
}
