/**
 * Every failure looks the same: what failed, why in plain words, the server's own words labelled as
 * such, the fields it rejected, and a retry only where retrying can help. All server text is rendered
 * as text nodes, never as HTML.
 */
import { errorText, useT } from '../i18n';

export interface ErrorAlertProps {
  /** What failed, e.g. "Couldn't load the conversation". */
  title: string;
  error: unknown;
  onRetry?: () => void;
  /** Show the retry even when the error says retrying will not help (e.g. starting a new sign-in). */
  forceRetry?: boolean;
  /** Whose words `detail` are. */
  server?: string;
}

export function ErrorAlert({ title, error, onRetry, forceRetry = false, server = 'Infobip' }: ErrorAlertProps) {
  const t = useT();
  const { reason, detail, fields, retryable, code } = errorText(t, error);
  return (
    <div role="alert" class="alert">
      <p class="alert-title">{title}</p>
      <p>{reason}</p>
      {detail && (
        <p>
          {t('error.serverSaid', { server })} <q class="said">{detail}</q>
        </p>
      )}
      {fields.length > 0 && (
        <>
          <p>{t('error.fields')}</p>
          <ul>
            {fields.map(({ field, messages }) => (
              <li key={field}>
                <code>{field}</code>: {messages.join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {code && <p class="code">{t('error.code', { code })}</p>}
      {onRetry && (retryable || forceRetry) && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}
