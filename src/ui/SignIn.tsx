/**
 * Everything until a token is in hand: a redirect in the frame, or — when the frame cannot finish one
 * (storage denied, framing refused, login_required) — a popup from a click. Loaded only when needed:
 * most card loads find a valid token.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { AuthError, type AuthErrorCode } from '../shared/auth-error';
import { openPopup } from '../auth/popup';
import { signInInFrame, signInWithAccess, signInWithPopup, type SignInDeps } from '../auth/sign-in';
import { loadToken } from '../auth/token-store';
import { grantedStorage, requestStorage } from '../storage/storage-access';
import { DB_NAME } from '../storage/store';
import type { KeyValueStore } from '../shared/key-value-store';
import type { TokenRecord } from '../shared/token-record';
import type { SignInReason } from './sign-in-reason';
import { SignInScreen, type SignInPhase } from './SignInScreen';

export interface SignInProps {
  /** `persistent`: false when storage is denied, so only a popup can finish a sign-in. */
  deps: SignInDeps & { persistent: boolean };
  pageState: string | null;
  /** This page: a redirect comes back to it. */
  url: URL;
  reason: SignInReason;
  /** `store`: where the token now is, when that is not `deps.store` (the browser's own, by Storage Access). */
  onSignedIn: (record: TokenRecord, store?: KeyValueStore) => void;
}

/** The page and query to come back to, relative to the site folder, without Infobip's `state`. */
export function returnPath(url: URL): string {
  const query = new URLSearchParams(url.search);
  query.delete('state');
  const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const search = query.toString();
  return `${file}${search ? `?${search}` : ''}`;
}

/** `popup`: the frame cannot finish a sign-in (storage denied, framing refused, interaction needed). */
type State = ({ phase: Exclude<SignInPhase, 'error'> } | { phase: 'error'; error: unknown }) & { popup: boolean };

/** Failures that a popup opened by a click can get past. */
const NEEDS_POPUP: ReadonlySet<AuthErrorCode> = new Set(['INTERACTION_REQUIRED', 'FRAME_REFUSED', 'POPUP_BLOCKED', 'POPUP_CLOSED']);
const interactive = (error: unknown) => error instanceof AuthError && NEEDS_POPUP.has(error.code);

/** login_required / interaction_required: not a failure, the frame just cannot show the sign-in page. */
function failed(error: unknown, persistent: boolean): State {
  const popup = !persistent || interactive(error);
  return error instanceof AuthError && (error.code === 'INTERACTION_REQUIRED' || error.code === 'FRAME_REFUSED')
    ? { phase: 'needs-click', popup }
    : { phase: 'error', error, popup };
}

function initialState(reason: SignInReason, persistent: boolean): State {
  switch (reason.kind) {
    case 'signed-out':
      return { phase: 'needs-click', popup: !persistent };
    case 'failed':
      return failed(reason.error, persistent);
    case 'first-visit':
    case 'session-lost':
      return { phase: 'checking', popup: !persistent };
  }
}

/** The session kept in the browser's own storage, where this host was granted access to it before. */
async function reuseGranted(): Promise<{ record: TokenRecord; store: KeyValueStore } | undefined> {
  const store = await grantedStorage(DB_NAME);
  const record = store && (await loadToken(store, Date.now()).catch(() => undefined));
  return store && record ? { record, store } : undefined;
}

export function SignIn({ deps, pageState, url, reason, onSignedIn }: SignInProps) {
  const [state, setState] = useState<State>(() => initialState(reason, deps.persistent));

  /**
   * The authorize step runs in a hidden child frame and its answer is exchanged here, after any other
   * card's sign-in under way (whose token is then used). A page the child cannot finish offers the popup.
   * `firstVisit`: a first load also checks that the last redirect did come back (a sign-in page that
   * refuses framing never does); a session that was lost, or a click, goes straight through the frame.
   */
  const redirect = (firstVisit = false) => {
    setState({ phase: 'redirecting', popup: false });
    // Shown as soon as the token is had, before it is stored: a failure to store it after that leaves the
    // card signed in for this page's life, as a browser that denies storage does.
    let shown = false;
    const show = (record: TokenRecord) => {
      if (!shown) onSignedIn(record);
      shown = true;
    };
    signInInFrame(deps, pageState, returnPath(url), firstVisit, show).then(
      (record) => (record === 'stalled' ? setState({ phase: 'needs-click', popup: true }) : show(record)),
      (error: unknown) => shown || setState(failed(error, deps.persistent)),
    );
  };

  /** From a click: the popup opens before any await, or Safari blocks it. */
  const popup = () => {
    // Storage blocked: the same click asks for the browser's own storage, before the popup takes the gesture.
    const access = deps.persistent ? undefined : requestStorage(DB_NAME);
    let window: Window;
    try {
      window = openPopup();
    } catch (error) {
      setState(failed(error, deps.persistent));
      return;
    }
    setState({ phase: 'popup-open', popup: true });
    const fail = (error: unknown) => setState(failed(error, deps.persistent));
    if (!access) return void signInWithPopup(deps, window, pageState).then((record) => onSignedIn(record), fail);
    signInWithAccess(deps, access, window, pageState).then(({ record, store }) => onSignedIn(record, store === deps.store ? undefined : store), fail);
  };

  // Before the first paint, not after it: a cold card's authorize starts a frame (or more) sooner.
  useLayoutEffect(() => {
    if (state.phase !== 'checking') return;
    if (!deps.persistent) {
      // Access granted to an earlier card of this host: its session, with no click.
      void reuseGranted().then((found) => (found ? onSignedIn(found.record, found.store) : setState({ phase: 'needs-click', popup: true })));
      return;
    }
    if (state.popup) return setState({ phase: 'needs-click', popup: true });
    redirect(reason.kind === 'first-visit');
  }, []);

  const error = state.phase === 'error' ? state.error : undefined;
  const code = error instanceof AuthError ? error.code : undefined;
  return (
    <SignInScreen
      phase={state.phase}
      error={error}
      // A popup cut by the sign-in page would be cut again; a window that lost its card can only close.
      onSignIn={code === 'POPUP_CUT' || code === 'LINK_CUT' ? undefined : state.popup ? popup : () => redirect()}
      onClose={code === 'LINK_CUT' ? () => window.close() : undefined}
      persistent={deps.persistent}
      popup={state.popup}
      serverKept={reason.kind === 'signed-out' && reason.serverUnreachable === true}
    />
  );
}
