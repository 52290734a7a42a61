// @ts-check
/**
 * The Fujitsu AI platform sandbox, mounted on the Infobip sandbox (normally at `/fujitsu`), so it
 * shares that server's request log, CORS, faults, delays and clock (`advanceClock`). It plays the three
 * documented sign-in methods strictly:
 *
 *   POST  /auth/v2/tokens   OAuth 2.0 client credentials: HTTP Basic id:secret, form body
 *                           `grant_type=client_credentials` → `{ access_token, token_type, expires_in }`
 *   POST  /auth/v1/tokens   legacy: JSON `{ clientId, clientSecret }` → access token + refresh token
 *   PATCH /auth/v1/tokens   legacy: JSON with the refresh token → a new access token
 *   GET   /v1/health        a protected resource (the probe): `X-Api-Key` or `X-Access-Token`
 *   POST  /v1/text/summarize  the stand-in's own text endpoint, for the "Summarise" action (same
 *                           credentials): JSON `{ messages: string[], channel?: string }` →
 *                           `{ summary }`, made from the messages sent, so a test can tell it did
 *
 * Where the document is vague, a behaviour switch picks the reading: whether the v2 answer carries
 * `token_type`, whether Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1) or
 * not, the legacy answer's field names, and whether PATCH rotates the refresh token.
 * Errors of the API gateway look like Azure API Management's (`{ statusCode, message }`), of v2 like
 * OAuth (`{ error, error_description }`), of v1 like `{ code, message }`: each has the server's words
 * where the app's error reader finds them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mediaType, sendJson } from './http.js';

/** @typedef {import('./infobip.js').Handler} Handler */
/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * @typedef {object} FujitsuBehaviour
 * @property {number} accessLifetimeSeconds access tokens of both OAuth methods (documented: 1 hour)
 * @property {number} refreshLifetimeSeconds legacy refresh tokens (documented: 1 day)
 * @property {boolean} v2TokenType whether the v2 answer carries `token_type` (the document shows only `access_token`)
 * @property {'form' | 'plain'} basic how Basic credentials are read: form-urldecoded after base64 (RFC 6749), or as is
 * @property {'camel' | 'snake' | 'unknown'} legacyFields the v1 answer's field names (and the PATCH body's)
 * @property {boolean} rotateRefresh whether PATCH also answers a new refresh token
 */

/** @returns {FujitsuBehaviour} */
export function defaultFujitsuBehaviour() {
  return {
    accessLifetimeSeconds: 3600,
    refreshLifetimeSeconds: 86_400,
    v2TokenType: true,
    basic: 'form',
    legacyFields: 'camel',
    rotateRefresh: false,
  };
}

const CHOICES = /** @type {Record<string, readonly unknown[]>} */ ({
  v2TokenType: [true, false],
  basic: ['form', 'plain'],
  legacyFields: ['camel', 'snake', 'unknown'],
  rotateRefresh: [true, false],
});

/** @typedef {{ expiresAt: number, revoked: boolean }} Lifetime */
/** @typedef {'primary' | 'secondary'} KeyName */

const secret = () => randomBytes(24).toString('base64');
const apiKey = () => randomBytes(16).toString('hex');
const opaque = () => randomBytes(32).toString('base64url');

/** Form-urldecoding, as RFC 6749 §2.3.1 asks of Basic client credentials. */
const formDecode = (/** @type {string} */ s) => decodeURIComponent(s.replace(/\+/g, ' '));

/**
 * The client of an `Authorization: Basic` header, read as the `basic` switch says; undefined when the
 * header is missing or malformed.
 * @param {string | undefined} header
 * @param {'form' | 'plain'} mode
 */
export function readBasic(header, mode) {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const [id, pass] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  try {
    return mode === 'form' ? { id: formDecode(id), secret: formDecode(pass) } : { id, secret: pass };
  } catch {
    return undefined; // a malformed %-escape
  }
}

/** What /v1/text/summarize accepts: at most this many messages, each at most this long. */
export const SUMMARIZE_LIMITS = Object.freeze({ messages: 50, messageChars: 2000, channelChars: 64 });

/** A quoted message in a summary: its first 80 characters. @param {string} text */
const quote = (text) => `«${text.length > 80 ? `${text.slice(0, 79)}…` : text}»`;

