// @ts-check
/**
 * The local Infobip sandbox: one HTTP server that plays every Infobip endpoint the app uses, at
 * Infobip's real paths, strictly (it rejects what Infobip would reject) and with behaviour switches so
 * tests can make it answer each way Infobip's documents allow.
 *
 *   GET  /exchange/1/oauth/authorize                      authorization endpoint (a navigation: no CORS)
 *   POST /exchange/1/oauth/authorize/confirm              the sign-in page's form (refuse-framing / coop)
 *   POST /exchange/1/oauth/token                          token endpoint (code + PKCE, refresh)
 *   GET  /api/amg/exchange/1/apps/{appId}/oauth           the app's OAuth config (portal API)
 *   GET  /ccaas/1/conversations/{conversationId}          one conversation (its channel and topic)
 *   GET  /ccaas/1/conversations/{conversationId}/messages conversation messages
 *   GET  /people/2/persons?type=PHONE&identifier={phone}  one person of People, found by phone number
 *   POST /sms/2/text/advanced                             send SMS
 *   GET  /sms/1/logs                                      sent SMS and their status (Infobip keeps them 48 hours)
 *   GET  /media/{file}                                    public media that messages point at (a picture, a video clip, a voice note)
 *   *    /__sandbox/...                                   control endpoints (not logged)
 *   *    anything else, after redirectAll(url)             307 to the same path at `url` (a hostile hop)
 *
 * The routes live in one module-level table (ROUTES); per-server state travels in `ctx.state`, so
 * other sandboxes can be mounted on the same server with `sandbox.mount(prefix, handler)`.
 */
import { createServer } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BodyTooLargeError, closeServer, cors, escapeHtml, listen, mediaType, parseBody, readBody, sendHtml, sendJson } from './http.js';

// ---------------------------------------------------------------------------------------------
// Types

/**
 * @typedef {object} User identity fields of the token answer (tests inject markup or locales here)
 * @property {string} username
 * @property {string} email
 * @property {string} locale
 * @property {{ id: number, name: string }[]} [roles]
 * @property {{ id: number, name: string }[]} [groups]
 * @property {string} accountKey 32 upper-case hex
 * @property {string} userKey 32 upper-case hex
 */

/**
 * @typedef {object} Behaviour
 * @property {'auto'|'deny'|'login_required'|'interaction_required'|'wrong-state'|'refuse-framing'|'coop'} authorize
 * @property {'ok'|'5xx'|'html'|'no-token'|'snake'|'expires_at'} token
 * @property {'ok'|'fail'} refresh
 * @property {'enforce'|'ignore'} pkce 'ignore': the token endpoint does not check code_verifier (an authorization server that does not enforce PKCE)
 * @property {'code'|'refresh_token'|'either'} refreshParam
 * @property {number} tokenLifetimeSeconds server-side validity of a token
 * @property {boolean} sendExpiresIn add `expires_in` to the documented answer
 * @property {'ok'|'401'|'403'} portal
 * @property {string} portalErrorText the serviceException.text of portal: '403' (tests inject markup here)
 * @property {'ok'|'reject'|'unreadable'} sms unreadable: sent, but the answer is a proxy's HTML page with a 200
 * @property {string} smsRejectText the validation message of sms: 'reject'
 * @property {Record<string, number>} delayMs path prefix → delay before answering
 * @property {User} user
 */

/**
 * @typedef {object} LogEntry
 * @property {number} time sandbox clock, epoch ms
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string | undefined>} headers authorization, origin, content-type, sec-fetch-dest, sec-fetch-mode, referer
 * @property {Record<string, string>} [form]
 * @property {unknown} [json]
 * @property {number | 'network' | null} status null while the answer is pending
 */

/**
 * @typedef {object} Fault
 * @property {string} path path prefix
 * @property {number | 'network'} status
 * @property {number} remaining
 * @property {number} [retryAfter] seconds, sent as Retry-After
 */

/**
 * @typedef {object} CodeRecord
 * @property {string} clientId
 * @property {string} redirectUri
 * @property {string} challenge
 * @property {string} scope
 * @property {number} expiresAt
 * @property {boolean} used
 * @property {string} [token] the token minted from it, revoked if the code is replayed
 */

/**
 * @typedef {object} TokenRecord
 * @property {User} user
 * @property {number} expiresAt
 * @property {number} issuedExpiresAt the expiry it was minted with (reset({ keepTokens }) restores it)
 * @property {boolean} revoked
 */

/**
 * @typedef {object} State per-server mutable state
 * @property {string} url
 * @property {string} clientId
 * @property {string} appId
 * @property {string} clientSecret
 * @property {string} signingSecret
 * @property {string[]} redirectUris
 * @property {Map<string, CodeRecord>} codes
 * @property {Map<string, TokenRecord>} tokens
 * @property {Behaviour} behaviour
 * @property {Map<string, object[]>} messages
 * @property {Fault[]} faults
 * @property {LogEntry[]} log
 * @property {object[]} sent SMS requests accepted
 * @property {Map<string, SmsLog>} smsLogs what GET /sms/1/logs answers, by message ID, in sending order
 * @property {() => number} now sandbox clock, epoch ms
 */

/**
 * @typedef {object} Ctx
 * @property {URL} url
 * @property {string} path
 * @property {string} subpath path after the mount prefix (mounted handlers only)
 * @property {Record<string, string>} query
 * @property {string[]} params capture groups of the route
 * @property {string} body raw request body, already read
 * @property {Record<string, string>} [form]
 * @property {unknown} [json]
 * @property {string} [jsonError]
 * @property {LogEntry} entry this request's log entry
 * @property {State} state
 * @property {() => number} now
 */

/**
 * @typedef {object} SmsLog one sent SMS as Infobip's SMS logs show it
 * @property {string} bulkId
 * @property {string} messageId
 * @property {string} to
 * @property {string} [from]
 * @property {string} text
 * @property {string} sentAt
 * @property {string} [doneAt]
 * @property {number} smsCount
 * @property {{ groupId: number, groupName: string, id: number, name: string, description: string }} status
 * @property {{ groupId: number, groupName: string, id: number, name: string, description: string, permanent: boolean }} error
 */

/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, ctx: Ctx) => boolean | void | Promise<boolean | void>} Handler */

// ---------------------------------------------------------------------------------------------
// Constants and seeded data

export const PATHS = Object.freeze({
  authorize: '/exchange/1/oauth/authorize',
  authorizeConfirm: '/exchange/1/oauth/authorize/confirm',
  token: '/exchange/1/oauth/token',
  portalApi: '/api/amg',
  conversations: '/ccaas/1/conversations',
  sms: '/sms/2/text/advanced',
  smsLogs: '/sms/1/logs',
});

