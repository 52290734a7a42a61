/**
 * The server's configuration, read from the environment only. Anything missing or malformed stops
 * start-up with one line that names the variable.
 */
import { KINDS } from '../shared/connection-fields';
import { isLoopback } from '../shared/secure-url';

export interface ServerConfig {
  port: number;
  /** `postgres://…`; without it, embedded storage in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  appOrigins: string[];
  /** The current key (32 bytes) that seals stored secrets, and older ones still able to open them. */
  secretsKey: Uint8Array<ArrayBuffer>;
  previousSecretsKeys: Uint8Array<ArrayBuffer>[];
  clientId: string;
  appId: string;
  tokenUrl: string;
  portalApiUrl: string;
  clientSecret: string | undefined;
  /** Infobip role names whose holders may change the account's connections, besides those the portal lets read the app. */
  adminRoles: string[];
  /** The exact `redirect_uri`s the server exchanges codes for; any other is refused before Infobip is asked. */
  redirectUris: string[];
  /** A proxy in front sets the client's address: read it from X-Forwarded-For's last entry. */
  trustProxy: boolean;
  /** Infobip's token lifetime when its answer names none: config.json's `tokenLifetimeSeconds`. */
  tokenLifetimeSeconds: number;
  /** How long a session may live from its sign-in, however often it is refreshed, in ms. */
  sessionMaxMs: number;
  /**
   * Requests per minute: per user on the agent endpoints, per account on connection actions, per user
   * on the admin endpoints (a budget of their own), per client address and in total on sign-in and refresh.
   */
  rateLimit: { user: number; account: number; admin: number; address: number; signIn: number };
  /** Connections of the PostgreSQL pool, per instance. */
  databasePoolMax: number;
  /** The longest one connection call takes (its token, request and retries), and one renewal of its token. */
  connectionDeadlineMs: number;
  /** Where connections may send requests: outbound.ts applies it. */
  outbound: OutboundConfig;
  /** Days an audit entry is kept. */
  auditRetentionDays: number;
}

/** One entry of CONNECTION_HOSTS: connections of `kind` (a kind, a prefix ending in `*`, or `*`) may call `host` (a name, or `*.` and a domain). */
export interface HostRule {
  kind: string;
  host: string;
}

export interface OutboundConfig {
  /** ALLOW_INSECURE_CONNECTIONS=1, for development and tests: plain http, any port, loopback and private addresses. */
  allowInsecure: boolean;
  /** CONNECTION_HOSTS; empty: any public host. */
  hosts: HostRule[];
  /** CONNECTION_PORTS: the https ports connections may use. */
  ports: number[];
}

export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

const INFOBIP = 'https://oneapi.infobip.com/exchange/1/oauth/';

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ServerConfigError(name, 'is missing');
  return value;
}

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new ServerConfigError(name, `must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return value;
}

/** https, or http on this machine (the local sandbox), as config.json's URLs. */
function httpsUrl(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))))
    throw new ServerConfigError(name, `must be an https URL, not ${JSON.stringify(raw)}`);
  return url.href.replace(/\/+$/, '');
}

function key(name: string, raw: string): Uint8Array<ArrayBuffer> {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) throw new ServerConfigError(name, 'must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)');
  return new Uint8Array(bytes);
}

function origins(env: Env): string[] {
  return required(env, 'APP_ORIGINS')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const origin = URL.canParse(item) ? new URL(item).origin : 'null';
      if (origin === 'null' || origin !== item.replace(/\/$/, ''))
        throw new ServerConfigError('APP_ORIGINS', `must list origins like https://apps.example.com, not ${JSON.stringify(item)}`);
      return origin;
    });
}

/** Exact URIs, compared as strings: what the page sends is what Infobip compares with the registered one. */
function redirectUris(env: Env, appOrigins: string[]): string[] {
  const raw = optional(env, 'REDIRECT_URIS');
  if (raw === undefined) return appOrigins.map((origin) => `${origin}/callback.html`);
  const uris = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const uri of uris) {
    const url = URL.canParse(uri) ? new URL(uri) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.href !== uri || url.hash !== '')
      throw new ServerConfigError('REDIRECT_URIS', `must list absolute URLs like https://apps.example.com/card/callback.html, not ${JSON.stringify(uri)}`);
  }
  if (uris.length === 0) throw new ServerConfigError('REDIRECT_URIS', 'lists no URL');
  return uris;
}

function flag(env: Env, name: string): boolean {
  const raw = optional(env, name);
  if (raw !== undefined && raw !== '0' && raw !== '1') throw new ServerConfigError(name, `must be 1 (on) or 0 (off), not ${JSON.stringify(raw)}`);
  return raw === '1';
}

