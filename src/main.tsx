/**
 * Boot of the card and the settings page: config.json and the store at once → the token → the page's
 * screen, with the card's messages already on their way. Until then the page's static HTML says
 * "Signing in…". Nothing is shown when config.json is invalid but the error.
 */
import { render } from 'preact';
import { usableToken } from './auth/token-store';
import { startSession } from './auth/signed-in';
import { getMessages } from './api/infobip/messages';
import { loadSignIn, Page } from './ui/Page';
import { root, startPage } from './page-start';

async function boot(): Promise<void> {
  const here = new URL(location.href);
  const kind = root.dataset.page;
  const started = await startPage(here);
  if (!started) return;
  const { config, opened } = started;
  const { store, persistent, read } = opened;
  const deps = { config, store, persistent };
  const stored = await usableToken(store, read[0], Date.now());
  const initial = stored && startSession(deps, stored);
  // No token: the page will sign in, and its first render waits for nothing the sign-in's chunk needs.
  if (!initial) loadSignIn().catch(() => undefined);
  const conversationId = here.searchParams.get('conversationId');
  // The card's messages, asked for before anything renders, with the client the page then uses: a
  // stored token the server refuses is recovered by the page's own session.
  const messages = kind === 'card' && initial && conversationId && config.apiBaseUrl ? getMessages(initial.infobip, conversationId, 0) : undefined;
  messages?.catch(() => undefined);
  const page = kind === 'settings' ? 'settings' : 'card';
  render(<Page deps={deps} page={page} url={here} pageState={here.searchParams.get('state')} initial={initial} firstMessages={messages} />, root);
}

// callback.html loads this chunk only for what callback.tsx imports from it, and boots on its own.
if (root.dataset.page !== 'callback') void boot();
