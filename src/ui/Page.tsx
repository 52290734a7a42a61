/**
 * One page's life: sign in (redirect in the frame, or a popup when the frame cannot), then its screen.
 * Re-authentication keeps the screen's state: drafts live in the store, and a popup keeps the page.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import type { Config } from '../config/config';
import { AuthError } from '../auth/auth-error';
import { openPopup } from '../auth/popup';
import { createSession, type Session } from '../auth/session';
import type { KeyValueStore } from '../auth/store';
import type { TokenRecord } from '../auth/token-record';
import { createInfobipClient, type InfobipClient } from '../api/infobip';
import { I18nContext, pickLocale, useTranslate } from '../i18n';
import { CardScreen } from './CardScreen';
import { SignInScreen } from './SignInScreen';

export type PageName = 'card' | 'settings';

export interface PageDeps {
  config: Config;
  store: KeyValueStore;
  persistent: boolean;
}

const PAGES: Record<string, PageName> = { '': 'card', 'index.html': 'card', 'card.html': 'card', 'settings.html': 'settings' };

export function pageOf(url: URL): PageName {
  return PAGES[url.pathname.slice(url.pathname.lastIndexOf('/') + 1)] ?? 'card';
}

/** The page and query to come back to, relative to the site folder, without Infobip's `state`. */
export function returnPath(url: URL): string {
  const query = new URLSearchParams(url.search);
  query.delete('state');
  const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const search = query.toString();
  return `${file}${search ? `?${search}` : ''}`;
}

/** Resolves a stored return path inside our own site folder; anything else falls back to the card. */
export function sitePath(stored: string | undefined, here: URL): string {
  const base = new URL('./', here);
  const fallback = new URL('card.html', base);
  if (stored === undefined || /^[a-z][a-z0-9+.-]*:|^[/\\]/i.test(stored)) return fallback.href;
  const target = new URL(stored, base);
  return target.origin === base.origin && target.pathname.startsWith(base.pathname) && pageOf(target) ? target.href : fallback.href;
}

/** Sign-in code is loaded only when a sign-in is needed: most card loads find a valid token. */
const signInModule = () => import('../auth/sign-in');

type Phase =
  | { name: 'checking' | 'redirecting' | 'needs-click' | 'popup-open' }
  | { name: 'error'; error: unknown }
  | { name: 'signed-in'; session: Session; infobip: InfobipClient };

interface PageProps {
  deps: PageDeps;
  page: PageName;
  url: URL;
  pageState: string | null;
  /** A stored token, a fresh one from the callback, or the callback's error. */
  initial: TokenRecord | AuthError | undefined;
}

/** login_required / interaction_required: not a failure, the frame just cannot show the sign-in page. */
function failed(error: unknown): Phase {
  return error instanceof AuthError && error.code === 'INTERACTION_REQUIRED' ? { name: 'needs-click' } : { name: 'error', error };
}

type Screen = ComponentType<{ identity: TokenRecord['identity']; infobip: InfobipClient; config: Config; onSignOut: () => void }>;

export function Page({ deps, page, url, pageState, initial }: PageProps) {
  const [phase, setPhase] = useState<Phase>(() => (initial instanceof AuthError ? failed(initial) : { name: 'checking' }));
  const [settings, setSettings] = useState<Screen | undefined>(undefined);
  const conversationId = url.searchParams.get('conversationId') ?? undefined;

  const signedIn = (record: TokenRecord) => {
    const session = createSession(deps, record);
    // A refresh that fails sends the page through sign-in again; what was typed is in the store.
    const lost = (error: unknown): Promise<never> => {
      void reauthenticate(error);
      return new Promise<never>(() => undefined);
    };
    const source = { current: () => session.current().catch(lost), recover: (failed: TokenRecord) => session.recover(failed).catch(lost) };
    setPhase({ name: 'signed-in', session, infobip: createInfobipClient(deps.config, source) });
  };

  const redirect = async () => {
    setPhase({ name: 'redirecting' });
    const { beginRedirect } = await signInModule();
    location.assign((await beginRedirect(deps, pageState, returnPath(url))).href);
  };

  const reauthenticate = async (error: unknown) => {
    if (deps.persistent && !(error instanceof AuthError && error.code === 'INTERACTION_REQUIRED')) await redirect();
    else setPhase(failed(error));
  };

  /** From a click: the popup opens before any await, or Safari blocks it. */
  const signInByPopup = () => {
    let popup: Window;
    try {
      popup = openPopup();
    } catch (error) {
      setPhase({ name: 'error', error });
      return;
    }
    setPhase({ name: 'popup-open' });
    signInModule()
      .then(({ signInWithPopup }) => signInWithPopup(deps, popup, pageState))
      .then(signedIn, (error: unknown) => setPhase(failed(error)));
  };

  useEffect(() => {
    if (initial instanceof AuthError) return;
    if (initial) return signedIn(initial);
    void (async () => {
      if (deps.persistent && !(await (await signInModule()).redirectStalled(deps))) await redirect();
      else setPhase({ name: 'needs-click' });
    })().catch((error: unknown) => setPhase({ name: 'error', error }));
  }, []);

  useEffect(() => {
    if (phase.name !== 'signed-in') return;
    const stop = phase.session.keepAlive((error) => void reauthenticate(error));
    const unsubscribe = phase.session.subscribe((record) => {
      if (!record) setPhase({ name: 'needs-click' });
    });
    return () => {
      stop();
      unsubscribe();
    };
  }, [phase]);

  useEffect(() => {
    if (page === 'settings' && phase.name === 'signed-in' && !settings) {
      import('./SettingsScreen').then((m) => setSettings(() => m.SettingsScreen as Screen), (error: unknown) => setPhase({ name: 'error', error }));
    }
  }, [page, phase, settings]);

  const record = phase.name === 'signed-in' ? phase.session.record() : undefined;
  const t = useTranslate(pickLocale(record?.identity.locale, navigator.language));

  let body;
  if (phase.name === 'signed-in' && record) {
    const signOut = () => void phase.session.signOut();
    if (page === 'card') {
      body = <CardScreen identity={record.identity} infobip={phase.infobip} conversationId={conversationId} store={deps.store} persistent={deps.persistent} onSignOut={signOut} />;
    } else if (settings) {
      const Settings = settings;
      body = <Settings identity={record.identity} infobip={phase.infobip} config={deps.config} onSignOut={signOut} />;
    } else {
      body = <SignInScreen phase="checking" persistent={deps.persistent} />;
    }
  } else {
    const retry = () => {
      const interactive = phase.name === 'error' && phase.error instanceof AuthError && /INTERACTION|POPUP/.test(phase.error.code);
      if (deps.persistent && phase.name === 'error' && !interactive) void redirect().catch((error: unknown) => setPhase({ name: 'error', error }));
      else signInByPopup();
    };
    body = (
      <SignInScreen
        phase={phase.name === 'signed-in' ? 'checking' : phase.name}
        error={phase.name === 'error' ? phase.error : undefined}
        onSignIn={retry}
        persistent={deps.persistent}
      />
    );
  }
  return <I18nContext.Provider value={t}>{body}</I18nContext.Provider>;
}