/** The status of a sent SMS, by its group, as Infobip's logs and delivery reports write it. */
export const SMS_STATUSES = Object.freeze({
  PENDING: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
  UNDELIVERABLE: { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Message sent not delivered' },
  DELIVERED: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' },
  EXPIRED: { groupId: 4, groupName: 'EXPIRED', id: 15, name: 'EXPIRED_EXPIRED', description: 'Message expired' },
  REJECTED: { groupId: 5, groupName: 'REJECTED', id: 6, name: 'REJECTED_NETWORK', description: 'Network is forbidden' },
});

/** Infobip's "no error" of a log or report. */
const NO_ERROR = Object.freeze({ groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false });

/** The code lifetime Infobip documents: 1 minute. */
export const CODE_LIFETIME_MS = 60_000;
/** An expired token can still be refreshed this long after expiry. */
export const REFRESH_GRACE_MS = 5 * 60_000;

/** @type {User} */
export const DEFAULT_USER = Object.freeze({
  username: 'developeruser',
  email: 'developer@infobip.com',
  locale: 'en-US',
  roles: [{ id: 79, name: 'Manager' }],
  groups: [{ id: 54004, name: 'Group1' }],
  accountKey: '8F0792F86035A9F4290821F1EE6BC06A',
  userKey: 'F4433E5F5E3C4A2F8A0C9D2C8E1B7A65',
});

/** @returns {Behaviour} */
export function defaultBehaviour() {
  return {
    authorize: 'auto',
    token: 'ok',
    refresh: 'ok',
    pkce: 'enforce',
    refreshParam: 'either',
    tokenLifetimeSeconds: 3600,
    sendExpiresIn: false,
    portal: 'ok',
    portalErrorText: 'Missing permissions',
    sms: 'ok',
    smsRejectText: 'invalid destination address',
    delayMs: {},
    user: structuredClone(DEFAULT_USER),
  };
}

/** Allowed values of each enumerated switch; behave() refuses anything else so typos fail loudly. */
export const BEHAVIOUR_CHOICES = Object.freeze({
  authorize: ['auto', 'deny', 'login_required', 'interaction_required', 'wrong-state', 'refuse-framing', 'coop'],
  token: ['ok', '5xx', 'html', 'no-token', 'snake', 'expires_at'],
  refresh: ['ok', 'fail'],
  pkce: ['enforce', 'ignore'],
  refreshParam: ['code', 'refresh_token', 'either'],
  portal: ['ok', '401', '403'],
  sms: ['ok', 'reject', 'unreadable'],
});

/** Conversations the host page lists (ids match the seeded messages). */
export const CONVERSATIONS = Object.freeze([
  { id: 'c1', customer: 'Ana Horvat', channel: 'SMS', address: '41793026727', topic: 'Parcel 4471' },
  { id: 'c2', customer: 'Kenji Sato', channel: 'WHATSAPP', address: '819012345678', topic: null },
  { id: 'c3', customer: 'Lena Fischer', channel: 'SMS', address: '4915112345678', topic: null },
  { id: 'c-empty', customer: 'New contact', channel: 'SMS', address: '447700900123', topic: null },
]);

/** People's persons (Infobip's shape, trimmed): Lena Fischer and the new contact are not in People. */
export const PEOPLE = Object.freeze([
  { id: 370329180020364, type: 'CUSTOMER', firstName: 'Ana', lastName: 'Horvat', contactInformation: { phone: [{ number: '41793026727' }] } },
  { id: 370329180020365, type: 'CUSTOMER', firstName: 'Kenji', lastName: 'Sato', contactInformation: { phone: [{ number: '819012345678' }] } },
]);

/** The business side of the seeded conversations. */
const SENDER = { SMS: 'InfoSMS', WHATSAPP: '447860099299' };

/** Infobip's timestamp format: `2024-05-01T10:03:00.000+0000`. */
export function infobipTime(/** @type {number} */ ms) {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const SEED_START = Date.UTC(2024, 4, 1, 10, 0, 0);

/** [conversationId, minute, direction, contentType, text or media file] */
const SEED = /** @type {const} */ ([
  ['c1', 0, 'INBOUND', 'TEXT', 'Hi, my parcel 4471 has not arrived yet.'],
  ['c1', 2, 'OUTBOUND', 'TEXT', 'Hello Ana, sorry to hear that. Let me check the tracking for parcel 4471.'],
  ['c1', 3, 'OUTBOUND', 'TEXT', 'It is at the local depot and will be delivered tomorrow before noon.'],
  ['c1', 5, 'INBOUND', 'TEXT', 'Great, thank you! Can I pick it up myself instead?'],
  ['c1', 6, 'OUTBOUND', 'TEXT', 'Yes: bring an ID to the depot at Main Street 12, open 8:00 to 18:00.'],
  ['c2', 10, 'INBOUND', 'TEXT', 'Hello, the coffee machine I bought shows error E07.'],
  ['c2', 11, 'INBOUND', 'IMAGE', 'e07.png'],
  ['c2', 14, 'OUTBOUND', 'TEXT', 'Thanks Kenji. E07 means the water tank is not seated: push it in until it clicks.'],
  ['c2', 16, 'INBOUND', 'TEXT', 'That fixed it, thanks!'],
  ['c3', 20, 'INBOUND', 'TEXT', 'Can I move my appointment to Friday?'],
  ['c3', 21, 'OUTBOUND', 'TEXT', 'Sure, Friday 14:30 is free. Shall I book it?'],
  ['c3', 25, 'INBOUND', 'TEXT', 'Yes please.'],
]);

/**
 * Fills a (possibly partial) message into Infobip's shape, so tests can inject just
 * `{ content: { text: '<img src=x onerror=alert(1)>' } }`.
 * @param {string} conversationId
 * @param {Record<string, any>} partial
 * @param {number} index position in the conversation, for defaults
 */
export function makeMessage(conversationId, partial, index) {
  const conv = CONVERSATIONS.find((c) => c.id === conversationId);
  const channel = partial.channel ?? conv?.channel ?? 'SMS';
  const customer = conv?.address ?? '41793026727';
  const business = SENDER[/** @type {'SMS'|'WHATSAPP'} */ (channel)] ?? SENDER.SMS;
  const direction = partial.direction ?? 'INBOUND';
  const created = infobipTime(SEED_START + index * 60_000);
  return {
    id: partial.id ?? `${conversationId}-m${index + 1}`,
    conversationId,
    channel,
    from: direction === 'INBOUND' ? customer : business,
    to: direction === 'INBOUND' ? business : customer,
    direction,
    contentType: partial.contentType ?? 'TEXT',
    content: partial.content ?? { text: '' },
    createdAt: created,
    updatedAt: partial.createdAt ?? created,
    ...partial,
  };
}

/**
 * @param {string} baseUrl the sandbox's own URL, for the media links of IMAGE messages
 * @returns {Map<string, object[]>}
 */
export function seedMessages(baseUrl) {
  /** @type {Map<string, object[]>} */
  const map = new Map(CONVERSATIONS.map((c) => [c.id, []]));
  for (const [id, minute, direction, contentType, value] of SEED) {
    const list = /** @type {object[]} */ (map.get(id));
    const at = infobipTime(SEED_START + minute * 60_000);
    list.push(
      makeMessage(
        id,
        {
          id: `${id}-m${list.length + 1}`,
          direction,
          contentType,
          content: contentType === 'IMAGE' ? { url: `${baseUrl}/media/${value}`, caption: 'This is what the display shows.' } : { text: value },
          createdAt: at,
          updatedAt: at,
        },
        list.length,
      ),
    );
  }
  return map;
}

/** The seeded IMAGE message's picture (a display showing "E07", 160×96), so nothing reaches for the internet. */
const E07_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAKAAAABgCAIAAAAVRe7OAAABCklEQVR42u3bMRJAMBBAUQdRqJxH7cQKlQtxBhLZDW/mVwoTec0OMWz7oQ832ALAAizAAizAAizAgAVYgNUh8DjNCgwwYMCAAQMWYAEWYAEGDBgwYMCAAQuwAAswYMCAAQMGDFiABVjfAT7X5XG17p9hnYABAwYMGHAkcK3HLsGLWgNgwIABAwb8F+A3BqI2qIABAwYMGHDMi46Sjb57PScqYMCAAQMG3MeQdXfgyo8KGDBgwIAB//djA2DAgAEDBuzQXbtDd4ABAwYMGLCfzwQYMGDAgAEDBizAAizAgAEDBgwYMGABFmABFmDAgAEDBizAAqx8wOorwIAFWIAFWIAFWIABC7AAK0EXei4xZlyp6BUAAAAASUVORK5CYII=',
  'base64',
);

/** A second of silence, 8 kHz 8-bit mono PCM: a voice note a browser can play. */
function silentWav() {
  const samples = 8000;
  const wav = Buffer.alloc(44 + samples, 0x80);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples, 40);
  return wav;
}

