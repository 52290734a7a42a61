/**
 * Why something failed and what to do now, in plain words; then a retry where retrying can help; then,
 * folded away for whoever needs them, the server's own words, the fields it rejected and the codes.
 * Loaded the first time something fails, with the sentences it needs. All server text is rendered as
 * text nodes, never as HTML.
 */
import { AuthError } from '../shared/auth-error';
import { useT } from '../i18n';
import { enErrors } from '../i18n/en-errors';
import { errorText } from '../i18n/error-text';

export interface ErrorDetailsProps {
  error: unknown;
  onRetry?: (() => void) | undefined;
  /** Show the retry even when the error says retrying will not help (e.g. starting a new sign-in). */
  forceRetry: boolean;
  /** The retry's words when "Try again" is not what it does (e.g. "Sign in again"). */
  retryLabel?: string | undefined;
  /** Whose words `detail` are. */
  server: string;
  /** What to do now, when the caller knows better than the error's code (an action's failure: "Ask an admin to check the action's path"). */
  next?: string | undefined;
  /** The first line in the caller's terms (an action's "may have reached it"), instead of the general one. */
  reason?: string | undefined;
}

export function ErrorDetails({ error, onRetry, forceRetry, retryLabel, server, next: instead, reason: said }: ErrorDetailsProps) {
  const t = useT(enErrors);
  const { reason, next, detail, problem, fields, retryable, code } = errorText(t, error, server);
  return (
    <>
      <p>{said ?? reason}</p>
      <p>{instead ?? next}</p>
      {onRetry && (retryable || forceRetry) && (
        <button type="button" onClick={onRetry}>
          {retryLabel ?? t('error.retry')}
        </button>
      )}
      {(detail || problem || fields.length > 0 || code) && (
        // A sign-in server's own refusal (access_denied and its description) is shown as it was sent (CONTRACT §3).
        <details class="error-more" open={error instanceof AuthError && error.sent !== undefined}>
          <summary>{t('error.details')}</summary>
          {detail && <p class="said">{t('error.serverSaid', { server, words: detail })}</p>}
          {fields.length > 0 && (
            <>
              <p>{t('error.fields')}</p>
              <ul>
                {fields.map(({ field, messages }) => (
                  <li key={field} class="said">
                    {t('error.field', { field, words: messages.join(' ') })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {problem && <p class="said">{t('error.problem', { problem })}</p>}
          {code && <p class="code">{t('error.code', { code })}</p>}
        </details>
      )}
    </>
  );
}
