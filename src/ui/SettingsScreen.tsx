/** The app's settings page: the OAuth client as Infobip has it registered, and who is signed in. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { getAppOAuthConfig } from '../api/infobip/app-oauth';
import type { InfobipClient } from '../api/infobip/client';
import type { Identity } from '../shared/token-record';
import type { Config } from '../config/config';
import { useT } from '../i18n';
import { enSettings } from '../i18n/en-settings';
import { ErrorAlert } from './ErrorAlert';
import { IdentityDetails } from './IdentityDetails';
import { CopyButton, SecretField } from './SecretField';
import { useLoad } from './use-load';

export interface SettingsScreenProps {
  identity: Identity;
  infobip: InfobipClient;
  config: Config;
  onSignOut: () => void;
  /** More sections (e.g. external connections), shown last. */
  children?: ComponentChildren;
}

export function SettingsScreen({ identity, infobip, config, onSignOut, children }: SettingsScreenProps) {
  const t = useT(enSettings);
  const [oauth, retry] = useLoad((signal) => getAppOAuthConfig(infobip, signal), config.appId);
  const [copyResult, setCopyResult] = useState('');

  return (
    <div class="screen">
      <h1>{t('settings.title')}</h1>

      <section>
        <h2>{t('settings.oauth')}</h2>
        {oauth.state === 'loading' ? (
          <p role="status" class="quiet">
            {t('settings.loading')}
          </p>
        ) : oauth.state === 'failed' ? (
          <ErrorAlert title={t('settings.loadFailed')} error={oauth.error} onRetry={retry} />
        ) : (
          <>
            <dl class="fields">
              <dt>{t('settings.clientId')}</dt>
              <dd>
                <code>{oauth.value.clientId}</code> <CopyButton name={t('settings.clientId')} value={oauth.value.clientId} onCopied={setCopyResult} />
              </dd>
              <dt>{t('settings.appId')}</dt>
              <dd>
                <code>{oauth.value.appId}</code>
              </dd>
              <dt>{t('settings.redirectUri')}</dt>
              <dd>
                <code>{oauth.value.redirectUri}</code> <CopyButton name={t('settings.redirectUri')} value={oauth.value.redirectUri} onCopied={setCopyResult} />
              </dd>
              <dt>{t('settings.clientSecret')}</dt>
              <dd>
                <SecretField name={t('settings.clientSecret')} value={oauth.value.clientSecret} onCopied={setCopyResult} />
              </dd>
              <dt>{t('settings.signingSecret')}</dt>
              <dd>
                <SecretField name={t('settings.signingSecret')} value={oauth.value.signingSecret} onCopied={setCopyResult} />
              </dd>
            </dl>
            {/* What config.json says must match what Infobip has registered, or sign-in breaks. */}
            {oauth.value.clientId !== config.clientId && <p class="note">{t('settings.clientIdDiffers', { configured: config.clientId })}</p>}
            {oauth.value.redirectUri !== config.redirectUri && <p class="note">{t('settings.redirectDiffers', { configured: config.redirectUri })}</p>}
          </>
        )}
        <p role="status" class="quiet">
          {copyResult}
        </p>
      </section>

      <section>
        <h2>{t('settings.you')}</h2>
        <IdentityDetails identity={identity} onSignOut={onSignOut} />
      </section>

      {children && <section class="more">{children}</section>}
    </div>
  );
}