/** A 32×24 VP8 clip of under a second (recorded once in Chromium with MediaRecorder): a video a browser can play. */
const CLIP_WEBM = Buffer.from(
  'GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwEAAAAAAANrEU2bdLlNu4tTq4QVSalmU6yBbk27i1OrhBZUrmtTrIGTTbuLU6uEH0O2dVOsgdRNu4xTq4QcU7trU6yCA1nsrgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVSalmoCrXsYMPQkBEiYRELjUvTYCGQ2hyb21lV0GGQ2hyb21lFlSua7yuuteBAXPFhy/5iOzVNSiDgQFV7oEBhoVWX1ZQOOCdsIEguoEYU8CBAVWwkFWxgQFVuYECVbqBDVW7gQEfQ7Z1AQAAAAAAAnnngQCg2qGvgQAAAHACAJ0BKiAAGAACRwiFhYiZhIgMggJ08sZh/gAA/vxYNbKBPW/XFzZDeAB1oaampO6BAaWfMAIAnQEqIAAYAAcHCIWFiJmEiCYCAAeQ88nA/vBdAKDLoauBAF4AUQIACRCAABgHYB/AEEEz5hoAjYIA/vDo9/8s+fw2dTn/xZyMR2XgdaGYppbugQGlkbEBABwRPAAYABhYL/QACHAA+4EAoMqhqoEAxQAxAgAJEFQAGAxUL/gsuXNMwJ4oAP787EGDOpsDfVXN9LBmCMC+AHWhmKaW7oEBpZGxAQAcESwAGAAYWC/0AAhwAPuBXqDNoa2BAScAEQIACRBEABgHYBA/8uaZgIviAP73WS//rgPzgPzgP5lv/5+Z3bi/nMB1oZimlu6BAaWRsQEAHBEcABgAGFgv9AAIcAD7gcWgyKGngQGKANEBAAkQOAAYAB5X9AwANQcA/v4Es+c8PM8PMxb66xYVLDqwdaGYppbugQGlkbEBABwQ7AAYABhYL/QACHAA+4IBJ6DNoayBAfAAEQIACRAsABgHMAghenLNQEiGAP76mg//3jPOgub+xd/+xmP2jP8bwHWhmKaW7oEBpZGxAQAcENwAGAAYWC/0AAhwAPuCAYqgyKGngQJUABECAAkQJAAYB0/4IJnzDQA5ZgD+/u1M/xbLpjmf43rpEaeAdaGYppbugQGlkbEBABwQwAAYABhYL/QACHAA+4IB8KDNoayBArgAUQIACRB0FGAdID+f4IXpyzUBIhgA/vIiX/8zRMcx+1f/+QXLC64jAHWhmKaW7oEBpZGxAQAcEIgUYABhYL/QACHAAPuCAlQcU7trjbuLs4EAt4b3gQHxgdQ=',
  'base64',
);

/** What `GET /media/{file}` serves: a picture (also sent as a sticker), a video clip and a voice note. */
const MEDIA = Object.freeze({
  'e07.png': { type: 'image/png', body: E07_PNG },
  'sticker.png': { type: 'image/png', body: E07_PNG },
  'clip.webm': { type: 'video/webm', body: CLIP_WEBM },
  'voice.wav': { type: 'audio/wav', body: silentWav() },
});

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * Infobip's error body.
 * @param {string} messageId
 * @param {string} text
 * @param {Record<string, string[]>} [validationErrors]
 */
export function infobipError(messageId, text, validationErrors) {
  /** @type {Record<string, unknown>} */
  const serviceException = { messageId, text };
  if (validationErrors) serviceException.validationErrors = validationErrors;
  return { requestError: { serviceException } };
}

const UNAUTHORIZED = infobipError('UNAUTHORIZED', 'Invalid login details');

/** base64url(SHA-256(verifier)), as RFC 7636 S256. */
export function pkceChallenge(/** @type {string} */ verifier) {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A realistic 44-char base64 secret starting with the prefix the document shows. */
function secretWithPrefix(/** @type {string} */ prefix) {
  const head = Buffer.from(prefix, 'base64'); // 4 base64 chars = 3 bytes
  return Buffer.concat([head, randomBytes(32 - head.length)]).toString('base64');
}

const hex = (/** @type {number} */ bytes) => randomBytes(bytes).toString('hex');

/** A digits-only id like Infobip's bulk ids. */
const digits = (/** @type {number} */ n) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} error @param {string} description */
function oauthError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description });
}

/** A parameter that is sent twice is invalid in OAuth (RFC 6749 §3.1). */
function repeated(/** @type {URLSearchParams} */ params) {
  return [...new Set(params.keys())].find((k) => params.getAll(k).length > 1);
}

/** The token of an `Authorization: IBSSO <token>` header when it is valid and unexpired. */
function validToken(/** @type {import('node:http').IncomingMessage} */ req, /** @type {State} */ state) {
  const match = /^IBSSO ([^\s]+)$/i.exec(req.headers.authorization ?? '');
  const token = match?.[1];
  const record = token ? state.tokens.get(token) : undefined;
  if (!token || !record || record.revoked || state.now() >= record.expiresAt) return undefined;
  return token;
}

/** @returns {boolean} true when the request may go on; otherwise a 401 has been sent */
function requireToken(
  /** @type {import('node:http').IncomingMessage} */ req,
  /** @type {import('node:http').ServerResponse} */ res,
  /** @type {State} */ state,
) {
  if (validToken(req, state)) return true;
  sendJson(res, 401, UNAUTHORIZED);
  return false;
}

/**
 * @param {State} state
 * @param {{ lifetimeSeconds?: number, user?: Partial<User> }} [opts]
 */
function mintToken(state, opts = {}) {
  const token = randomUUID();
  const user = { ...state.behaviour.user, ...opts.user };
  const lifetime = opts.lifetimeSeconds ?? state.behaviour.tokenLifetimeSeconds;
  const expiresAt = state.now() + lifetime * 1000;
  state.tokens.set(token, { user, expiresAt, issuedExpiresAt: expiresAt, revoked: false });
  return { token, user, expiresAt };
}

/** The token answer as Infobip documents it. */
function documentedAnswer(/** @type {string} */ token, /** @type {User} */ user) {
  /** @type {Record<string, unknown>} */
  const answer = {
    token,
    tokenType: 'IBSSO',
    accountKey: user.accountKey,
    userKey: user.userKey,
    username: user.username,
    email: user.email,
    locale: user.locale,
  };
  if (user.roles) answer.roles = user.roles;
  if (user.groups) answer.groups = user.groups;
  return answer;
}

/**
 * Mints a token and answers in the shape the `token` switch asks for. Used by both grants.
 * @param {import('node:http').ServerResponse} res
 * @param {State} state
 * @param {Partial<User>} [user] keep the identity of the token being refreshed
 * @returns {string | undefined} the token minted, if any
 */
