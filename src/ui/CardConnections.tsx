/** The card's actions of the external connections, loaded only when this browser has any set up. */
import type { KeyValueStore } from '../storage/store';
import { hasConnections } from '../connections/keys';
import { useT } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './use-load';

const loadActions = () => import('../connections/ui/ConnectionActions').then((m) => m.ConnectionActions);

export function CardConnections({ store }: { store: KeyValueStore }) {
  const t = useT();
  const [present] = useLoad(() => hasConnections(store), store);
  const [Actions, retry] = useLoad(present.state === 'ready' && present.value ? loadActions : undefined, present.state);
  if (Actions.state === 'failed') return <ErrorAlert title={t('connections.loadFailed')} error={Actions.error} onRetry={retry} forceRetry />;
  return Actions.state === 'ready' ? <Actions.value store={store} /> : null;
}
