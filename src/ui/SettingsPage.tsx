/** The settings page, loaded only there: the app's OAuth settings, then the external connections. */
import { ConnectionsSettings } from '../connections/ui/ConnectionsSettings';
import type { KeyValueStore } from '../storage/store';
import { SettingsScreen, type SettingsScreenProps } from './SettingsScreen';

export function SettingsPage(props: Omit<SettingsScreenProps, 'children'> & { store: KeyValueStore }) {
  return (
    <SettingsScreen {...props}>
      <ConnectionsSettings store={props.store} defaults={props.config.connections} />
    </SettingsScreen>
  );
}