function answerToken(res, state, user) {
  const b = state.behaviour;
  const lifetime = b.tokenLifetimeSeconds;
  switch (b.token) {
    case '5xx':
      sendJson(res, 503, infobipError('SERVICE_UNAVAILABLE', 'Service temporarily unavailable'));
      return undefined;
    case 'html':
      sendHtml(res, 200, '<html><body>Service unavailable</body></html>');
      return undefined;
    case 'no-token': {
      const answer = documentedAnswer('', { ...b.user, ...user });
      delete answer.token;
      sendJson(res, 200, answer);
      return undefined;
    }
    case 'snake': {
      const minted = mintToken(state, { user });
      sendJson(res, 200, {
        token: minted.token,
        token_type: 'IBSSO',
        userName: minted.user.username,
        email: minted.user.email,
        expires_in: lifetime,
      });
      return minted.token;
    }
    default: {
      const minted = mintToken(state, { user });
      const answer = documentedAnswer(minted.token, minted.user);
      if (b.sendExpiresIn) answer.expires_in = lifetime;
      if (b.token === 'expires_at') answer.expires_at = lifetime; // a lifetime, as the sample's README shows
      sendJson(res, 200, answer);
      return minted.token;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Authorization endpoint

/**
 * Validates an authorization request. Invalid client or redirect_uri must never redirect (RFC 6749
 * §4.1.2.1): the user sees an error page. Anything else invalid goes back to the redirect_uri.
 * @param {URLSearchParams} params
 * @param {State} state
 * @returns {{ page: string } | { redirect: string, error: string, description: string, state?: string } | { ok: { clientId: string, redirectUri: string, state: string, scope: string, challenge: string } }}
 */
function checkAuthorize(params, state) {
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  if (params.getAll('client_id').length > 1) return { page: 'The client_id parameter is repeated.' };
  if (!clientId) return { page: 'The client_id parameter is missing.' };
  if (!/^[0-9a-f]{32}$/i.test(clientId) || clientId !== state.clientId) return { page: 'Unknown client_id.' };
  if (params.getAll('redirect_uri').length > 1) return { page: 'The redirect_uri parameter is repeated.' };
  if (!redirectUri) return { page: 'The redirect_uri parameter is missing.' };
  if (!state.redirectUris.includes(redirectUri)) return { page: 'The redirect_uri is not registered for this client.' };

  const flowState = params.getAll('state').length === 1 ? (params.get('state') ?? undefined) : undefined;
  const bad = (/** @type {string} */ description, error = 'invalid_request') => ({ redirect: redirectUri, error, description, state: flowState });
  const twice = repeated(params);
  if (twice) return bad(`The ${twice} parameter is repeated`);
  const responseType = params.get('response_type');
  if (!responseType) return bad('The response_type parameter is missing');
  if (responseType !== 'code') return bad('Only response_type=code is supported', 'unsupported_response_type');
  if (!flowState) return bad('The state parameter is missing');
  const scope = params.get('scope');
  if (!scope) return bad('The scope parameter is missing');
  const challenge = params.get('code_challenge');
  if (!challenge) return bad('The code_challenge parameter is missing');
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return bad('The code_challenge must be 43 characters of base64url');
  const method = params.get('code_challenge_method');
  // Absent is allowed (Infobip's own sample omits it) and means S256; `plain` is refused.
  if (method !== null && method !== 'S256') return bad('Only code_challenge_method=S256 is supported');
  return { ok: { clientId, redirectUri, state: flowState, scope, challenge } };
}

/** @param {string} redirectUri @param {Record<string, string | undefined>} fields */
function redirectTo(redirectUri, fields) {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) target.searchParams.set(k, v);
  return target.href;
}

/** @param {import('node:http').ServerResponse} res @param {string} location @param {Record<string, string>} [headers] */
function redirect(res, location, headers = {}) {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0, ...headers });
  res.end();
}

/** @param {string} title @param {string} bodyHtml */
function page(title, bodyHtml) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}</style>
</head><body><main>${bodyHtml}</main></body></html>`;
}

/** @param {import('node:http').ServerResponse} res @param {string} message */
function authorizeErrorPage(res, message) {
  sendHtml(res, 400, page('Sign-in error - Infobip', `<h1>Sign-in error</h1><p>${escapeHtml(message)}</p>`));
}

const FRAMING_REFUSED = { 'X-Frame-Options': 'DENY', 'Content-Security-Policy': "frame-ancestors 'none'" };
const COOP = { 'Cross-Origin-Opener-Policy': 'same-origin' };

/**
 * Issues a single-use code bound to client, redirect_uri and challenge, and redirects with it.
 * @param {import('node:http').ServerResponse} res
 * @param {State} state
 * @param {{ clientId: string, redirectUri: string, state: string, scope: string, challenge: string }} request
 * @param {Record<string, string>} [headers]
 */
function issueCode(res, state, request, headers) {
  const code = hex(8); // 16 lowercase hex, as documented
  state.codes.set(code, {
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    challenge: request.challenge,
    scope: request.scope,
    expiresAt: state.now() + CODE_LIFETIME_MS,
    used: false,
  });
  const answeredState = state.behaviour.authorize === 'wrong-state' ? `x${hex(6)}` : request.state;
  redirect(res, redirectTo(request.redirectUri, { code, state: answeredState }), headers);
}

/** @type {Handler} */
function authorize(req, res, ctx) {
  const { state } = ctx;
  const check = checkAuthorize(ctx.url.searchParams, state);
  if ('page' in check) return authorizeErrorPage(res, check.page);
  if ('redirect' in check) {
    return redirect(res, redirectTo(check.redirect, { error: check.error, error_description: check.description, state: check.state }));
  }
  const request = check.ok;
  const mode = state.behaviour.authorize;
  const fail = (/** @type {string} */ error, /** @type {string} */ description) =>
    redirect(res, redirectTo(request.redirectUri, { error, error_description: description, state: request.state }));
  // A frame has no first-party session (third-party cookies blocked): only there is interaction
  // impossible. A top-level window (a popup) gets the interactive sign-in page instead.
  const framed = req.headers['sec-fetch-dest'] === 'iframe';
  if (framed && mode === 'login_required') return fail('login_required', 'The user is not signed in');
  if (framed && mode === 'interaction_required') return fail('interaction_required', 'The user must interact with the sign-in page');
  switch (mode) {
    case 'deny':
      return fail('access_denied', 'The user denied access');
    case 'login_required':
    case 'interaction_required':
    case 'refuse-framing':
    case 'coop': {
      const hidden = [...ctx.url.searchParams].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
      const html = page(
        'Sign in - Infobip',
        `<h1>Sign in to Infobip</h1>
<p>The app asks for access with the scope <strong>${escapeHtml(request.scope)}</strong>.</p>
<form method="post" action="${PATHS.authorizeConfirm}">${hidden}
<button type="submit" name="decision" value="allow">Sign in</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`,
      );
      return sendHtml(res, 200, html, { ...FRAMING_REFUSED, ...(mode === 'coop' ? COOP : {}) });
    }
    default:
      return issueCode(res, state, request);
  }
}

/** The sign-in page's form: re-validates the original request, then answers like 'auto'. @type {Handler} */
function authorizeConfirm(req, res, ctx) {
  const { state } = ctx;
  if (mediaType(req) !== 'application/x-www-form-urlencoded') return authorizeErrorPage(res, 'Unsupported form encoding.');
  const params = new URLSearchParams(ctx.body);
  const decision = params.get('decision');
  params.delete('decision');
  const check = checkAuthorize(params, state);
  if ('page' in check) return authorizeErrorPage(res, check.page);
  const headers = state.behaviour.authorize === 'coop' ? COOP : {};
  if ('redirect' in check) {
    return redirect(res, redirectTo(check.redirect, { error: check.error, error_description: check.description, state: check.state }), headers);
  }
  if (decision === 'deny') {
    return redirect(
      res,
      redirectTo(check.ok.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: check.ok.state }),
      headers,
    );
  }
  return issueCode(res, state, check.ok, headers);
}

// ---------------------------------------------------------------------------------------------
// Token endpoint

/** @type {Handler} */
function tokenEndpoint(req, res, ctx) {
  const { state } = ctx;
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    return sendJson(res, 415, infobipError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/x-www-form-urlencoded'));
  }
  const params = new URLSearchParams(ctx.body);
  const grant = params.get('grant_type');

  // A code is spent by the first request that names it, whatever else is wrong with that request,
  // so a second exchange is always refused (and the token from the first is revoked, RFC 6749 §4.1.2).
  const code = grant === 'authorization_code' ? params.get('code') : null;
  const codeRecord = code ? state.codes.get(code) : undefined;
  const replayed = codeRecord?.used ?? false;
  if (codeRecord) codeRecord.used = true;

  const twice = repeated(params);
  if (twice) return oauthError(res, 400, 'invalid_request', `The ${twice} parameter is repeated`);
  if (!grant) return oauthError(res, 400, 'invalid_request', 'The grant_type parameter is missing');
  const clientId = params.get('client_id');
  if (!clientId) return oauthError(res, 401, 'invalid_client', 'The client_id parameter is missing');
  if (clientId !== state.clientId) return oauthError(res, 401, 'invalid_client', 'Unknown client');
  if (params.has('client_secret') || /^Basic /i.test(req.headers.authorization ?? '')) {
    return oauthError(res, 400, 'invalid_request', 'A public client must not send a client secret');
  }

  if (grant === 'authorization_code') return exchangeCode(res, state, params, codeRecord, replayed);
  if (grant === 'refresh_token') return refresh(res, state, params);
  return oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant_type: ${grant}`);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {State} state
 * @param {URLSearchParams} params
 * @param {CodeRecord | undefined} record
 * @param {boolean} replayed
 */