/** `kind=host` entries; a kind pattern that matches no kind, or a host URL would write otherwise, is a typo that would refuse every connection. */
function hostRules(env: Env): HostRule[] {
  return list(env, 'CONNECTION_HOSTS').map((item) => {
    const [kind = '', host = '', extra] = item.split('=').map((part) => part.trim());
    const name = host.replace(/^\*\./, '');
    const canonical = URL.canParse(`https://${name}/`) && new URL(`https://${name}/`).hostname === name && !name.includes('*');
    const kinds = kind.endsWith('*') ? KINDS.filter((k) => k.startsWith(kind.slice(0, -1))) : KINDS.filter((k) => k === kind);
    if (extra !== undefined || kinds.length === 0 || !canonical)
      throw new ServerConfigError(
        'CONNECTION_HOSTS',
        `must list kind=host entries like mico=api.micovoice.com,fujitsu-*=*.fujitsu.com (kinds: ${KINDS.join(', ')}; hosts in lower case), not ${JSON.stringify(item)}`,
      );
    return { kind, host };
  });
}

function list(env: Env, name: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function outbound(env: Env): OutboundConfig {
  const insecure = optional(env, 'ALLOW_INSECURE_CONNECTIONS') ?? '0';
  if (insecure !== '0' && insecure !== '1')
    throw new ServerConfigError('ALLOW_INSECURE_CONNECTIONS', `must be 1 (development only) or 0, not ${JSON.stringify(insecure)}`);
  const ports = list(env, 'CONNECTION_PORTS').map((item) => {
    if (!/^\d{1,5}$/.test(item) || Number(item) < 1 || Number(item) > 65535)
      throw new ServerConfigError('CONNECTION_PORTS', `must list port numbers like 443,8443, not ${JSON.stringify(item)}`);
    return Number(item);
  });
  return { allowInsecure: insecure === '1', hosts: hostRules(env), ports: ports.length > 0 ? ports : [443] };
}

export function readServerConfig(env: Env): ServerConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ServerConfigError('DATABASE_URL', 'must start with postgres://');
  const clientId = required(env, 'INFOBIP_CLIENT_ID');
  if (!/^[0-9a-f]{32}$/i.test(clientId)) throw new ServerConfigError('INFOBIP_CLIENT_ID', 'must be 32 hexadecimal characters');
  const appOrigins = origins(env);
  if (appOrigins.length === 0) throw new ServerConfigError('APP_ORIGINS', 'is missing');
  return {
    port: whole(env, 'PORT', 8787, 0, 65535),
    databaseUrl,
    dataDir: optional(env, 'DATA_DIR') ?? './data',
    appOrigins,
    secretsKey: key('SECRETS_KEY', required(env, 'SECRETS_KEY')),
    previousSecretsKeys: (optional(env, 'SECRETS_KEY_PREVIOUS') ?? '')
      .split(',')
      .filter((item) => item.trim() !== '')
      .map((item) => key('SECRETS_KEY_PREVIOUS', item.trim())),
    clientId,
    appId: required(env, 'INFOBIP_APP_ID'),
    tokenUrl: httpsUrl(env, 'INFOBIP_TOKEN_URL', `${INFOBIP}token`),
    portalApiUrl: httpsUrl(env, 'INFOBIP_PORTAL_API_URL', 'https://portal.infobip.com/api/amg'),
    clientSecret: optional(env, 'INFOBIP_CLIENT_SECRET'),
    adminRoles: (optional(env, 'ADMIN_ROLES') ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== ''),
    redirectUris: redirectUris(env, appOrigins),
    trustProxy: flag(env, 'TRUST_PROXY'),
    tokenLifetimeSeconds: whole(env, 'INFOBIP_TOKEN_LIFETIME_SECONDS', 60, 10, 86_400),
    sessionMaxMs: whole(env, 'SESSION_MAX_HOURS', 12, 1, 720) * 3600_000,
    rateLimit: {
      // The contract's name from when limits counted per session: it now counts per user.
      user: whole(env, 'RATE_LIMIT_SESSION', 60, 1, 100_000),
      account: whole(env, 'RATE_LIMIT_ACCOUNT', 600, 1, 1_000_000),
      admin: whole(env, 'RATE_LIMIT_ADMIN', 60, 1, 100_000),
      address: whole(env, 'RATE_LIMIT_ADDRESS', 300, 1, 1_000_000),
      signIn: whole(env, 'RATE_LIMIT_SIGN_IN', 3000, 1, 10_000_000),
    },
    databasePoolMax: whole(env, 'DATABASE_POOL_MAX', 10, 1, 1_000),
    connectionDeadlineMs: whole(env, 'CONNECTION_DEADLINE_MS', 10_000, 100, 120_000),
    outbound: outbound(env),
    auditRetentionDays: whole(env, 'AUDIT_RETENTION_DAYS', 90, 1, 36_500),
  };
}
