/** The card's actions of the external connections, loaded only when an app server is configured. */
import type { AppServer } from '../api/app-server';
import type { ConversationMessage } from '../api/infobip/messages';
import { useT } from '../i18n';
import { enCardMore } from '../i18n/en-card-more';
import { ErrorAlert } from './ErrorAlert';
import { chooseReply } from './reply-choice';
import { useLoad } from './use-load';

const loadActions = () => import('./connections/ConnectionActions').then((m) => m.ConnectionActions);

export interface CardConnectionsProps {
  server: AppServer | undefined;
  conversationId: string | undefined;
  /** The conversation's messages, oldest first, once loaded (undefined while loading): the actions' values come from them. */
  messages: readonly ConversationMessage[] | undefined;
}

export function CardConnections({ server, conversationId, messages }: CardConnectionsProps) {
  const t = useT(enCardMore);
  const [Actions, retry] = useLoad(server ? loadActions : undefined, !!server);
  if (!server) return null;
  if (Actions.state === 'failed') return <ErrorAlert title={t('connections.loadFailed')} error={Actions.error} onRetry={retry} forceRetry />;
  return Actions.state === 'ready' ? <Actions.value server={server} conversationId={conversationId} messages={messages} onUseInReply={chooseReply} /> : null;
}
