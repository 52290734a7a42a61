/**
 * Why something failed, in plain words, the server's own words labelled as such, the fields it
 * rejected, and a retry where retrying can help. Loaded the first time something fails, with the
 * sentences it needs. All server text is rendered as text nodes, never as HTML.
 */
import { useT } from '../i18n';
import { enErrors } from '../i18n/en-errors';
import { errorText } from '../i18n/error-text';

export interface ErrorDetailsProps {
  error: unknown;
  onRetry?: (() => void) | undefined;
  /** Show the retry even when the error says retrying will not help (e.g. starting a new sign-in). */
  forceRetry: boolean;
  /** Whose words `detail` are. */
  server: string;
}

export function ErrorDetails({ error, onRetry, forceRetry, server }: ErrorDetailsProps) {
  const t = useT(enErrors);
  const { reason, detail, fields, retryable, code } = errorText(t, error, server);
  return (
    <>
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
    </>
  );
}
