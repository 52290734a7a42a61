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
  /** The page and query to return to after a redirect. */
  returnTo: string;
  /** Why sign-in is needed: undefined on a first load, else the failure that ended the last session or flow. */
  reason: unknown;
  onSignedIn: (record: TokenRecord) => void;
}

type State = { phase: Exclude<SignInPhase, 'error'> } | { phase: 'error'; error: unknown };

/** login_required / interaction_required: not a failure, the frame just cannot show the sign-in page. */
function failed(error: unknown): State {
  return error instanceof AuthError && error.code === 'INTERACTION_REQUIRED' ? { phase: 'needs-click' } : { phase: 'error', error };
}

const interactive = (error: unknown) => error instanceof AuthError && /INTERACTION|POPUP/.test(error.code);

export function SignIn({ deps, pageState, returnTo, reason, onSignedIn }: SignInProps) {
  const [state, setState] = useState<State>(() => (reason instanceof AuthError && reason.code !== 'REFRESH_FAILED' ? failed(reason) : { phase: 'checking' }));

  const redirect = () => {
    setState({ phase: 'redirecting' });
    beginRedirect(deps, pageState, returnTo).then(
      (url) => location.assign(url.href),
      (error: unknown) => setState({ phase: 'error', error }),
    );
  };

  /** From a click: the popup opens before any await, or Safari blocks it. */
  const popup = () => {
    let window: Window;
    try {
      window = openPopup();
    } catch (error) {
      setState({ phase: 'error', error });
      return;
    }
    setState({ phase: 'popup-open' });
    signInWithPopup(deps, window, pageState).then(onSignedIn, (error: unknown) => setState(failed(error)));
  };

  useEffect(() => {
    if (state.phase !== 'checking') return;
    if (!deps.persistent) return setState({ phase: 'needs-click' });
    // A refresh that failed goes straight back through the frame; a first load first checks that the
    // last redirect did come back (a sign-in page that refuses framing never does).
    const stalled = reason === undefined ? redirectStalled(deps) : Promise.resolve(false);
    stalled.then((yes) => (yes ? setState({ phase: 'needs-click' }) : redirect()), (error: unknown) => setState({ phase: 'error', error }));
  }, []);

  const retry = () => (deps.persistent && state.phase === 'error' && !interactive(state.error) ? redirect() : popup());
  return <SignInScreen phase={state.phase} error={state.phase === 'error' ? state.error : undefined} onSignIn={retry} persistent={deps.persistent} />;
}
