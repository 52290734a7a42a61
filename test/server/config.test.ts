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
      databasePoolMax: 10,
      connectionDeadlineMs: 10_000,
    });
    expect(readServerConfig({ ...VALID, DATABASE_POOL_MAX: '4', CONNECTION_DEADLINE_MS: '2500' })).toMatchObject({
      databasePoolMax: 4,
      connectionDeadlineMs: 2500,
    });
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
    ['DATABASE_POOL_MAX', { DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "0"$/],
    ['CONNECTION_DEADLINE_MS', { CONNECTION_DEADLINE_MS: '10s' }, /^CONNECTION_DEADLINE_MS must be a whole number from 100 to 120000, not "10s"$/],
  ])('a bad %s stops start-up with one line naming it', (_name, overrides, message) => {
    expect(failure({ ...VALID, ...overrides })).toMatch(message);
  });
});
