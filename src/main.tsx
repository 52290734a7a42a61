/** Boot: config → storage → sign-in → the page's screen. Nothing else runs when config.json is invalid. */
import { render } from 'preact';
import { ConfigError, loadConfig, type Config } from './config/config';
import { openStore } from './auth/store';
import { loadToken } from './auth/session';
import { Page } from './ui/Page';
import { Fatal, Starting } from './ui/Standalone';
import './ui/app.css';

const root = document.getElementById('app') as HTMLElement;

/** hostOrigins guards who may frame us: a static site cannot send frame-ancestors, so check here. */
function framedByStranger(config: Config): string | undefined {
  if (window.parent === window) return undefined;
  const parent = location.ancestorOrigins?.[0];
  return parent !== undefined && !config.hostOrigins.includes(parent) ? parent : undefined;
}

/** A host that knows its theme may pass `theme=light|dark`; otherwise the system's colour scheme applies. */
function applyTheme(url: URL): void {
  const theme = url.searchParams.get('theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
}

async function boot(): Promise<void> {
  const here = new URL(location.href);
  const kind = root.dataset.page;
  applyTheme(here);
  // Never a blank frame: reading config.json, opening storage and a callback's exchange take time.
  render(<Starting />, root);
  const callback = kind === 'callback' ? await import('./callback') : undefined;
  // The popup's callback hands the answer to the frame that opened it, and touches nothing else.
  if (callback?.handToOpener(here)) return;
  let config: Config;
  try {
    config = await loadConfig(here);
  } catch (error) {
    render(<Fatal error={error} />, root);
    return;
  }
  const stranger = framedByStranger(config);
  if (stranger) {
    render(<Fatal error={new ConfigError('hostOrigins', `does not list ${stranger}, the site embedding this page`)} />, root);
    return;
  }
  const { store, persistent } = await openStore();
  const deps = { config, store, persistent };

  const landing = callback
    ? await callback.completeCallback(deps, here)
    : { page: kind === 'settings' ? 'settings' : 'card', url: here, pageState: here.searchParams.get('state'), initial: await loadToken(store, Date.now()) } as const;
  // After a sign-in in this frame, the card's own address (with the host's parameters) is known only now.
  applyTheme(landing.url);
  render(<Page deps={deps} {...landing} />, root);
}

void boot();