/**
 * The summary /v1/text/summarize answers: how many messages, on which channel, the first and the
 * last, quoted. Deterministic, so a test can compare it with what was sent.
 * @param {string[]} messages @param {string} [channel]
 */
export function summaryOf(messages, channel) {
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`;
  const on = channel ? ` on ${channel}` : '';
  const first = messages[0] ?? '';
  const last = messages.at(-1) ?? '';
  return messages.length === 1
    ? `The conversation has ${count}${on}: ${quote(first)}.`
    : `The conversation has ${count}${on}. It began with ${quote(first)} and ended with ${quote(last)}.`;
}

/**
 * Why a body is not a summarize request, in the gateway's words; undefined when it is one.
 * @param {Record<string, unknown>} body
 * @returns {string | undefined}
 */
function summarizeProblem(body) {
  const extra = Object.keys(body).find((field) => field !== 'messages' && field !== 'channel');
  if (extra !== undefined) return `Unknown field "${extra}": only "messages" and "channel" are accepted.`;
  const { messages, channel } = body;
  const { messages: most, messageChars, channelChars } = SUMMARIZE_LIMITS;
  if (!Array.isArray(messages)) return '"messages" is required and must be an array of strings.';
  if (messages.length === 0 || messages.length > most) return `"messages" must hold 1 to ${most} messages; it holds ${messages.length}.`;
  const wrong = messages.findIndex((m) => typeof m !== 'string');
  if (wrong >= 0) return `"messages[${wrong}]" must be a string.`;
  const long = messages.findIndex((m) => m.length > messageChars);
  if (long >= 0) return `"messages[${long}]" is longer than ${messageChars} characters.`;
  if (channel !== undefined && (typeof channel !== 'string' || channel.length > channelChars))
    return `"channel" must be a string of at most ${channelChars} characters.`;
  return undefined;
}

/**
 * @param {{ clientId?: string, clientSecret?: string, primaryKey?: string, secondaryKey?: string }} [options]
 *   the client secret is random base64 by default, so it holds `+`, `/` or `=` most of the time
 */
export function createFujitsuSandbox({ clientId = randomUUID(), clientSecret = secret(), primaryKey = apiKey(), secondaryKey = apiKey() } = {}) {
  let behaviour = defaultFujitsuBehaviour();
  const initialKeys = { primary: primaryKey, secondary: secondaryKey };
  /** @type {Record<KeyName, { value: string, revoked: boolean }>} */
  let keys = { primary: { value: primaryKey, revoked: false }, secondary: { value: secondaryKey, revoked: false } };
  /** @type {Map<string, Lifetime>} */
  const accessTokens = new Map();
  /** @type {Map<string, Lifetime>} */
  const refreshTokens = new Map();
  /** Which key each `X-Api-Key` request used, and whether it was let in (a live array). */
  /** @type {{ key: KeyName | 'unknown', accepted: boolean }[]} */
  const keyUses = [];
  /** The bodies /v1/text/summarize accepted, in order (a live array). */
  /** @type {{ messages: string[], channel?: string }[]} */
  const summarized = [];

  /** @param {number} now */
  const mintAccess = (now) => {
    const token = opaque();
    accessTokens.set(token, { expiresAt: now + behaviour.accessLifetimeSeconds * 1000, revoked: false });
    return token;
  };
  /** @param {number} now */
  const mintRefresh = (now) => {
    const token = opaque();
    refreshTokens.set(token, { expiresAt: now + behaviour.refreshLifetimeSeconds * 1000, revoked: false });
    return token;
  };
  const alive = (/** @type {Lifetime | undefined} */ t, /** @type {number} */ now) => t !== undefined && !t.revoked && now < t.expiresAt;

  // ----- OAuth 2.0

  /** @param {Res} res @param {number} status @param {string} error @param {string} description */
  const oauthError = (res, status, error, description) => sendJson(res, status, { error, error_description: description });

  /** @type {Handler} */
  function tokensV2(req, res, ctx) {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return oauthError(res, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    }
    const params = new URLSearchParams(ctx.body);
    if (params.has('client_secret')) return oauthError(res, 400, 'invalid_request', 'Client credentials must be sent with HTTP Basic authentication.');
    const client = readBasic(req.headers.authorization, behaviour.basic);
    if (!client) {
      res.setHeader('WWW-Authenticate', 'Basic realm="aispf"');
      return oauthError(res, 401, 'invalid_client', 'HTTP Basic authentication is required.');
    }
    if (client.id !== clientId || client.secret !== clientSecret) return oauthError(res, 401, 'invalid_client', 'Client authentication failed.');
    const grant = params.get('grant_type');
    if (grant !== 'client_credentials') {
      return oauthError(res, 400, grant ? 'unsupported_grant_type' : 'invalid_request', grant ? `Unsupported grant_type: ${grant}` : 'grant_type is required.');
    }
    /** @type {Record<string, unknown>} */
    const answer = { access_token: mintAccess(ctx.now()), expires_in: behaviour.accessLifetimeSeconds };
    if (behaviour.v2TokenType) answer.token_type = 'Bearer';
    sendJson(res, 200, answer);
  }

  // ----- legacy

  /** @param {Res} res @param {number} status @param {string} code @param {string} message */
  const v1Error = (res, status, code, message) => sendJson(res, status, { code, message });

  /** The field names of the legacy answer and PATCH body, per the `legacyFields` switch. */
  const names = () =>
    ({
      camel: { access: 'accessToken', refresh: 'refreshToken', expires: 'expiresIn', refreshExpires: 'refreshTokenExpiresIn' },
      snake: { access: 'access_token', refresh: 'refresh_token', expires: 'expires_in', refreshExpires: 'refresh_token_expires_in' },
      unknown: { access: 'token', refresh: 'renewal', expires: 'ttl', refreshExpires: 'renewalTtl' },
    })[behaviour.legacyFields];

  /** @param {Req} req @param {Res} res @param {import('./infobip.js').Ctx} ctx @returns {Record<string, unknown> | undefined} */
  function jsonBody(req, res, ctx) {
    const body = ctx.json;
    if (mediaType(req) !== 'application/json') {
      v1Error(res, 415, 'E415', 'Content-Type must be application/json.');
    } else if (ctx.jsonError !== undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      v1Error(res, 400, 'E400', 'The request body must be a JSON object.');
    } else {
      return /** @type {Record<string, unknown>} */ (body);
    }
    return undefined;
  }

  /** @type {Handler} */
  function issueV1(req, res, ctx) {
    const body = jsonBody(req, res, ctx);
    if (!body) return;
    if (typeof body.clientId !== 'string' || typeof body.clientSecret !== 'string') {
      return v1Error(res, 400, 'E400', 'clientId and clientSecret are required.');
    }
    if (body.clientId !== clientId || body.clientSecret !== clientSecret) return v1Error(res, 401, 'E401', 'Invalid client ID or client secret.');
    const now = ctx.now();
    const n = names();
    sendJson(res, 200, {
      [n.access]: mintAccess(now),
      [n.refresh]: mintRefresh(now),
      [n.expires]: behaviour.accessLifetimeSeconds,
      // The realistic camelCase answer leaves the refresh token's day unsaid; the others state it.
      ...(behaviour.legacyFields === 'camel' ? {} : { [n.refreshExpires]: behaviour.refreshLifetimeSeconds }),
    });
  }

  /** @type {Handler} */
  function reissueV1(req, res, ctx) {
    const body = jsonBody(req, res, ctx);
    if (!body) return;
    const n = names();
    const presented = body[n.refresh];
    if (typeof presented !== 'string') return v1Error(res, 400, 'E400', `${n.refresh} is required.`);
    if ('clientSecret' in body) return v1Error(res, 400, 'E400', 'Send the refresh token instead of the client credentials.');
    const now = ctx.now();
    const record = refreshTokens.get(presented);
    if (!record || record.revoked) return v1Error(res, 401, 'E401', 'Invalid refresh token.');
    if (now >= record.expiresAt) return v1Error(res, 401, 'E401', 'The refresh token has expired.');
    /** @type {Record<string, unknown>} */
    const answer = { [n.access]: mintAccess(now), [n.expires]: behaviour.accessLifetimeSeconds };
    if (behaviour.rotateRefresh) {
      record.revoked = true;
      answer[n.refresh] = mintRefresh(now);
    }
    sendJson(res, 200, answer);
  }

  // ----- the API gateway

  /**
   * @param {Req} req @param {Res} res @param {number} now
   * @returns {boolean} true when the request may go on; otherwise a 401 has been sent
   */
  function authorized(req, res, now) {
    const key = req.headers['x-api-key'];
    const token = req.headers['x-access-token'];
    if (typeof key === 'string') {
      const name = /** @type {KeyName[]} */ (['primary', 'secondary']).find((k) => keys[k].value === key);
      const accepted = name !== undefined && !keys[name].revoked;
      keyUses.push({ key: name ?? 'unknown', accepted });
      if (accepted) return true;
      sendJson(res, 401, {
        statusCode: 401,
        message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
      });
      return false;
    }
    if (typeof token === 'string') {
      if (alive(accessTokens.get(token), now)) return true;
      sendJson(res, 401, { statusCode: 401, message: 'Access denied due to an invalid or expired access token.' });
      return false;
    }
    sendJson(res, 401, { statusCode: 401, message: 'Access denied due to missing subscription key or access token.' });
    return false;
  }

  /** @type {Handler} */
  function summarize(req, res, ctx) {
    if (!authorized(req, res, ctx.now())) return;
    if (mediaType(req) !== 'application/json') return sendJson(res, 415, { statusCode: 415, message: 'Content-Type must be application/json.' });
    const body = ctx.json;
    if (ctx.jsonError !== undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, { statusCode: 400, message: 'The request body must be a JSON object.' });
    }
    const request = /** @type {Record<string, unknown>} */ (body);
    const problem = summarizeProblem(request);
    if (problem) return sendJson(res, 400, { statusCode: 400, message: problem });
    const messages = /** @type {string[]} */ (request.messages);
    const channel = /** @type {string | undefined} */ (request.channel);
    summarized.push({ messages, ...(channel === undefined ? {} : { channel }) });
    sendJson(res, 200, { summary: summaryOf(messages, channel) });
  }

  /**
   * Answers every path under the prefix (an unknown one with the gateway's 404), so it always returns true.
   * @type {Handler}
   */
  function handler(req, res, ctx) {
    route(req, res, ctx);
    return true;
  }

  /** @type {Handler} */
  function route(req, res, ctx) {
    const { subpath: path } = ctx;
    const methods = { '/auth/v2/tokens': ['POST'], '/auth/v1/tokens': ['POST', 'PATCH'], '/v1/health': ['GET'], '/v1/text/summarize': ['POST'] }[path];
    if (!methods) return sendJson(res, 404, { statusCode: 404, message: 'Resource not found' });
    if (!methods.includes(req.method ?? '')) return sendJson(res, 405, { statusCode: 405, message: 'Method not allowed' }, { Allow: methods.join(', ') });
    if (path === '/auth/v2/tokens') return tokensV2(req, res, ctx);
    if (path === '/auth/v1/tokens') return req.method === 'POST' ? issueV1(req, res, ctx) : reissueV1(req, res, ctx);
    if (path === '/v1/text/summarize') return summarize(req, res, ctx);
    if (authorized(req, res, ctx.now())) sendJson(res, 200, { status: 'ok' });
  }

  return {
    handler,
    clientId,
    clientSecret,
    get primaryKey() {
      return keys.primary.value;
    },
    get secondaryKey() {
      return keys.secondary.value;
    },
    keyUses,
    summarized,
    /** @param {Partial<FujitsuBehaviour>} partial */
    behave(partial) {
      for (const [key, value] of Object.entries(partial)) {
        const choices = CHOICES[key];
        if (choices ? !choices.includes(value) : !(key in behaviour && typeof value === 'number' && value > 0)) {
          throw new TypeError(`Fujitsu behaviour ${key} cannot be ${JSON.stringify(value)}`);
        }
      }
      behaviour = { ...behaviour, ...partial };
    },
    reset() {
      behaviour = defaultFujitsuBehaviour();
      keys = { primary: { value: initialKeys.primary, revoked: false }, secondary: { value: initialKeys.secondary, revoked: false } };
      accessTokens.clear();
      refreshTokens.clear();
      keyUses.length = 0;
      summarized.length = 0;
    },
    /** The key stops working, as when it is regenerated in the portal after a leak. @param {KeyName} which */
    revokeKey(which) {
      keys[which].revoked = true;
    },
    /** Revokes every access and refresh token. */
    revokeTokens() {
      for (const t of [...accessTokens.values(), ...refreshTokens.values()]) t.revoked = true;
    },
  };
}

/** @typedef {ReturnType<typeof createFujitsuSandbox>} FujitsuSandbox */
