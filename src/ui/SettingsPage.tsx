/** The settings page, loaded only there: the app's OAuth settings, then the external connections. */
import type { KeyValueStore } from '../shared/key-value-store';
import type { AppServer } from '../api/app-server';
import { forgetBrowserConnections } from '../storage/browser-leftovers';
import { ConnectionsSettings } from './connections/ConnectionsSettings';
import { SettingsScreen, type SettingsScreenProps } from './SettingsScreen';
import { useLoad } from './use-load';

export function SettingsPage(props: Omit<SettingsScreenProps, 'children'> & { store: KeyValueStore; server: AppServer | undefined }) {
  const [leftovers] = useLoad(() => forgetBrowserConnections(props.store), props.store);
  return (
    <SettingsScreen {...props}>
      <ConnectionsSettings server={props.server} defaults={props.config.connections} hadBrowserConnections={leftovers.state === 'ready' && leftovers.value} />
    </SettingsScreen>
  );
}
