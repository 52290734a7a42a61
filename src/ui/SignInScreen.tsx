/** What the user sees until a token is in hand, one state per step of the sign-in flow. */
import { useT } from '../i18n';
import { enSignIn } from '../i18n/en-sign-in';
import { ErrorAlert } from './ErrorAlert';

export type SignInPhase = 'checking' | 'redirecting' | 'needs-click' | 'popup-open' | 'error';

export interface SignInScreenProps {
  phase: SignInPhase;
  error?: unknown;
  /** Called synchronously from the click, so the caller can open a popup before any await. */
  onSignIn?: () => void;
  /** False when storage is blocked: the session will not outlive the page. */
  persistent: boolean;
  /** Whether the Sign in button opens a popup (else it signs in within this frame). Default: true. */
  popup?: boolean;
  /** In a sign-in window that cannot finish: closes it. */
  onClose?: (() => void) | undefined;
  /** Signed out here, but the app server could not be told: its session runs until it expires. */
  serverKept?: boolean;
}

export function SignInScreen({ phase, error, onSignIn, persistent, popup = true, onClose, serverKept = false }: SignInScreenProps) {
  const t = useT(enSignIn);
  return (
    <div class="screen">
      <h1>{t('signIn.title')}</h1>
      {(phase === 'checking' || phase === 'redirecting') && (
        <p role="status" class="quiet">
          {t('signIn.checking')}
        </p>
      )}
      {serverKept && (
        <p role="alert" class="note">
          {t('signIn.serverKept')}
        </p>
      )}
      {phase === 'needs-click' && (
        <>
          <p>{t(popup ? 'signIn.needsClick' : 'signIn.signedOut')}</p>
          {onSignIn && (
            <button type="button" class="primary" onClick={onSignIn}>
              {t('signIn.button')}
            </button>
          )}
        </>
      )}
      {phase === 'popup-open' && (
        <>
          <p role="status">{t('signIn.popupOpen')}</p>
          {onSignIn && (
            <button type="button" onClick={onSignIn}>
              {t('signIn.reopen')}
            </button>
          )}
        </>
      )}
      {phase === 'error' && <ErrorAlert title={t('signIn.failed')} error={error} onRetry={onSignIn} forceRetry retryLabel={t('signIn.again')} />}
      {onClose && (
        <button type="button" onClick={onClose}>
          {t('signIn.close')}
        </button>
      )}
      {!persistent && <p class="note">{t('storage.signIn')}</p>}
    </div>
  );
}
