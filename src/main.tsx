/** Boot: config → storage → sign-in → the page's screen. Nothing else runs when config.json is invalid. */
import { render } from 'preact';
import { ConfigError, loadConfig, type Config } from './config/config';
import { openStore } from './auth/store';
import { postToOpener } from './auth/popup';
import { loadToken } from './auth/session';
import { Page, pageOf, sitePath, type PageName } from './ui/Page';
import { Fatal } from './ui/Fatal';
import './ui/app.css';

const root = document.getElementById('app') as HTMLElement;

/** hostOrigins guards who may frame us: a static site cannot send frame-ancestors, so check here. */
function framedByStranger(config: Config): string | undefined {
  if (window.parent === window) return undefined;
  const parent = location.ancestorOrigins?.[0];
  return parent !== undefined && !config.hostOrigins.includes(parent) ? parent : undefined;
}

async function boot(): Promise<void> {
  const here = new URL(location.href);
  const kind = root.dataset.page;
  // The popup's callback hands the answer to the frame that opened it, and touches nothing else.
  if (kind === 'callback' && postToOpener(here.search)) {
    window.close();
    return;
  }
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

  if (kind === 'callback') {
    const { completeRedirect } = await import('./auth/sign-in');
    const outcome = await completeRedirect(deps, here.searchParams);
    const target = sitePath(outcome.returnTo, here);
    // Drop code and state from the address bar: show the page the flow started from.
    history.replaceState(null, '', target);
    const page = pageOf(new URL(target, here));
    render(<Page deps={deps} page={page} url={new URL(target, here)} pageState={outcome.state ?? null} initial={outcome.result} />, root);
    return;
  }
  const page: PageName = kind === 'settings' ? 'settings' : 'card';
  const record = await loadToken(store, Date.now());
  render(<Page deps={deps} page={page} url={here} pageState={here.searchParams.get('state')} initial={record} />, root);
}

void boot();
