import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../src/server/config';

const VALID = {
  APP_ORIGINS: 'https://apps.example.com',
  SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
  INFOBIP_CLIENT_ID: '0123456789abcdef0123456789abcdef',
  INFOBIP_APP_ID: 'app-1',
};

const failure = (env: Record<string, string | undefined>) => {
  try {
    readServerConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return 'started';
};

describe('server configuration from the environment', () => {
  it('starts with the required variables and the documented defaults', () => {
    const config = readServerConfig(VALID);
    expect(config).toMatchObject({
      port: 8787,
      databaseUrl: undefined,
      dataDir: './data',
      appOrigins: ['https://apps.example.com'],
      tokenUrl: 'https://oneapi.infobip.com/exchange/1/oauth/token',
      portalApiUrl: 'https://portal.infobip.com/api/amg',
      clientSecret: undefined,
      redirectUris: ['https://apps.example.com/callback.html'],
      trustProxy: false,
      tokenLifetimeSeconds: 60,
      sessionMaxMs: 12 * 3600_000,
      rateLimit: { user: 60, account: 600, admin: 60, address: 300, signIn: 3000 },
      auditRetentionDays: 90,
      databasePoolMax: 10,
      connectionDeadlineMs: 10_000,
      outbound: { allowInsecure: false, hosts: [], ports: [443] },
    });
    expect(readServerConfig({ ...VALID, DATABASE_POOL_MAX: '4', CONNECTION_DEADLINE_MS: '2500' })).toMatchObject({
      databasePoolMax: 4,
      connectionDeadlineMs: 2500,
    });
    expect(readServerConfig({ ...VALID, AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
  });

  it('takes the exact redirect_uris an app under a folder uses, and one per origin by default', () => {
    expect(readServerConfig({ ...VALID, APP_ORIGINS: 'https://a.example,https://b.example' }).redirectUris).toEqual([
      'https://a.example/callback.html',
      'https://b.example/callback.html',
    ]);
    expect(readServerConfig({ ...VALID, REDIRECT_URIS: 'https://a.example/card/callback.html, https://b.example/x/callback.html' }).redirectUris).toEqual([
      'https://a.example/card/callback.html',
      'https://b.example/x/callback.html',
    ]);
  });

  it('reads where connections may go: the development switch, the hosts per kind, the ports', () => {
    const config = readServerConfig({
      ...VALID,
      ALLOW_INSECURE_CONNECTIONS: '1',
      CONNECTION_HOSTS: ' mico=api.micovoice.com, fujitsu-*=*.fujitsu.com,*=api.example.net ',
      CONNECTION_PORTS: '443,8443',
    });
    expect(config.outbound).toEqual({
      allowInsecure: true,
      hosts: [
        { kind: 'mico', host: 'api.micovoice.com' },
        { kind: 'fujitsu-*', host: '*.fujitsu.com' },
        { kind: '*', host: 'api.example.net' },
      ],
      ports: [443, 8443],
    });
    expect(readServerConfig({ ...VALID, ALLOW_INSECURE_CONNECTIONS: '0' }).outbound.allowInsecure).toBe(false);
  });

  it.each([
    ['SECRETS_KEY', { SECRETS_KEY: undefined }, /^SECRETS_KEY is missing$/],
    ['SECRETS_KEY', { SECRETS_KEY: Buffer.alloc(16).toString('base64') }, /^SECRETS_KEY must be the base64 of 32 random bytes/],
    ['APP_ORIGINS', { APP_ORIGINS: 'https://apps.example.com/card/' }, /^APP_ORIGINS must list origins/],
    ['APP_ORIGINS', { APP_ORIGINS: undefined }, /^APP_ORIGINS is missing$/],
    ['INFOBIP_CLIENT_ID', { INFOBIP_CLIENT_ID: 'nope' }, /^INFOBIP_CLIENT_ID must be 32 hexadecimal characters$/],
    ['INFOBIP_APP_ID', { INFOBIP_APP_ID: ' ' }, /^INFOBIP_APP_ID is missing$/],
    ['PORT', { PORT: '80a' }, /^PORT must be a whole number/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres:\/\//],
    ['INFOBIP_TOKEN_URL', { INFOBIP_TOKEN_URL: 'http://infobip.example/token' }, /^INFOBIP_TOKEN_URL must be an https URL/],
    ['REDIRECT_URIS', { REDIRECT_URIS: 'callback.html' }, /^REDIRECT_URIS must list absolute URLs/],
    ['REDIRECT_URIS', { REDIRECT_URIS: 'https://a.example/cb.html#x' }, /^REDIRECT_URIS must list absolute URLs/],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be 1 \(on\) or 0 \(off\)/],
    ['SESSION_MAX_HOURS', { SESSION_MAX_HOURS: '0' }, /^SESSION_MAX_HOURS must be a whole number from 1 to 720/],
    ['INFOBIP_TOKEN_LIFETIME_SECONDS', { INFOBIP_TOKEN_LIFETIME_SECONDS: '5' }, /^INFOBIP_TOKEN_LIFETIME_SECONDS must be a whole number from 10/],
    ['RATE_LIMIT_ADMIN', { RATE_LIMIT_ADMIN: '-1' }, /^RATE_LIMIT_ADMIN must be a whole number/],
    ['DATABASE_POOL_MAX', { DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "0"$/],
    ['CONNECTION_DEADLINE_MS', { CONNECTION_DEADLINE_MS: '10s' }, /^CONNECTION_DEADLINE_MS must be a whole number from 100 to 120000, not "10s"$/],
    ['ALLOW_INSECURE_CONNECTIONS', { ALLOW_INSECURE_CONNECTIONS: 'yes' }, /^ALLOW_INSECURE_CONNECTIONS must be 1 \(development only\) or 0, not "yes"$/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mcio=api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries .* not "mcio=api.micovoice.com"$/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=API.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=https://api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=api.*.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_PORTS', { CONNECTION_PORTS: '443,0' }, /^CONNECTION_PORTS must list port numbers like 443,8443, not "0"$/],
    ['AUDIT_RETENTION_DAYS', { AUDIT_RETENTION_DAYS: '0' }, /^AUDIT_RETENTION_DAYS must be a whole number from 1 to 36500/],
  ])('a bad %s stops start-up with one line naming it', (_name, overrides, message) => {
    expect(failure({ ...VALID, ...overrides })).toMatch(message);
  });
});
