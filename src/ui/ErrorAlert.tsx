/**
 * Every failure looks the same: an alert that says what failed at once, then why and what to do now
 * (ErrorDetails, loaded on the first failure: most card loads never need it). If even that cannot
 * load, the retry stays.
 */
import { useT } from '../i18n';
import { useLoad } from './use-load';

export interface ErrorAlertProps {
  /** What failed, e.g. "Couldn't load the conversation". */
  title: string;
  error: unknown;
  onRetry?: () => void;
  /** Show the retry even when the error says retrying will not help (e.g. starting a new sign-in). */
  forceRetry?: boolean;
  /** The retry's words when "Try again" is not what it does (e.g. "Sign in again"). */
  retryLabel?: string;
  /** Whose words `detail` are. */
  server?: string;
}

type Details = typeof import('./ErrorDetails').ErrorDetails;
/** Once loaded, every later alert shows its details at once. */
let ready: Details | undefined;
const loadDetails = () => import('./ErrorDetails').then((m) => (ready = m.ErrorDetails));

export function ErrorAlert({ title, error, onRetry, forceRetry = false, retryLabel, server = 'Infobip' }: ErrorAlertProps) {
  const t = useT();
  const [loading] = useLoad(ready ? undefined : loadDetails, loadDetails);
  const Details = ready;
  return (
    <div role="alert" class="alert">
      <p class="alert-title">{title}</p>
      {Details ? (
        <Details error={error} onRetry={onRetry} forceRetry={forceRetry} retryLabel={retryLabel} server={server} />
      ) : (
        loading.state === 'failed' &&
        onRetry && (
          <button type="button" onClick={onRetry}>
            {retryLabel ?? t('error.retry')}
          </button>
        )
      )}
    </div>
  );
}
