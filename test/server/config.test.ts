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
      outbound: { allowInsecure: false, hosts: [], ports: [443] },
    });
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
    ['ALLOW_INSECURE_CONNECTIONS', { ALLOW_INSECURE_CONNECTIONS: 'yes' }, /^ALLOW_INSECURE_CONNECTIONS must be 1 \(development only\) or 0, not "yes"$/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mcio=api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries .* not "mcio=api.micovoice.com"$/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=API.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=https://api.micovoice.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_HOSTS', { CONNECTION_HOSTS: 'mico=api.*.com' }, /^CONNECTION_HOSTS must list kind=host entries/],
    ['CONNECTION_PORTS', { CONNECTION_PORTS: '443,0' }, /^CONNECTION_PORTS must list port numbers like 443,8443, not "0"$/],
  ])('a bad %s stops start-up with one line naming it', (_name, overrides, message) => {
    expect(failure({ ...VALID, ...overrides })).toMatch(message);
  });
});