function exchangeCode(res, state, params, record, replayed) {
  if (!params.get('code')) return oauthError(res, 400, 'invalid_request', 'The code parameter is missing');
  if (!record) return oauthError(res, 400, 'invalid_grant', 'Unknown authorization code');
  if (replayed) {
    const issued = record.token ? state.tokens.get(record.token) : undefined;
    if (issued) issued.revoked = true;
    return oauthError(res, 400, 'invalid_grant', 'The authorization code has already been used');
  }
  if (state.now() >= record.expiresAt) return oauthError(res, 400, 'invalid_grant', 'The authorization code has expired');
  if (record.clientId !== params.get('client_id')) return oauthError(res, 400, 'invalid_grant', 'The code was issued to another client');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return oauthError(res, 400, 'invalid_request', 'The redirect_uri parameter is missing');
  if (redirectUri !== record.redirectUri) return oauthError(res, 400, 'invalid_grant', 'The redirect_uri does not match the authorization request');
  const verifier = params.get('code_verifier');
  if (state.behaviour.pkce === 'enforce') {
    const problem = pkceProblem(verifier, record.challenge);
    if (problem) return oauthError(res, 400, problem.error, problem.description);
  }
  const token = answerToken(res, state);
  if (token) record.token = token;
}

/**
 * RFC 7636's check of the verifier against the code's challenge.
 * @param {string | null} verifier @param {string} challenge
 * @returns {{ error: string, description: string } | undefined}
 */
function pkceProblem(verifier, challenge) {
  if (!verifier) return { error: 'invalid_request', description: 'The code_verifier parameter is missing' };
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    return { error: 'invalid_request', description: 'The code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]' };
  }
  if (pkceChallenge(verifier) !== challenge) return { error: 'invalid_grant', description: 'The code_verifier does not match the code_challenge' };
  return undefined;
}

/**
 * Infobip says "send the current token as `code`"; OAuth says `refresh_token`. The sandbox reads only
 * the parameter the `refreshParam` switch names, so a test can prove the app sends both.
 * @param {import('node:http').ServerResponse} res
 * @param {State} state
 * @param {URLSearchParams} params
 */
function refresh(res, state, params) {
  const mode = state.behaviour.refreshParam;
  const names = mode === 'either' ? ['refresh_token', 'code'] : [mode];
  const name = names.find((n) => params.get(n));
  if (!name) return oauthError(res, 400, 'invalid_request', `The ${names.join(' or ')} parameter is missing`);
  const old = /** @type {string} */ (params.get(name));
  const record = state.tokens.get(old);
  if (state.behaviour.refresh === 'fail') return oauthError(res, 400, 'invalid_grant', 'The token cannot be refreshed');
  if (!record || record.revoked) return oauthError(res, 400, 'invalid_grant', 'Unknown or revoked token');
  if (state.now() >= record.expiresAt + REFRESH_GRACE_MS) return oauthError(res, 400, 'invalid_grant', 'The token expired too long ago to be refreshed');
  const token = answerToken(res, state, record.user);
  if (token) state.tokens.delete(old); // the old token dies only once a new one exists
}

// ---------------------------------------------------------------------------------------------
// Protected resources

/** @type {Handler} */
function portalAppOauth(req, res, ctx) {
  const { state } = ctx;
  if (!requireToken(req, res, state)) return;
  if (state.behaviour.portal === '401') return sendJson(res, 401, UNAUTHORIZED);
  if (state.behaviour.portal === '403') return sendJson(res, 403, infobipError('FORBIDDEN', state.behaviour.portalErrorText));
  const appId = decodeURIComponent(ctx.params[0] ?? '');
  if (appId !== state.appId) return sendJson(res, 404, infobipError('NOT_FOUND', 'Application not found'));
  sendJson(res, 200, {
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    appId: state.appId,
    redirectUri: state.redirectUris[0] ?? null,
    signingSecret: state.signingSecret,
  });
}

/** @type {Handler} */
function conversationMessages(req, res, ctx) {
  const { state, query } = ctx;
  if (!requireToken(req, res, state)) return;
  /** @type {Record<string, string[]>} */
  const errors = {};
  const orderBy = query.orderBy ?? 'createdAt:ASC';
  const order = /^(createdAt|updatedAt):(ASC|DESC)$/i.exec(orderBy);
  if (!order) errors.orderBy = ['must be createdAt or updatedAt, then :ASC or :DESC'];
  const limit = query.limit === undefined ? 10 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 999) errors.limit = ['must be an integer from 1 to 999'];
  const pageNo = query.page === undefined ? 0 : Number(query.page);
  if (!Number.isInteger(pageNo) || pageNo < 0) errors.page = ['must be an integer of 0 or more'];
  if (Object.keys(errors).length > 0 || !order) return sendJson(res, 400, infobipError('BAD_REQUEST', 'Bad request', errors));

  const id = decodeURIComponent(ctx.params[0] ?? '');
  const list = state.messages.get(id);
  if (!list) return sendJson(res, 404, infobipError('NOT_FOUND', `Conversation ${id} not found`));
  const field = /** @type {'createdAt'|'updatedAt'} */ (order[1] === 'updatedAt' ? 'updatedAt' : 'createdAt');
  const sign = order[2]?.toUpperCase() === 'DESC' ? -1 : 1;
  const sorted = [...list].sort((a, b) => sign * String(/** @type {any} */ (a)[field]).localeCompare(String(/** @type {any} */ (b)[field])));
  sendJson(res, 200, {
    messages: sorted.slice(pageNo * limit, pageNo * limit + limit),
    pagination: { totalItems: list.length, page: pageNo, size: limit, orderBy: `${field}:${sign > 0 ? 'ASC' : 'DESC'}` },
  });
}

/** @type {Handler} */
function conversation(req, res, ctx) {
  const { state } = ctx;
  if (!requireToken(req, res, state)) return;
  const id = decodeURIComponent(ctx.params[0] ?? '');
  const conv = CONVERSATIONS.find((c) => c.id === id);
  const list = state.messages.get(id);
  if (!list) return sendJson(res, 404, infobipError('NOT_FOUND', `Conversation ${id} not found`));
  const created = infobipTime(SEED_START);
  // As Infobip answers: no customer address here (that is on the messages), null for what is unset.
  sendJson(res, 200, {
    id,
    topic: conv?.topic ?? null,
    summary: null,
    status: 'OPEN',
    priority: 'NORMAL',
    queueId: null,
    agentId: null,
    createdAt: created,
    updatedAt: created,
    channel: conv?.channel ?? 'NO_CHANNEL',
  });
}

/** @type {Handler} */
function person(req, res, ctx) {
  const { state, query } = ctx;
  if (!requireToken(req, res, state)) return;
  if (query.type !== 'PHONE' || !query.identifier) {
    return sendJson(res, 400, infobipError('BAD_REQUEST', 'Bad request', { type: ['this sandbox finds persons by PHONE identifier only'] }));
  }
  const found = PEOPLE.find((p) => p.contactInformation.phone.some((ph) => ph.number === query.identifier?.replace(/^\+/, '')));
  if (!found) return sendJson(res, 404, infobipError('NOT_FOUND', 'Person not found'));
  sendJson(res, 200, found);
}

/**
 * Validates Infobip's SMS body; returns the validation errors keyed by field path.
 * @param {unknown} body
 */
