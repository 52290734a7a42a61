/**
 * Everything until a token is in hand: a redirect in the frame, or — when the frame cannot finish one
 * (storage denied, framing refused, login_required) — a popup from a click. Loaded only when needed:
 * most card loads find a valid token.
 */
import { useEffect, useState } from 'preact/hooks';
import { AuthError } from '../auth/auth-error';
import { openPopup } from '../auth/popup';
import { beginRedirect, redirectStalled, signInWithPopup } from '../auth/sign-in';
import type { TokenRecord } from '../auth/token-record';
import type { PageDeps } from './Page';
import { SignInScreen, type SignInPhase } from './SignInScreen';

export interface SignInProps {
  deps: PageDeps;
  pageState: string | null;
  /** This page: a redirect comes back to it. */
  url: URL;
  /** Why sign-in is needed: undefined on a first load, else the failure that ended the last session or flow. */
  reason: unknown;
  onSignedIn: (record: TokenRecord) => void;
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

const interactive = (error: unknown) => error instanceof AuthError && /INTERACTION|POPUP/.test(error.code);

/** login_required / interaction_required: not a failure, the frame just cannot show the sign-in page. */
function failed(error: unknown, persistent: boolean): State {
  const popup = !persistent || interactive(error);
  return error instanceof AuthError && error.code === 'INTERACTION_REQUIRED' ? { phase: 'needs-click', popup } : { phase: 'error', error, popup };
}

/**
 * `reason`: undefined on a first load (redirect at once, unless the last redirect never came back);
 * null after signing out (wait for a click); else the failure that ended the last session or flow.
 */
export function SignIn({ deps, pageState, url, reason, onSignedIn }: SignInProps) {
  const [state, setState] = useState<State>(() =>
    reason === null
      ? { phase: 'needs-click', popup: !deps.persistent }
      : reason instanceof AuthError && reason.code !== 'REFRESH_FAILED'
        ? failed(reason, deps.persistent)
        : { phase: 'checking', popup: !deps.persistent },
  );

  const redirect = () => {
    setState({ phase: 'redirecting', popup: false });
    beginRedirect(deps, pageState, returnPath(url)).then(
      (url) => location.assign(url.href),
      (error: unknown) => setState(failed(error, deps.persistent)),
    );
  };

  /** From a click: the popup opens before any await, or Safari blocks it. */
  const popup = () => {
    let window: Window;
    try {
      window = openPopup();
    } catch (error) {
      setState(failed(error, deps.persistent));
      return;
    }
    setState({ phase: 'popup-open', popup: true });
    signInWithPopup(deps, window, pageState).then(onSignedIn, (error: unknown) => setState(failed(error, deps.persistent)));
  };

  useEffect(() => {
    if (state.phase !== 'checking') return;
    if (state.popup) return setState({ phase: 'needs-click', popup: true });
    // A refresh that failed goes straight back through the frame; a first load first checks that the
    // last redirect did come back (a sign-in page that refuses framing never does).
    const stalled = reason === undefined ? redirectStalled(deps) : Promise.resolve(false);
    stalled.then((yes) => (yes ? setState({ phase: 'needs-click', popup: true }) : redirect()), (error: unknown) => setState(failed(error, true)));
  }, []);

  return (
    <SignInScreen
      phase={state.phase}
      error={state.phase === 'error' ? state.error : undefined}
      onSignIn={state.popup ? popup : redirect}
      persistent={deps.persistent}
      popup={state.popup}
    />
  );
}
