/** Reads and validates `config.json`, the operator's runtime configuration (CONTRACT §2). */

export interface ConnectionDefaults {
  id: string;
  kind: string;
  name?: string;
  baseUrl?: string;
  clientId?: string;
  [field: string]: unknown;
}

export interface Config {
  clientId: string;
  appId: string;
  scope: string;
  authorizeUrl: string;
  tokenUrl: string;
  portalApiUrl: string;
  apiBaseUrl: string | undefined;
  redirectUri: string;
  tokenLifetimeSeconds: number;
  hostOrigins: string[];
  connections: ConnectionDefaults[];
}

export const CONFIG_FILE = 'config.json';

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(field ? `${CONFIG_FILE}: "${field}" ${reason}` : `${CONFIG_FILE}: ${reason}`);
  }
}

type Raw = Record<string, unknown>;

function text(raw: Raw, field: string, fallback?: string): string {
  const value = raw[field];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(field, value === undefined ? 'is missing' : 'must be a non-empty string');
  }
  return value.trim();
}

/** Absolute URLs only, except where a `base` is given (the redirect URI may be relative to the page). */
function url(raw: Raw, field: string, base?: URL, fallback?: string): string {
  const value = text(raw, field, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    throw new ConfigError(field, `is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed))) {
    throw new ConfigError(field, `must be an https URL: ${value}`);
  }
  return parsed.href;
}

/** Plain http is only acceptable for a server on this machine (the local sandbox). */
export function isLoopback(u: URL): boolean {
  return u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
}

function optionalUrl(raw: Raw, field: string): string | undefined {
  return raw[field] === undefined ? undefined : url(raw, field).replace(/\/+$/, '');
}

function origins(raw: Raw): string[] {
  const value = raw.hostOrigins ?? ['https://portal.infobip.com'];
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError('hostOrigins', 'must be a non-empty list of origins');
  }
  return value.map((item) => {
    let parsed: URL | undefined;
    try {
      parsed = typeof item === 'string' ? new URL(item) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin === 'null' || parsed.origin !== item.replace(/\/$/, '')) {
      throw new ConfigError('hostOrigins', `must list origins like https://portal.infobip.com, not ${JSON.stringify(item)}`);
    }
    return parsed.origin;
  });
}

function lifetime(raw: Raw): number {
  const value = raw.tokenLifetimeSeconds ?? 60;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 10 || value > 86_400) {
    throw new ConfigError('tokenLifetimeSeconds', 'must be a whole number of seconds from 10 to 86400');
  }
  return value;
}

function connections(raw: Raw): ConnectionDefaults[] {
  const value = raw.connections ?? [];
  if (!Array.isArray(value)) throw new ConfigError('connections', 'must be a list');
  return value.map((item, index) => {
    if (typeof item !== 'object' || item === null || typeof item.id !== 'string' || typeof item.kind !== 'string') {
      throw new ConfigError(`connections[${index}]`, 'must be an object with an "id" and a "kind"');
    }
    for (const secret of ['clientSecret', 'apiKey', 'primaryKey', 'secondaryKey', 'secret']) {
      if (secret in item) throw new ConfigError(`connections[${index}].${secret}`, 'is a secret: type it on the settings page, never in config.json');
    }
    return item as ConnectionDefaults;
  });
}

/** Validates parsed `config.json` against the contract; `pageUrl` resolves relative URLs. */
export function parseConfig(raw: unknown, pageUrl: URL): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(undefined, 'must be a JSON object');
  }
  const r = raw as Raw;
  const clientId = text(r, 'clientId');
  if (!/^[0-9a-f]{32}$/i.test(clientId)) throw new ConfigError('clientId', 'must be 32 hexadecimal characters');
  return {
    clientId,
    appId: text(r, 'appId'),
    scope: text(r, 'scope', 'conversations'),
    authorizeUrl: url(r, 'authorizeUrl', undefined, 'https://oneapi.infobip.com/exchange/1/oauth/authorize'),
    tokenUrl: url(r, 'tokenUrl', undefined, 'https://oneapi.infobip.com/exchange/1/oauth/token'),
    portalApiUrl: url(r, 'portalApiUrl', undefined, 'https://portal.infobip.com/api/amg').replace(/\/+$/, ''),
    apiBaseUrl: optionalUrl(r, 'apiBaseUrl'),
    redirectUri: url(r, 'redirectUri', pageUrl, new URL('callback.html', pageUrl).href),
    tokenLifetimeSeconds: lifetime(r),
    hostOrigins: origins(r),
    connections: connections(r),
  };
}

/** Fetches `config.json` beside the page. Any failure is a ConfigError naming the file. */
export async function loadConfig(pageUrl: URL, fetchImpl: typeof fetch = fetch): Promise<Config> {
  const configUrl = new URL(CONFIG_FILE, pageUrl);
  let response: Response;
  try {
    response = await fetchImpl(configUrl, { cache: 'no-cache', credentials: 'omit' });
  } catch {
    throw new ConfigError(undefined, 'could not be loaded (network error)');
  }
  if (!response.ok) throw new ConfigError(undefined, `could not be loaded (HTTP ${response.status})`);
  let raw: unknown;
  try {
    raw = JSON.parse(await response.text());
  } catch {
    throw new ConfigError(undefined, 'is not valid JSON');
  }
  return parseConfig(raw, pageUrl);
}