export function smsValidationErrors(body) {
  /** @type {Record<string, string[]>} */
  const errors = {};
  const add = (/** @type {string} */ field, /** @type {string} */ message) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  const messages = /** @type {any} */ (body)?.messages;
  if (typeof body !== 'object' || body === null || !Array.isArray(messages) || messages.length === 0) {
    add('messages', 'must not be empty');
    return errors;
  }
  messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (typeof m !== 'object' || m === null) {
      add(at, 'must be an object');
      return;
    }
    if (!Array.isArray(m.destinations) || m.destinations.length === 0) add(`${at}.destinations`, 'must not be empty');
    else {
      m.destinations.forEach((/** @type {any} */ d, /** @type {number} */ j) => {
        // International form, as Infobip requires: a country code (never 0) and at most 15 digits in all (E.164).
        if (typeof d?.to !== 'string' || !/^\+?[1-9]\d{6,14}$/.test(d.to)) add(`${at}.destinations[${j}].to`, 'invalid destination address');
      });
    }
    if (m.from !== undefined && (typeof m.from !== 'string' || m.from.trim() === '' || m.from.length > 16)) add(`${at}.from`, 'invalid sender');
    if (typeof m.text !== 'string' || m.text.trim() === '') add(`${at}.text`, 'must not be blank');
  });
  return errors;
}

