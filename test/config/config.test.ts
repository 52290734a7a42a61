import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/config';

const page = new URL('https://cdn.example.com/apps/card-v3/card.html?state=abc');
const minimal = { clientId: '0123456789abcdef0123456789ABCDEF', appId: 'app-1' };

function failure(raw: unknown): ConfigError {
  try {
    parseConfig(raw, page);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config.json', () => {
  it('fills every default the contract lists', () => {
    expect(parseConfig(minimal, page)).toEqual({
      clientId: minimal.clientId,
      appId: 'app-1',
      scope: 'conversations',
      authorizeUrl: 'https://oneapi.infobip.com/exchange/1/oauth/authorize',
      tokenUrl: 'https://oneapi.infobip.com/exchange/1/oauth/token',
      portalApiUrl: 'https://portal.infobip.com/api/amg',
      apiBaseUrl: undefined,
      serverUrl: undefined,
      redirectUri: 'https://cdn.example.com/apps/card-v3/callback.html',
      tokenLifetimeSeconds: 60,
      hostOrigins: ['https://portal.infobip.com'],
      connections: [],
    });
  });

  it('keeps what the operator set, trimming a trailing slash from base URLs', () => {
    const config = parseConfig(
      { ...minimal, scope: 'conversations sms:message:send', apiBaseUrl: 'https://xyz.api.infobip.com/', tokenLifetimeSeconds: 3600 },
      page,
    );
    expect(config.scope).toBe('conversations sms:message:send');
    expect(config.apiBaseUrl).toBe('https://xyz.api.infobip.com');
    expect(config.tokenLifetimeSeconds).toBe(3600);
  });

  it('names the app server by serverUrl, an https base URL like the others', () => {
    expect(parseConfig({ ...minimal, serverUrl: 'https://app-server.example.com/' }, page).serverUrl).toBe('https://app-server.example.com');
    expect(parseConfig(minimal, page).serverUrl).toBeUndefined();
  });

  it.each([
    [{ appId: 'a' }, 'clientId', 'is missing'],
    [{ ...minimal, clientId: 'not-hex' }, 'clientId', '32 hexadecimal'],
    [{ clientId: minimal.clientId }, 'appId', 'is missing'],
    [{ ...minimal, appId: '' }, 'appId', 'non-empty'],
    [{ ...minimal, tokenUrl: 'not a url at all:' }, 'tokenUrl', 'not a URL'],
    [{ ...minimal, authorizeUrl: 'http://evil.example/authorize' }, 'authorizeUrl', 'https'],
    [{ ...minimal, apiBaseUrl: 42 }, 'apiBaseUrl', 'non-empty string'],
    [{ ...minimal, serverUrl: 'http://app-server.example.com' }, 'serverUrl', 'https'],
    [{ ...minimal, hostOrigins: ['https://portal.infobip.com/path'] }, 'hostOrigins', 'origins'],
    [{ ...minimal, hostOrigins: [] }, 'hostOrigins', 'non-empty'],
    [{ ...minimal, tokenLifetimeSeconds: -5 }, 'tokenLifetimeSeconds', 'whole number'],
    [{ ...minimal, connections: [{ id: 'mico', kind: 'mico', clientSecret: 's' }] }, 'connections[0].clientSecret', 'secret'],
    [{ ...minimal, tokenUrl: 'https://user:pw@oneapi.infobip.com/exchange/1/oauth/token' }, 'tokenUrl', 'without user, password'],
    [{ ...minimal, apiBaseUrl: 'https://user@xyz.api.infobip.com' }, 'apiBaseUrl', 'without user, password'],
    [{ ...minimal, redirectUri: 'callback.html#x' }, 'redirectUri', 'fragment'],
    [{ ...minimal, apiBaseUrl: 'https://xyz.api.infobip.com/?a=1' }, 'apiBaseUrl', 'or query'],
    [{ ...minimal, portalApiUrl: 'https://portal.infobip.com/api/amg#top' }, 'portalApiUrl', 'fragment'],
    [{ ...minimal, serverUrl: 'https://app.example.com/?tenant=1' }, 'serverUrl', 'or query'],
    [{ ...minimal, serverUrl: 'http://app.example.com' }, 'serverUrl', 'https'],
    [{ ...minimal, hostOrigins: ['http://portal.infobip.com'] }, 'hostOrigins', 'https origins'],
  ])('names the field that is wrong: %j', (raw, field, words) => {
    const error = failure(raw);
    expect(error.field).toBe(field);
    expect(error.message).toContain('config.json');
    expect(error.message).toContain(field);
    expect(error.message).toContain(words);
  });

  it('refuses a config.json that is not an object', () => {
    expect(failure([1, 2]).message).toBe('config.json: must be a JSON object');
  });

  it('allows plain http only for a server on this machine', () => {
    const config = parseConfig(
      { ...minimal, tokenUrl: 'http://localhost:5174/exchange/1/oauth/token', hostOrigins: ['http://127.0.0.1:5175'], serverUrl: 'http://localhost:8787/' },
      page,
    );
    expect(config.tokenUrl).toBe('http://localhost:5174/exchange/1/oauth/token');
    expect(config.hostOrigins).toEqual(['http://127.0.0.1:5175']);
    expect(config.serverUrl).toBe('http://localhost:8787');
  });

  it('reports a missing file and broken JSON by the file name', async () => {
    const answer =
      (body: string, status = 200) =>
      async () =>
        new Response(body, { status });
    await expect(loadConfig(page, answer('', 404))).rejects.toThrow('config.json: could not be loaded (HTTP 404)');
    await expect(loadConfig(page, answer('{"clientId": '))).rejects.toThrow('config.json: is not valid JSON');
    await expect(loadConfig(page, async () => Promise.reject(new TypeError('offline')))).rejects.toThrow('network error');
  });

  it('reads config.json beside the page, whatever the sub-path', async () => {
    let asked = '';
    await loadConfig(page, async (input) => {
      asked = String(input);
      return new Response(JSON.stringify(minimal));
    });
    expect(asked).toBe('https://cdn.example.com/apps/card-v3/config.json');
  });
});
