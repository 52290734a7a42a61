/**
 * What the page shows before a user is known, in the browser's language: the status a waiting page
 * shows (the pages' static HTML says the same while they start), and the error when it cannot start
 * at all (config.json missing or invalid, framed by a stranger).
 */
import { I18nContext, pickLocale, useT, useTranslate } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

export function Status() {
  const t = useT();
  return (
    <p role="status" class="quiet">
      {t('signIn.checking')}
    </p>
  );
}

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
