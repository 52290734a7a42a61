/** Reads and validates `config.json`, the operator's runtime configuration. */
import { isSecureUrl } from '../shared/secure-url';

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
  /** The app server (optional): where connections are set up and used when one is deployed. */
  serverUrl: string | undefined;
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
    reason: string,
  ) {
    super(`${CONFIG_FILE}: ${field ? `"${field}" ` : ''}${reason}`);
  }
}

type Raw = Record<string, unknown>;

const INFOBIP = 'https://oneapi.infobip.com/exchange/1/oauth/';
const SECRETS = ['clientSecret', 'apiKey', 'primaryKey', 'secondaryKey', 'secret'];

function text(raw: Raw, field: string, fallback?: string): string {
  const value = raw[field] ?? fallback;
  if (typeof value !== 'string' || !value.trim()) throw new ConfigError(field, value === undefined ? 'is missing' : 'must be a non-empty string');
  return value.trim();
}

/**
 * An https URL (http on loopback) without a fragment; only the redirect URI may be relative to the
 * page. A base URL that paths are appended to (`base`) has no query either, and loses a trailing slash.
 */
function url(raw: Raw, field: string, fallback?: string, page?: URL, base?: boolean): string {
  const value = text(raw, field, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value, page);
  } catch {
    throw new ConfigError(field, `is not a URL: ${value}`);
  }
  if (!isSecureUrl(parsed) || parsed.hash || (base && parsed.search))
    throw new ConfigError(field, `must be an https URL without user, password, fragment${base ? ' or query' : ''}: ${value}`);
  return base ? parsed.href.replace(/\/+$/, '') : parsed.href;
}

const baseUrl = (raw: Raw, field: string, fallback?: string) => url(raw, field, fallback, undefined, true);
const optionalBaseUrl = (raw: Raw, field: string) => (raw[field] === undefined ? undefined : baseUrl(raw, field));

function origins(value: unknown): string[] {
  if (!Array.isArray(value) || !value.length) throw new ConfigError('hostOrigins', 'must be a non-empty list of origins');
  return value.map((item) => {
    const u = URL.canParse(item) ? new URL(item) : undefined;
    if (!u || !isSecureUrl(u) || u.origin !== String(item).replace(/\/$/, ''))
      throw new ConfigError('hostOrigins', `must list https origins like https://portal.infobip.com, not ${JSON.stringify(item)}`);
    return u.origin;
  });
}

function lifetime(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 10 || (value as number) > 86_400)
    throw new ConfigError('tokenLifetimeSeconds', 'must be a whole number of seconds from 10 to 86400');
  return value as number;
}

function connections(value: unknown): ConnectionDefaults[] {
  if (!Array.isArray(value)) throw new ConfigError('connections', 'must be a list');
  return value.map((item: Raw, index) => {
    if (typeof item?.id !== 'string' || typeof item.kind !== 'string')
      throw new ConfigError(`connections[${index}]`, 'must be an object with an "id" and a "kind"');
    const secret = SECRETS.find((name) => name in item);
    if (secret) throw new ConfigError(`connections[${index}].${secret}`, 'is a secret: type it on the settings page, never in config.json');
    return item as ConnectionDefaults;
  });
}

/** Validates parsed `config.json` against the contract; `pageUrl` resolves the redirect URI. */
export function parseConfig(raw: unknown, pageUrl: URL): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(undefined, 'must be a JSON object');
  const r = raw as Raw;
  const clientId = text(r, 'clientId');
  if (!/^[0-9a-f]{32}$/i.test(clientId)) throw new ConfigError('clientId', 'must be 32 hexadecimal characters');
  return {
    clientId,
    appId: text(r, 'appId'),
    scope: text(r, 'scope', 'conversations'),
    authorizeUrl: url(r, 'authorizeUrl', `${INFOBIP}authorize`),
    tokenUrl: url(r, 'tokenUrl', `${INFOBIP}token`),
    portalApiUrl: baseUrl(r, 'portalApiUrl', 'https://portal.infobip.com/api/amg'),
    apiBaseUrl: optionalBaseUrl(r, 'apiBaseUrl'),
    serverUrl: optionalBaseUrl(r, 'serverUrl'),
    redirectUri: url(r, 'redirectUri', 'callback.html', pageUrl),
    tokenLifetimeSeconds: lifetime(r.tokenLifetimeSeconds ?? 60),
    hostOrigins: origins(r.hostOrigins ?? ['https://portal.infobip.com']),
    connections: connections(r.connections ?? []),
  };
}

/**
 * Fetches `config.json` beside the page. Any failure is a ConfigError naming the file. The request is
 * the one the pages' `<link rel="preload" as="fetch" crossorigin>` makes (default mode, credentials and
 * cache), so it takes that download instead of starting a second: the host revalidates the file.
 */
export async function loadConfig(pageUrl: URL, fetchImpl: typeof fetch = fetch): Promise<Config> {
  let raw: unknown;
  const response = await fetchImpl(new URL(CONFIG_FILE, pageUrl)).catch(() => {
    throw new ConfigError(undefined, 'could not be loaded (network error)');
  });
  if (!response.ok) throw new ConfigError(undefined, `could not be loaded (HTTP ${response.status})`);
  try {
    raw = JSON.parse(await response.text());
  } catch {
    throw new ConfigError(undefined, 'is not valid JSON');
  }
  return parseConfig(raw, pageUrl);
}
