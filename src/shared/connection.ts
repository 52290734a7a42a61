/**
 * External connections: a named API outside Infobip (base URL, one sign-in method, its credentials),
 * set up by an admin on the settings page and used from the card. The app server keeps the records,
 * secrets sealed in its database; the page sees them without secrets, and config.json holds only the
 * non-secret defaults.
 */

export type ConnectionKind = 'mico' | 'fujitsu-api-key' | 'fujitsu-oauth' | 'fujitsu-legacy';

interface Common {
  id: string;
  /** The admin's name for it, used in every message about it. */
  name: string;
  /** Origin plus optional path prefix, without a trailing slash. */
  baseUrl: string;
  /** A GET path under baseUrl that "Test connection" and "Run probe" call. */
  probePath: string;
}

/** Mico Voice AI: OAuth 2.0 client credentials, secret in the form body, `Authorization: Bearer`. */
export interface MicoConnection extends Common {
  kind: 'mico';
  clientId: string;
  clientSecret: string;
  /** Space separated; empty sends no `scope`. */
  scope: string;
  tokenPath: string;
  /** Contains `{uid}`. */
  callPath: string;
}

/** Fujitsu with API keys: `X-Api-Key`, the Secondary after the Primary is refused. */
export interface FujitsuApiKeyConnection extends Common {
  kind: 'fujitsu-api-key';
  primaryKey: string;
  secondaryKey: string;
}

/**
 * How the client ID and secret are put into HTTP Basic: `form` = form-urlencoded first, as RFC 6749
 * §2.3.1 says (oauth4webapi's ClientSecretBasic); `plain` = as typed, as Fujitsu's API reference page
 * (Swagger's Authorize dialog) sends them. They differ only for characters outside A–Z a–z 0–9.
 */
export type BasicEncoding = 'form' | 'plain';

/** Fujitsu OAuth 2.0: client credentials with HTTP Basic, `X-Access-Token`. */
export interface FujitsuOAuthConnection extends Common {
  kind: 'fujitsu-oauth';
  clientId: string;
  clientSecret: string;
  tokenPath: string;
  basicEncoding: BasicEncoding;
}

/** Fujitsu legacy tokens: JSON client credentials, a refresh token for PATCH, `X-Access-Token`. */
export interface FujitsuLegacyConnection extends Common {
  kind: 'fujitsu-legacy';
  clientId: string;
  clientSecret: string;
  tokenPath: string;
}

export type Connection = MicoConnection | FujitsuApiKeyConnection | FujitsuOAuthConnection | FujitsuLegacyConnection;
