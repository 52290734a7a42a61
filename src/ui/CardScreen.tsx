/** The context card beside a conversation: the customer, the agent, the conversation's messages, and an SMS form. */
import { useState } from 'preact/hooks';
import type { InfobipClient } from '../api/infobip';
import type { KeyValueStore } from '../auth/store';
import type { Identity } from '../auth/token-record';
import { useT } from '../i18n';
import { CardConnections } from './CardConnections';
import { ErrorAlert } from './ErrorAlert';
import { IdentityHeader } from './IdentityHeader';
import { draftKey } from './use-sms-draft';
import { useLoad } from './use-load';
import { useMessages } from './use-messages';

export interface CardScreenProps {
  identity: Identity;
  infobip: InfobipClient;
  conversationId?: string;
  store: KeyValueStore;
  /** False when storage is blocked: drafts and the session end with the page. */
  persistent: boolean;
  onSignOut?: () => void;
}

/** The list and the SMS form load while the messages do: the start-up script only draws the frame. */
const loadList = () => import('./MessageList').then((m) => m.MessageList);
const loadSmsForm = () => import('./SmsForm').then((m) => m.SmsForm);

/** Placeholder bubbles where the messages will be, so nothing below moves when they arrive. */
const SKELETON = [0, 1, 2, 3];

export function CardScreen({ identity, infobip, conversationId, store, persistent, onSignOut }: CardScreenProps) {
  const t = useT();
  const messages = useMessages(infobip, conversationId);
  const [MessageList, retryList] = useLoad(loadList, loadList);
  const [SmsForm, retrySmsForm] = useLoad(loadSmsForm, loadSmsForm);
  // Open where the panel has room for it; the agent's toggle is theirs from then on.
  const [composing] = useState(() => innerHeight >= 480);
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
        {SmsForm.state === 'failed' ? (
          <ErrorAlert title={t('sms.loadFailed')} error={SmsForm.error} onRetry={retrySmsForm} forceRetry />
        ) : SmsForm.state === 'loading' ? (
          <div class="sms-space" />
        ) : (
        <SmsForm.value
          key={conversationId}
          infobip={infobip}
          store={store}
          draftKey={draftKey(conversationId)}
          suggestedTo={customer?.from}
          onSent={messages.refresh}
        />
        )}
      </details>
      <CardConnections store={store} />
    </div>
  );
}
