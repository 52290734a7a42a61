/**
 * What every page does first, the card and settings page (main.tsx) and a callback.html in a window of
 * its own (callback.tsx): its theme, config.json and the store at once, and the checks that stop it.
 */
import { render } from 'preact';
import { ConfigError, loadConfig, type Config } from './config/config';
import { DB_NAME, openStore, type OpenedStore } from './storage/store';
import { TOKEN_KEY } from './auth/token-store';
import { Fatal } from './ui/Standalone';
import './ui/app.css';

export const root = document.getElementById('app') as HTMLElement;

/**
 * hostOrigins guards who may frame us, at every level: a stranger framing the allowed host is still a
 * stranger. Where the browser does not say (no ancestorOrigins: Firefox), only the generated
 * frame-ancestors header protects.
 */
function framedByStranger(config: Config): string | undefined {
  return Array.from(location.ancestorOrigins ?? []).find((origin) => !config.hostOrigins.includes(origin));
}

/** A host that knows its theme may pass `theme=light|dark`; otherwise the system's colour scheme applies. */
export function applyTheme(url: URL): void {
  const theme = url.searchParams.get('theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
}

/**
 * config.json (preloaded by the page's <link rel="preload"> where it has one) and the store with the
 * token's record, at once. Undefined when the page cannot start: its error is then shown, and nothing else.
 */
export async function startPage(here: URL): Promise<{ config: Config; opened: OpenedStore } | undefined> {
  applyTheme(here);
  const loading = loadConfig(here);
  const opening = openStore(DB_NAME, [TOKEN_KEY]);
  let config: Config;
  try {
    config = await loading;
  } catch (error) {
    render(<Fatal error={error} />, root);
    return undefined;
  }
  const stranger = framedByStranger(config);
  if (stranger) {
    render(<Fatal error={new ConfigError('hostOrigins', `does not list ${stranger}, the site embedding this page`)} />, root);
    return undefined;
  }
  return { config, opened: await opening };
}
