/** The context card beside a conversation: who is signed in, the conversation's messages, and an SMS form. */
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { ConversationMessage, InfobipClient } from '../api/infobip';
import { AuthError } from '../auth/auth-error';
import type { KeyValueStore } from '../storage/store';
import type { Identity } from '../auth/token-record';
import { addEnglish, useT } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { IdentityHeader } from './IdentityHeader';
import { MessageList } from './MessageList';
import type { SmsFormProps } from './SmsForm';
import { useLoad } from './use-load';

type LoadedSmsForm = (props: Omit<SmsFormProps, 'draftKey'> & { conversationId: string | undefined }) => JSX.Element;
/** Once loaded, every later card shows the form at once. */
let smsForm: LoadedSmsForm | undefined;

/** The SMS form loads after the first screen, with its English: a card is read far more often than it sends. */
export const loadSmsForm = () =>
  Promise.all([import('./SmsForm'), import('./use-sms-draft'), import('../i18n/en-sms')]).then(([{ SmsForm }, { draftKey }, { enSms }]) => {
    addEnglish(enSms);
    smsForm = ({ conversationId, ...props }) => <SmsForm {...props} draftKey={draftKey(conversationId)} />;
    return smsForm;
  });

/** The external connections' actions: most browsers have none, so even the check loads after the first screen. */
const loadConnections = () => import('./CardConnections').then((m) => m.CardConnections);

export interface CardScreenProps {
  identity: Identity;
  infobip: InfobipClient;
  conversationId?: string;
  /** The conversation's messages already asked for at start-up, used for the first load. */
  firstMessages?: Promise<ConversationMessage[]> | undefined;
  store: KeyValueStore;
  /** False when storage is blocked: drafts and the session end with the page. */
  persistent: boolean;
  onSignOut?: () => void;
}

export function CardScreen({ identity, infobip, conversationId, firstMessages, store, persistent, onSignOut }: CardScreenProps) {
  const t = useT();
  const first = useRef(firstMessages);
  const load = (id: string, signal: AbortSignal) => {
    const started = first.current;
    first.current = undefined;
    // A stored token the server refused: ask again through the session, which recovers it.
    const again = (error: unknown) => (error instanceof AuthError ? infobip.getMessages(id, signal) : Promise.reject(error));
    return started ? started.catch(again) : infobip.getMessages(id, signal);
  };
  const [messages, retry] = useLoad(conversationId ? (signal) => load(conversationId, signal) : undefined, conversationId);
  const [loadingSms, retrySms] = useLoad(smsForm ? undefined : loadSmsForm, loadSmsForm);
  const Sms = smsForm;
  const [Connections, retryConnections] = useLoad(loadConnections, loadConnections);
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
        {Sms ? (
          <Sms key={conversationId} conversationId={conversationId} infobip={infobip} store={store} suggestedTo={customer} />
        ) : (
          loadingSms.state === 'failed' && <ErrorAlert title={t('sms.loadFailed')} error={loadingSms.error} onRetry={retrySms} forceRetry />
        )}
      </section>
      {Connections.state === 'ready' ? (
        <Connections.value store={store} />
      ) : (
        Connections.state === 'failed' && <ErrorAlert title={t('connections.loadFailed')} error={Connections.error} onRetry={retryConnections} forceRetry />
      )}
    </div>
  );
}
