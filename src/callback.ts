/**
 * callback.html, the OAuth redirect URI, loaded only there. In a popup it hands the answer to the frame
 * that opened it; in the frame it exchanges the code and names the page the flow started from.
 */
import { postToParent } from './auth/child-frame';
import { postToOpener } from './auth/popup';
import { AuthError } from './shared/auth-error';
import { completeRedirect, type CallbackOutcome, type SignInDeps } from './auth/sign-in';
import type { PageName } from './ui/Page';

/** In a popup or the card's child frame: hands the answer to the card that asked, and touches nothing else. */
export function handToOpener(here: URL): boolean {
  if (postToParent(here.search)) return true;
  if (!postToOpener(here.search)) return false;
  window.close();
  return true;
}

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
