/** The context card beside a conversation: who is signed in, the conversation's messages, and an SMS form. */
import type { InfobipClient } from '../api/infobip';
import type { KeyValueStore } from '../storage/store';
import type { Identity } from '../auth/token-record';
import { useT } from '../i18n';
import type { AppServer } from '../connections/app-server';
import { CardConnections } from './CardConnections';
import { ErrorAlert } from './ErrorAlert';
import { IdentityHeader } from './IdentityHeader';
import { MessageList } from './MessageList';
import { SmsForm } from './SmsForm';
import { draftKey } from './use-sms-draft';
import { useLoad } from './use-load';

export interface CardScreenProps {
  identity: Identity;
  infobip: InfobipClient;
  conversationId?: string;
  store: KeyValueStore;
  /** False when storage is blocked: drafts and the session end with the page. */
  persistent: boolean;
  onSignOut?: () => void;
  /** The app server (config.json `serverUrl`), through which the connections' actions run. */
  server?: AppServer | undefined;
}

export function CardScreen({ identity, infobip, conversationId, store, persistent, onSignOut, server }: CardScreenProps) {
  const t = useT();
  const [messages, retry] = useLoad(conversationId ? (signal) => infobip.getMessages(conversationId, signal) : undefined, conversationId);
  const customer =
    messages.state === 'ready' ? [...messages.value].reverse().find((m) => m.direction === 'INBOUND' && m.from)?.from : undefined;

  return (
    <div class="screen">
      <header class="top">
        <h1>{t('card.title')}</h1>
        <IdentityHeader identity={identity} onSignOut={onSignOut} />
      </header>
      {!persistent && <p class="note">{t('storage.card')}</p>}

      <section>
        <h2 id="msgs-heading">{t('msgs.heading')}</h2>
        {!conversationId ? (
          <div class="empty">
            <p>
              <strong>{t('msgs.noConversation')}</strong>
            </p>
            <p class="quiet">{t('msgs.noConversationHint')}</p>
          </div>
        ) : messages.state === 'loading' ? (
          <p role="status" class="quiet">
            {t('msgs.loading')}
          </p>
        ) : messages.state === 'failed' ? (
          <ErrorAlert title={t('msgs.loadFailed')} error={messages.error} onRetry={retry} />
        ) : (
          <MessageList messages={messages.value} labelledBy="msgs-heading" />
        )}
      </section>

      <section>
        <h2>{t('sms.heading')}</h2>
        {/* Keyed: another conversation means another draft, never this one's leftovers. */}
        <SmsForm key={conversationId} infobip={infobip} store={store} draftKey={draftKey(conversationId)} suggestedTo={customer} />
      </section>
      <CardConnections server={server} />
    </div>
  );
}
