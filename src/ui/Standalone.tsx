/**
 * What the page shows before a user is known, in the browser's language: the status a waiting page
 * shows (the pages' static HTML says the same while they start), and the error when it cannot start
 * at all (config.json missing or invalid, framed by a stranger).
 */
import type { ComponentChildren } from 'preact';
import { I18nContext, pickLocale, useT, useTranslate } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

function Standalone({ children }: { children: ComponentChildren }) {
  const t = useTranslate(pickLocale(undefined, navigator.language));
  return (
    <I18nContext.Provider value={t}>
      <div class="screen">
        <h1>{t('app.name')}</h1>
        {children}
      </div>
    </I18nContext.Provider>
  );
}

export function Status() {
  const t = useT();
  return (
    <p role="status" class="quiet">
      {t('signIn.checking')}
    </p>
  );
}

function Failure({ error }: { error: unknown }) {
  return <ErrorAlert title={useT()('fatal.title')} error={error} />;
}

export const Fatal = ({ error }: { error: unknown }) => (
  <Standalone>
    <Failure error={error} />
  </Standalone>
);