/** @type {Handler} */
function sendSms(req, res, ctx) {
  const { state } = ctx;
  if (!requireToken(req, res, state)) return;
  if (mediaType(req) !== 'application/json') {
    return sendJson(res, 415, infobipError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'));
  }
  if (ctx.jsonError !== undefined || ctx.json === undefined) {
    return sendJson(res, 400, infobipError('BAD_REQUEST', 'Bad request', { body: ['is not valid JSON'] }));
  }
  const errors = smsValidationErrors(ctx.json);
  if (Object.keys(errors).length > 0) return sendJson(res, 400, infobipError('BAD_REQUEST', 'Bad request', errors));
  if (state.behaviour.sms === 'reject') {
    return sendJson(
      res,
      400,
      infobipError('BAD_REQUEST', 'Bad request', {
        'messages[0].destinations[0].to': [state.behaviour.smsRejectText],
      }),
    );
  }
  const body = /** @type {{ messages: { destinations: { to: string }[], from?: string, text: string }[] }} */ (ctx.json);
  state.sent.push(body);
  const bulkId = digits(19);
  const sentAt = infobipTime(state.now());
  const accepted = body.messages.flatMap((m) =>
    m.destinations.map((d) => {
      /** @type {SmsLog} */
      const log = { bulkId, messageId: digits(19), to: d.to, text: m.text, sentAt, smsCount: 1, status: { ...SMS_STATUSES.PENDING }, error: { ...NO_ERROR } };
      if (m.from !== undefined) log.from = m.from;
      state.smsLogs.set(log.messageId, log);
      return log;
    }),
  );
  // As with Infobip's SMS channel: an SMS to a conversation's customer joins that conversation.
  for (const m of body.messages) {
    for (const d of m.destinations) {
      const conv = CONVERSATIONS.find((c) => c.channel === 'SMS' && c.address === d.to.replace(/^\+/, ''));
      const list = conv && state.messages.get(conv.id);
      if (!conv || !list) continue;
      const at = infobipTime(state.now());
      list.push(makeMessage(conv.id, { direction: 'OUTBOUND', content: { text: /** @type {any} */ (m).text }, createdAt: at, updatedAt: at }, list.length));
    }
  }
  if (state.behaviour.sms === 'unreadable') return sendHtml(res, 200, '<html><body>Request accepted</body></html>');
  sendJson(res, 200, {
    bulkId,
    messages: accepted.map((log) => ({ messageId: log.messageId, status: { ...SMS_STATUSES.PENDING }, destination: log.to })),
  });
}

/** Sent SMS, newest first, filtered as Infobip's `GET /sms/1/logs` filters them. @type {Handler} */
function smsLogs(req, res, ctx) {
  const { state, query } = ctx;
  if (!requireToken(req, res, state)) return;
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return sendJson(res, 400, infobipError('BAD_REQUEST', 'Bad request', { limit: ['must be an integer from 1 to 1000'] }));
  const fields = /** @type {const} */ (['messageId', 'bulkId', 'to', 'from']);
  const results = [...state.smsLogs.values()]
    .reverse()
    .filter((log) => fields.every((field) => query[field] === undefined || log[field] === query[field]))
    .filter((log) => query.generalStatus === undefined || log.status.groupName === query.generalStatus)
    .slice(0, limit);
  sendJson(res, 200, { results });
}

/** @type {Handler} */
function media(_req, res, ctx) {
  const file = MEDIA[/** @type {keyof typeof MEDIA} */ (ctx.params[0] ?? '')];
  if (!file) return sendJson(res, 404, infobipError('NOT_FOUND', 'Not found'));
  res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-store' });
  res.end(file.body);
}

/** The route table: [method, path pattern, handler]. Capture groups arrive as ctx.params. */
/** @type {ReadonlyArray<{ method: string, pattern: RegExp, handler: Handler }>} */
export const ROUTES = Object.freeze([
  { method: 'GET', pattern: /^\/exchange\/1\/oauth\/authorize$/, handler: authorize },
  { method: 'POST', pattern: /^\/exchange\/1\/oauth\/authorize\/confirm$/, handler: authorizeConfirm },
  { method: 'POST', pattern: /^\/exchange\/1\/oauth\/token$/, handler: tokenEndpoint },
  { method: 'GET', pattern: /^\/api\/amg\/exchange\/1\/apps\/([^/]+)\/oauth$/, handler: portalAppOauth },
  { method: 'GET', pattern: /^\/ccaas\/1\/conversations\/([^/]+)\/messages$/, handler: conversationMessages },
  { method: 'GET', pattern: /^\/ccaas\/1\/conversations\/([^/]+)$/, handler: conversation },
  { method: 'GET', pattern: /^\/people\/2\/persons$/, handler: person },
  { method: 'POST', pattern: /^\/sms\/2\/text\/advanced$/, handler: sendSms },
  { method: 'GET', pattern: /^\/sms\/1\/logs$/, handler: smsLogs },
  { method: 'GET', pattern: /^\/media\/([^/]+)$/, handler: media },
]);

/** Paths that are browser navigations, not API calls: no CORS there, as at Infobip. */
const isNavigation = (/** @type {string} */ path) => path === PATHS.authorize || path === PATHS.authorizeConfirm;

// ---------------------------------------------------------------------------------------------
// Behaviour switches

/**
 * Merges a partial behaviour into the current one, refusing unknown names and values.
 * @param {Behaviour} current
 * @param {Record<string, unknown>} partial
 * @returns {Behaviour}
 */
export function mergeBehaviour(current, partial) {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) throw new TypeError('behave() takes an object');
  const next = structuredClone(current);
  for (const [key, value] of Object.entries(partial)) {
    const choices = /** @type {Record<string, readonly string[]>} */ (BEHAVIOUR_CHOICES)[key];
    if (choices) {
      if (typeof value !== 'string' || !choices.includes(value))
        throw new TypeError(`behaviour ${key} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
      /** @type {any} */ (next)[key] = value;
    } else if (key === 'tokenLifetimeSeconds') {
      if (typeof value !== 'number' || !(value > 0)) throw new TypeError('tokenLifetimeSeconds must be a positive number');
      next.tokenLifetimeSeconds = value;
    } else if (key === 'sendExpiresIn') {
      if (typeof value !== 'boolean') throw new TypeError('sendExpiresIn must be true or false');
      next.sendExpiresIn = value;
    } else if (key === 'smsRejectText' || key === 'portalErrorText') {
      if (typeof value !== 'string') throw new TypeError(`${key} must be a string`);
      next[key] = value;
    } else if (key === 'delayMs') {
      const entries = Object.entries(/** @type {object} */ (value ?? {}));
      if (typeof value !== 'object' || entries.some(([p, ms]) => !p.startsWith('/') || typeof ms !== 'number' || ms < 0)) {
        throw new TypeError('delayMs must map path prefixes ("/...") to milliseconds');
      }
      next.delayMs = { ...next.delayMs, ...Object.fromEntries(entries) };
    } else if (key === 'user') {
      if (typeof value !== 'object' || value === null) throw new TypeError('user must be an object');
      next.user = { ...next.user, ...value };
    } else {
      throw new TypeError(`unknown behaviour: ${key}`);
    }
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// The server

/**
 * Starts the Infobip sandbox.
 * @param {{ port?: number, host?: string, clientId?: string, appId?: string }} [options]
 *   clientId: 32 hex (a random one when absent); appId: a UUID (random when absent)
 */
export async function createInfobipSandbox({ port = 0, host = '127.0.0.1', clientId = hex(16), appId = randomUUID() } = {}) {
  if (!/^[0-9a-f]{32}$/i.test(clientId)) throw new TypeError(`clientId must be 32 hex characters, as at Infobip: ${clientId}`);

  /** Sandbox clock: real time, or fixed/function set by setClock(), plus advanceClock() offsets. */
  let clockBase = /** @type {(() => number) | null} */ (null);
  let clockOffset = 0;
  const now = () => (clockBase ? clockBase() : Date.now()) + clockOffset;

  /** @type {{ prefix: string, handler: Handler }[]} */
  const mounts = [];
  /** Set by redirectAll(): every API path answers 307 to the same path there. */
  let redirectTarget = /** @type {string | null} */ (null);

  /** @type {State} */
  const state = {
    url: '',
    clientId,
    appId,
    clientSecret: secretWithPrefix('YED8'),
    signingSecret: secretWithPrefix('H+WP'),
    redirectUris: [],
    codes: new Map(),
    tokens: new Map(),
    behaviour: defaultBehaviour(),
    messages: new Map(),
    faults: [],
    log: [],
    sent: [],
    smsLogs: new Map(),
    now,
  };

  /** Requests still being handled (a delayed one goes on after its client gave up). */
  let handling = 0;
  const server = createServer((req, res) => {
    handling++;
    handle(req, res)
      .catch((error) => {
        console.error('[infobip sandbox]', error);
        if (!res.headersSent) sendJson(res, 500, infobipError('GENERAL_ERROR', 'Internal sandbox error'));
        else res.destroy();
      })
      .finally(() => handling--);
  });

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path.startsWith('/__sandbox/')) return control(req, res, url);

    const h = req.headers;
    /** @type {LogEntry} */
    const entry = {
      time: now(),
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: {
        authorization: h.authorization,
        origin: h.origin,
        'content-type': h['content-type'],
        'sec-fetch-dest': /** @type {string | undefined} */ (h['sec-fetch-dest']),
        'sec-fetch-mode': /** @type {string | undefined} */ (h['sec-fetch-mode']),
        referer: h.referer,
      },
      status: null,
    };
    state.log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    res.on('close', () => {
      if (entry.status === null) entry.status = 'network';
    });

    if (!isNavigation(path) && cors(req, res)) return;

    let body = '';
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, infobipError('PAYLOAD_TOO_LARGE', 'Request body too large'));
      throw error;
    }
    const parsed = parseBody(body, mediaType(req));
    if (parsed.form) entry.form = parsed.form;
    if ('json' in parsed) entry.json = parsed.json;
    if (redirectTarget) {
      res.writeHead(307, { Location: new URL(path + url.search, redirectTarget).href, 'Content-Length': 0 });
      return res.end();
    }

    const delay = longestPrefix(Object.keys(state.behaviour.delayMs), path);
    if (delay) await new Promise((r) => setTimeout(r, state.behaviour.delayMs[delay]));
    if (injectFault(req, res, path, entry)) return;

    /** @type {Ctx} */
    const ctx = { url, path, subpath: path, query: entry.query, params: [], body, ...parsed, entry, state, now };
    for (const mount of mounts) {
      if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) {
        if (await mount.handler(req, res, { ...ctx, subpath: path.slice(mount.prefix.length) || '/' })) return;
      }
    }
    const matching = ROUTES.filter((r) => r.pattern.test(path));
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      if (matching.length > 0) {
        return sendJson(res, 405, infobipError('METHOD_NOT_ALLOWED', 'Method not allowed'), { Allow: matching.map((r) => r.method).join(', ') });
      }
      return sendJson(res, 404, infobipError('NOT_FOUND', 'Not found'));
    }
    ctx.params = /** @type {RegExpExecArray} */ (route.pattern.exec(path)).slice(1);
    await route.handler(req, res, ctx);
  }

  /** @param {string[]} prefixes @param {string} path */
  function longestPrefix(prefixes, path) {
    return prefixes.filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
  }

  /**
   * Transient faults set by failNext(): a gateway answering before Infobip sees the request, so
   * nothing is consumed (contrast `token: '5xx'`, which spends the code).
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} path @param {LogEntry} entry
   */
  function injectFault(req, res, path, entry) {
    if (req.method === 'OPTIONS') return false;
    const fault = state.faults.find((f) => path.startsWith(f.path));
    if (!fault) return false;
    if (--fault.remaining <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
    if (fault.status === 'network') {
      entry.status = 'network';
      req.socket.destroy();
      return true;
    }
    const names = /** @type {Record<number, [string, string]>} */ ({
      429: ['TOO_MANY_REQUESTS', 'Too many requests'],
      502: ['BAD_GATEWAY', 'Bad gateway'],
      503: ['SERVICE_UNAVAILABLE', 'Service temporarily unavailable'],
      504: ['GATEWAY_TIMEOUT', 'Gateway timeout'],
    });
    const [id, text] = names[fault.status] ?? ['GENERAL_ERROR', 'Error'];
    /** @type {Record<string, string>} */
    const headers = {};
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    sendJson(res, fault.status, infobipError(id, text), headers);
    return true;
  }

  // ----- public API (also used by the control endpoints)

  /** @param {Record<string, unknown>} partial */
  function behave(partial) {
    state.behaviour = mergeBehaviour(state.behaviour, partial);
    return structuredClone(state.behaviour);
  }

  /**
   * Back to the defaults. With `keepTokens`, the tokens issued so far stay valid, as issued (un-revoked,
   * their first expiry): a browser signed in once can serve many tests, each starting from a known state.
   * @param {{ keepTokens?: boolean }} [opts]
   */
  function reset({ keepTokens = false } = {}) {
    state.behaviour = defaultBehaviour();
    state.codes.clear();
    if (!keepTokens) state.tokens.clear();
    for (const record of state.tokens.values()) Object.assign(record, { expiresAt: record.issuedExpiresAt, revoked: false });
    state.faults.length = 0;
    state.log.length = 0; // the same array: callers may hold `sandbox.log`
    state.sent.length = 0;
    state.smsLogs.clear();
    state.messages = seedMessages(state.url);
    clockBase = null;
    clockOffset = 0;
    redirectTarget = null;
  }

  /**
   * Answers every path (mounted sandboxes included) with a 307 to the same path at `target`, as a
   * hijacked DNS name or a misconfigured proxy would; null stops it. A 307 keeps the method and body,
   * so a client that follows it re-sends whatever credential it carried.
   * @param {string | null} target an origin, e.g. a catcher's URL
   */
  function redirectAll(target) {
    redirectTarget = target === null ? null : new URL(target).origin;
  }

  /** @param {string} uri exact string the app sends as redirect_uri */
  function registerRedirectUri(uri) {
    new URL(uri); // throws on a non-URL: Infobip would refuse to register it
    if (!state.redirectUris.includes(uri)) state.redirectUris.push(uri);
  }

  /**
   * Mints a valid token directly (no browser flow), e.g. to preload the app's store.
   * @param {{ lifetimeSeconds?: number, user?: Partial<User> }} [opts]
   * @returns {Record<string, unknown> & { token: string, expiresAt: number }} the documented answer, plus expiresAt (epoch ms)
   */
  function issueToken(opts = {}) {
    const minted = mintToken(state, opts);
    return { ...documentedAnswer(minted.token, minted.user), token: minted.token, expiresAt: minted.expiresAt };
  }

  /**
   * Makes every token expired. By default just expired (still refreshable for 5 minutes); with
   * `beyondGrace` too old to refresh.
   * @param {{ beyondGrace?: boolean }} [opts]
   */
  function expireTokens({ beyondGrace = false } = {}) {
    const at = now() - 1 - (beyondGrace ? REFRESH_GRACE_MS : 0);
    for (const record of state.tokens.values()) record.expiresAt = Math.min(record.expiresAt, at);
  }

  /** Revokes every token: unusable and not refreshable. */
  function revokeTokens() {
    for (const record of state.tokens.values()) record.revoked = true;
  }

  /**
   * Changes a user as an admin at Infobip would (e.g. takes a role away): the tokens they hold keep
   * working, and the next token answer for them (a refresh) names them as they are now.
   * @param {string} userKey
   * @param {Partial<User>} changes
   */
  function editUser(userKey, changes) {
    if (typeof changes !== 'object' || changes === null) throw new TypeError('editUser: changes must be an object');
    for (const record of state.tokens.values()) if (record.user.userKey === userKey) record.user = { ...record.user, ...changes };
  }

  /**
   * @param {{ path: string, status: 502|503|504|429|'network'|number, count?: number, retryAfter?: number }} fault
   */
  function failNext({ path, status, count = 1, retryAfter }) {
    if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('failNext: path must be a path prefix starting with /');
    if (status !== 'network' && !(Number.isInteger(status) && status >= 400 && status <= 599))
      throw new TypeError('failNext: status must be an HTTP error status or "network"');
    if (!Number.isInteger(count) || count < 1) throw new TypeError('failNext: count must be a positive integer');
    /** @type {Fault} */
    const fault = { path, status, remaining: count };
    if (retryAfter !== undefined) fault.retryAfter = retryAfter;
    state.faults.push(fault);
  }

  /**
   * Replaces a conversation's messages (creating the conversation when new); partial messages are
   * filled in to Infobip's shape.
   * @param {string} conversationId
   * @param {Record<string, any>[]} messages
   */
  function setMessages(conversationId, messages) {
    if (!Array.isArray(messages)) throw new TypeError('setMessages: messages must be an array');
    state.messages.set(
      conversationId,
      messages.map((m, i) => makeMessage(conversationId, m, i)),
    );
  }

  /**
   * Adds one message to a conversation as its newest, created now (a customer writing in while the
   * card is open); partial messages are filled in to Infobip's shape.
   * @param {string} conversationId
   * @param {Record<string, any>} message
   */
  function addMessage(conversationId, message) {
    const list = state.messages.get(conversationId);
    if (!list) throw new TypeError(`addMessage: no conversation ${conversationId}`);
    const at = infobipTime(now());
    list.push(makeMessage(conversationId, { createdAt: at, updatedAt: at, ...message }, list.length));
  }

  /**
   * Gives a sent SMS its status, as a delivery report would: `DELIVERED`, `UNDELIVERABLE`, `EXPIRED`,
   * `REJECTED` (final) or `PENDING`.
   * @param {keyof typeof SMS_STATUSES} group
   * @param {string} [messageId] the last SMS sent when left out
   */
  function setSmsStatus(group, messageId) {
    const status = SMS_STATUSES[group];
    if (!status) throw new TypeError(`setSmsStatus: status must be one of ${Object.keys(SMS_STATUSES).join(', ')}`);
    const log = messageId === undefined ? [...state.smsLogs.values()].at(-1) : state.smsLogs.get(messageId);
    if (!log) throw new TypeError(`setSmsStatus: no SMS ${messageId ?? 'was sent'}`);
    log.status = { ...status };
    if (group === 'PENDING') delete log.doneAt;
    else log.doneAt = infobipTime(now());
  }

  /** @param {number | (() => number) | null} value fixed epoch ms, a clock function, or null for real time */
  function setClock(value) {
    clockBase = value === null ? null : typeof value === 'function' ? value : () => value;
    clockOffset = 0;
  }

  /** @param {number} ms moves the sandbox clock forward, e.g. past a code's 60 s */
  function advanceClock(ms) {
    clockOffset += ms;
  }

  /**
   * Mounts another sandbox under a path prefix. Its handler runs before the Infobip routes for paths
   * under the prefix, after logging, CORS, faults and delays; the body is already read (ctx.body,
   * ctx.form, ctx.json). Return true when it answered.
   * @param {string} prefix e.g. '/mico'
   * @param {Handler} handler
   */
  function mount(prefix, handler) {
    if (!prefix.startsWith('/') || prefix.endsWith('/')) throw new TypeError('mount: prefix must start and not end with /');
    mounts.push({ prefix, handler });
  }

  /** Control endpoints, for a browser page or a second process. Not logged, open to any origin. */
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  async function control(req, res, url) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'content-type', 'Content-Length': 0 });
      return res.end();
    }
    const action = `${req.method} ${url.pathname.slice('/__sandbox'.length)}`;
    const text = await readBody(req);
    /** @type {any} */
    let input = {};
    try {
      input = text ? JSON.parse(text) : {};
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    try {
      if (action === 'GET /log') {
        const prefix = url.searchParams.get('path');
        return sendJson(res, 200, prefix ? state.log.filter((e) => e.path.startsWith(prefix)) : state.log);
      }
      if (action === 'GET /behave') return sendJson(res, 200, state.behaviour);
      if (action === 'POST /behave') return sendJson(res, 200, behave(input));
      if (action === 'POST /reset') return (reset(), sendJson(res, 200, { ok: true }));
      if (action === 'POST /expire-tokens') return (expireTokens(input), sendJson(res, 200, { ok: true }));
      if (action === 'POST /revoke-tokens') return (revokeTokens(), sendJson(res, 200, { ok: true }));
      if (action === 'POST /edit-user') return (editUser(String(input.userKey), input.changes), sendJson(res, 200, { ok: true }));
      if (action === 'POST /fail-next') return (failNext(input), sendJson(res, 200, { ok: true }));
      if (action === 'POST /issue-token') return sendJson(res, 200, issueToken(input));
      if (action === 'POST /advance-clock') return (advanceClock(Number(input.ms)), sendJson(res, 200, { now: now() }));
      if (action === 'POST /sms-status') return (setSmsStatus(input.status, input.messageId), sendJson(res, 200, { ok: true }));
      const added = /^POST \/messages\/([^/]+)\/add$/.exec(action);
      if (added) return (addMessage(decodeURIComponent(added[1] ?? ''), input), sendJson(res, 200, { ok: true }));
      const messages = /^POST \/messages\/([^/]+)$/.exec(action);
      if (messages) return (setMessages(decodeURIComponent(messages[1] ?? ''), input), sendJson(res, 200, { ok: true }));
    } catch (error) {
      return sendJson(res, 400, { error: String(/** @type {Error} */ (error).message) });
    }
    sendJson(res, 404, { error: `unknown control endpoint: ${action}` });
  }

  const boundPort = await listen(server, port, host);
  state.url = `http://localhost:${boundPort}`;
  state.messages = seedMessages(state.url);

  return {
    /** 'http://localhost:PORT' — the hostname is `localhost`, so it is cross-site from a 127.0.0.1 host page. */
    url: state.url,
    port: boundPort,
    clientId,
    appId,
    /** The registered app as the portal API returns it. */
    get app() {
      return { clientId, appId, clientSecret: state.clientSecret, signingSecret: state.signingSecret, redirectUris: [...state.redirectUris] };
    },
    /** Every request except control endpoints, in arrival order (a live array). */
    log: state.log,
    /** True while a request is still being handled, even one whose client has gone. */
    get busy() {
      return handling > 0;
    },
    /** SMS bodies accepted (a live array). */
    sent: state.sent,
    get behaviour() {
      return structuredClone(state.behaviour);
    },
    behave,
    reset,
    registerRedirectUri,
    issueToken,
    expireTokens,
    revokeTokens,
    editUser,
    failNext,
    setMessages,
    addMessage,
    setSmsStatus,
    /** @param {string} conversationId */
    getMessages: (conversationId) => structuredClone(state.messages.get(conversationId)),
    setClock,
    advanceClock,
    now,
    mount,
    redirectAll,
    server,
    close: () => closeServer(server),
  };
}

/** @typedef {Awaited<ReturnType<typeof createInfobipSandbox>>} InfobipSandbox */
