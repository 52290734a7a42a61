/**
 * One page's life: a session (from the store, the callback, or the lazily loaded sign-in), then its
 * screen. Re-authentication keeps the screen's state: drafts live in the store, and a popup keeps the page.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Config } from '../config/config';
import { startSession, type SignedIn } from '../auth/signed-in';
import type { KeyValueStore } from '../shared/key-value-store';
import type { TokenRecord } from '../shared/token-record';
import type { MessagePage } from '../api/infobip/messages';
import { I18nContext, pickLocale, useTranslate } from '../i18n';
import { CardScreen } from './CardScreen';
import type { SignInReason } from './sign-in-reason';
import { Fatal, Status } from './Standalone';
import { useLoad } from './use-load';

export type PageName = 'card' | 'settings';

export interface PageDeps {
  config: Config;
  store: KeyValueStore;
  persistent: boolean;
}

/** Also called at boot as soon as no token is found, so the sign-in's chunk is on its way before the first render. */
export const loadSignIn = () => import('./SignIn').then((m) => m.SignIn);
const loadSettings = () => import('./SettingsPage').then((m) => m.SettingsPage);
/** Loaded at sign-out only (a card with a draft has it already); best effort: the sign-out goes on regardless. */
const clearDrafts = (store: KeyValueStore) => import('./drafts').then((drafts) => drafts.clearDrafts(store)).catch(() => {});

interface PageProps {
  deps: PageDeps;
  page: PageName;
  url: URL;
  pageState: string | null;
  /** The session of a stored token or of a fresh one from the callback, or the callback's error. */
  initial: SignedIn | Error | undefined;
  /** The card's messages, already asked for with `initial`'s client. */
  firstMessages?: Promise<MessagePage> | undefined;
}

export function Page({ deps: given, page, url, pageState, initial, firstMessages }: PageProps) {
  /**
   * The browser's own storage, once the Storage Access API gave it to a frame whose storage is blocked:
   * the session and drafts live there. The frame's own storage stays blocked, so sign-in still uses a popup.
   */
  const [granted, setGranted] = useState<KeyValueStore>();
  const deps = granted ? { ...given, store: granted } : given;
  const [signed, setSigned] = useState(initial instanceof Error ? undefined : initial);
  /** Why the user must sign in (undefined: they need not), kept for the sign-in screen to explain. */
  const [signInReason, setSignInReason] = useState<SignInReason | undefined>(
    initial instanceof Error ? { kind: 'failed', error: initial } : initial ? undefined : { kind: 'first-visit' },
  );
  // The first reason stands: a session that ended by signing out has already said so (its listener),
  // and the SIGNED_OUT failures of calls made after that change nothing.
  const sessionLost = (error: unknown) => setSignInReason((reason) => reason ?? { kind: 'session-lost', error });

  const { record, session, infobip } = signed ?? {};

  // The app server's session rides along with the Infobip token: the same refresh renews both.
  const server = useMemo(() => {
    const url = deps.config.serverUrl;
    return session && url ? { url, credential: () => session.serverCredential() } : undefined;
  }, [session]);

  // A refresh that fails sends the page through sign-in again; what was typed is in the store.
  useEffect(() => {
    if (!signed) return;
    const stop = signed.session.keepAlive(sessionLost);
    const unsubscribe = signed.session.subscribe((next) => next || setSignInReason({ kind: 'signed-out' }));
    const unheard = signed.onLost(sessionLost);
    return () => {
      stop();
      unsubscribe();
      unheard();
    };
  }, [signed]);

  // Screens loaded on demand; a chunk that fails to load (network, new deploy) is shown, not swallowed.
  const [SignIn] = useLoad(signInReason ? loadSignIn : undefined, !!signInReason, true);
  const [Settings] = useLoad(page === 'settings' ? loadSettings : undefined, page);
  const t = useTranslate(pickLocale(record?.identity.locale, navigator.language));
  // The page's language, for fonts (Japanese glyphs, not Chinese ones), line breaking and screen readers.
  useEffect(() => {
    document.documentElement.lang = t.locale;
  }, [t.locale]);

  const signedIn = (next: TokenRecord, store?: KeyValueStore) => {
    if (store) setGranted(store);
    setSignInReason(undefined);
    setSigned(startSession(store ? { ...given, store } : deps, next));
  };

  // While a lazy screen loads: the same polite status the sign-in screen starts with.
  const waiting = (
    <div class="screen">
      <h1>{t('app.name')}</h1>
      <Status />
    </div>
  );
  let body = waiting;
  const failure = [SignIn, Settings].find((loaded) => loaded.state === 'failed');
  if (failure?.state === 'failed') return <Fatal error={failure.error} />;
  if (signInReason) {
    if (SignIn.state === 'ready') body = <SignIn.value deps={deps} pageState={pageState} url={url} reason={signInReason} onSignedIn={signedIn} />;
  } else if (record && infobip && session) {
    // Signed out here at once; when the app server could not be told, the sign-in screen says so.
    const signOut = () => {
      // A shared PC must not show the next agent this one's half-typed SMS.
      void clearDrafts(deps.store);
      void session.signOut().then(({ serverUnreachable }) => serverUnreachable && setSignInReason({ kind: 'signed-out', serverUnreachable }));
    };
    const conversationId = url.searchParams.get('conversationId') ?? undefined;
    if (page === 'card') {
      body = (
        <CardScreen
          identity={record.identity}
          infobip={infobip}
          conversationId={conversationId}
          firstMessages={signed === initial ? firstMessages : undefined}
          store={deps.store}
          persistent={deps.persistent || !!granted}
          onSignOut={signOut}
          server={server}
        />
      );
    } else if (Settings.state === 'ready') {
      body = <Settings.value identity={record.identity} infobip={infobip} config={deps.config} onSignOut={signOut} store={deps.store} server={server} />;
    }
  }
  return <I18nContext.Provider value={t}>{body}</I18nContext.Provider>;
}
