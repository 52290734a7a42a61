/**
 * Boot: config.json and the store at once → the token → the page's screen, with the card's messages
 * already on their way. Until then the page's static HTML says "Signing in…". Nothing is shown when
 * config.json is invalid but the error.
 */
import { render } from 'preact';
import { ConfigError, loadConfig, type Config } from './config/config';
import { DB_NAME, openStore } from './storage/store';
import { TOKEN_KEY, usableToken } from './auth/token-store';
import { startSession } from './auth/signed-in';
import { getMessages } from './api/infobip/messages';
import { Page } from './ui/Page';
import { Fatal } from './ui/Standalone';
import './ui/app.css';

const root = document.getElementById('app') as HTMLElement;

/**
 * hostOrigins guards who may frame us, at every level: a stranger framing the allowed host is still a
 * stranger. Where the browser does not say (no ancestorOrigins: Firefox), only the generated
 * frame-ancestors header protects.
 */
function framedByStranger(config: Config): string | undefined {
  return Array.from(location.ancestorOrigins ?? []).find((origin) => !config.hostOrigins.includes(origin));
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
  // Preloaded by the page's <link rel="preload">: this takes the answer already on its way.
  const loading = loadConfig(here);
  loading.catch(() => undefined);
  const callback = kind === 'callback' ? await import('./callback') : undefined;
  // The popup's callback hands the answer to the frame that opened it, and touches nothing else.
  if (callback?.handToOpener(here)) return;
  const opening = openStore(DB_NAME, [TOKEN_KEY]);
  let config: Config;
  try {
    config = await loading;
  } catch (error) {
    render(<Fatal error={error} />, root);
    return;
  }
  const stranger = framedByStranger(config);
  if (stranger) {
    render(<Fatal error={new ConfigError('hostOrigins', `does not list ${stranger}, the site embedding this page`)} />, root);
    return;
  }
  const { store, persistent, read } = await opening;
  const deps = { config, store, persistent };
  if (callback) {
    const { initial, ...landing } = await callback.completeCallback(deps, here);
    // After a sign-in in this frame, the card's own address (with the host's parameters) is known only now.
    applyTheme(landing.url);
    render(<Page deps={deps} {...landing} initial={initial instanceof Error ? initial : startSession(deps, initial)} />, root);
    return;
  }
  const stored = await usableToken(store, read[0], Date.now());
  const initial = stored && startSession(deps, stored);
  const conversationId = here.searchParams.get('conversationId');
  // The card's messages, asked for before anything renders, with the client the page then uses: a
  // stored token the server refuses is recovered by the page's own session.
  const messages = kind === 'card' && initial && conversationId && config.apiBaseUrl ? getMessages(initial.infobip, conversationId, 0) : undefined;
  messages?.catch(() => undefined);
  const page = kind === 'settings' ? 'settings' : 'card';
  render(<Page deps={deps} page={page} url={here} pageState={here.searchParams.get('state')} initial={initial} firstMessages={messages} />, root);
}

void boot();
