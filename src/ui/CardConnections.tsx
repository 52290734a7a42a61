/** The card's actions of the external connections, loaded only when an app server is configured. */
import type { AppServer } from '../api/app-server';
import { useT } from '../i18n';
import { enCardMore } from '../i18n/en-card-more';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './use-load';

const loadActions = () => import('./connections/ConnectionActions').then((m) => m.ConnectionActions);

export function CardConnections({ server }: { server: AppServer | undefined }) {
  const t = useT(enCardMore);
  const [Actions, retry] = useLoad(server ? loadActions : undefined, !!server);
  if (!server) return null;
  if (Actions.state === 'failed') return <ErrorAlert title={t('connections.loadFailed')} error={Actions.error} onRetry={retry} forceRetry />;
  return Actions.state === 'ready' ? <Actions.value server={server} /> : null;
}
