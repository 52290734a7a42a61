/**
 * When the app cannot start at all (config.json missing or invalid, framed by a stranger): one alert
 * that says why, in the browser's language, since no signed-in user has told us theirs.
 */
import { I18nContext, pickLocale, useTranslate } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

export function Fatal({ error }: { error: unknown }) {
  const t = useTranslate(pickLocale(undefined, navigator.language));
  return (
    <I18nContext.Provider value={t}>
      <div class="screen">
        <h1>{t('app.name')}</h1>
        <ErrorAlert title={t('fatal.title')} error={error} />
      </div>
    </I18nContext.Provider>
  );
}
