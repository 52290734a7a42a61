/** The app's OAuth configuration at Infobip: loaded with the settings page, the only screen that shows it. */
import { object, text } from './answer';
import type { InfobipClient } from './client';

export interface AppOAuthConfig {
  clientId: string;
  clientSecret: string;
  appId: string;
  redirectUri: string;
  signingSecret: string;
}

const OAUTH_FIELDS = ['clientId', 'clientSecret', 'appId', 'redirectUri', 'signingSecret'] as const;

function parseAppOAuthConfig(body: unknown): AppOAuthConfig {
  const raw = object(body, 'OAuth configuration');
  return Object.fromEntries(OAUTH_FIELDS.map((field) => [field, text(raw, field)])) as unknown as AppOAuthConfig;
}

export async function getAppOAuthConfig(client: InfobipClient, signal?: AbortSignal): Promise<AppOAuthConfig> {
  const { config } = client;
  return client.call(`${config.portalApiUrl}/exchange/1/apps/${encodeURIComponent(config.appId)}/oauth`, signal ? { signal } : {}, true, parseAppOAuthConfig);
}
