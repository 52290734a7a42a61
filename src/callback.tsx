/**
 * callback.html in a window of its own, loaded only there (in the card's child frame or popup,
 * auth/hand-up.ts hands the answer up and the app never loads): it takes the answer itself, and shows
 * the page the flow started from.
 */
import { render } from 'preact';
import { AuthError } from './shared/auth-error';
import { completeRedirect, type CallbackOutcome, type SignInDeps } from './auth/sign-in';
import { startSession } from './auth/signed-in';
import { Page, type PageName } from './ui/Page';
import { applyTheme, root, startPage } from './page-start';

export function pageOf(url: URL): PageName {
  return url.pathname.endsWith('/settings.html') ? 'settings' : 'card';
}

/** Resolves a stored return path inside our own site folder; anything else falls back to the card. */
export function sitePath(stored: string | undefined, here: URL): URL {
  const base = new URL('./', here);
  const target = stored === undefined || /^[a-z][a-z0-9+.-]*:|^[/\\]/i.test(stored) ? undefined : new URL(stored, base);
  return target && target.origin === base.origin && target.pathname.startsWith(base.pathname) ? target : new URL('card.html', base);
}

export interface Landing {
  page: PageName;
  url: URL;
  pageState: string | null;
  initial: CallbackOutcome['result'];
}

export async function completeCallback(deps: SignInDeps, here: URL): Promise<Landing> {
  const outcome = await completeRedirect(deps, here.searchParams);
  const url = sitePath(outcome.returnTo, here);
  // Drop code and state from the address bar: show the page the flow started from.
  history.replaceState(null, '', url);
  return { page: pageOf(url), url, pageState: outcome.state ?? null, initial: orphaned(outcome.result) };
}

/**
 * A card's sign-ins come back in a frame, or in a popup to its opener: an answer for no flow of ours in a
 * window of its own with no opener is a sign-in window whose link to its card was cut (Cross-Origin-
 * Opener-Policy). It says so, and closes, rather than offer a sign-in that cannot reach the card.
 */
function orphaned(result: CallbackOutcome['result']): CallbackOutcome['result'] {
  const cut = result instanceof AuthError && result.code === 'STATE_MISMATCH' && window.top === window && !window.opener;
  return cut ? new AuthError('LINK_CUT', result.message, undefined, { cause: result }) : result;
}

/** callback.html's boot, once callback-page.ts found no card to hand the answer to. */
export async function bootCallback(): Promise<void> {
  const here = new URL(location.href);
  const started = await startPage(here);
  if (!started) return;
  const { store, persistent } = started.opened;
  const deps = { config: started.config, store, persistent };
  const { initial, ...landing } = await completeCallback(deps, here);
  // After a sign-in in this window, the page's own address (with the host's parameters) is known only now.
  applyTheme(landing.url);
  render(<Page deps={deps} {...landing} initial={initial instanceof Error ? initial : startSession(deps, initial)} />, root);
}
