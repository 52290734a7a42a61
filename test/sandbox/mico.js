// @ts-check
/**
 * The Mico Voice AI sandbox, mounted on the Infobip sandbox (normally at `/mico`), so it shares that
 * server's request log, CORS, faults, delays and clock (`advanceClock`). It plays Mico strictly
 * (as its documents describe):
 *
 *   POST /oauth/token                 client credentials: form-encoded, client_id + client_secret in
 *                                     the body, `scope` from the four documented scopes
 *   GET  {apiPrefix}/v1/outbound_calls/{uid}   one outbound call (scope outbound_calls:read)
 *   GET  {apiPrefix}/v1/outbound_calls?to=<number>   the calls to a number, newest first (same scope):
 *                                     the stand-in's own shape for the "Calls with this customer"
 *                                     action; Mico documents only the look-up by UID
 *   GET  {apiPrefix}/v1/campaigns              the campaigns (scope campaigns:read), a probe target
 *
 * `apiPrefix` is '' by default (the authentication page's `/v1/...`); the behaviour switch can make
 * it '/api' (the workflow guide's `/api/v1/...`), so a test can prove the call path is configurable.
 * Errors look like Mico's Laravel-style API: OAuth errors at the token endpoint
 * (`{ error, error_description, message }`), `{ message }` elsewhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mediaType, sendJson } from './http.js';

/** @typedef {import('./infobip.js').Handler} Handler */
/** @typedef {import('node:http').ServerResponse} Res */

/** The scopes Mico documents; any other is refused. */
export const MICO_SCOPES = Object.freeze(['campaigns:write', 'campaigns:read', 'outbound_calls:write', 'outbound_calls:read']);

/**
 * @typedef {object} MicoBehaviour
 * @property {number} tokenLifetimeSeconds `expires_in` of new tokens (Mico's example: 86399)
 * @property {boolean} sendRefreshToken add `refresh_token`, as the Japanese page's example does
 * @property {'' | '/api'} apiPrefix where the resource paths live
 * @property {string | null} issueAccessToken the access_token text every answer carries (a server minting unusable tokens); null: a fresh random one
 * @property {unknown} claimedExpiresIn sent as `expires_in` instead of the real lifetime (a server that misstates it); null: the real one
 * @property {number} answerPadding bytes of padding in every 2xx answer of the API paths (a server that answers too much); 0: none
 */

/** @returns {MicoBehaviour} */
export function defaultMicoBehaviour() {
  return { tokenLifetimeSeconds: 86399, sendRefreshToken: false, apiPrefix: '', claimedExpiresIn: null, issueAccessToken: null, answerPadding: 0 };
}

/**
 * @typedef {object} MicoToken
 * @property {Set<string>} scopes
 * @property {number} expiresAt
 * @property {boolean} revoked
 */

/** A call as a Mico outbound call record might look; every value is plain JSON. */
export function sampleCall(/** @type {string} */ uid, /** @type {Record<string, unknown>} */ overrides = {}) {
  return {
    uid,
    status: 'completed',
    direction: 'outbound',
    to: '+41793026727',
    from: '+41445000000',
    campaign: { uid: 'cmp_4471', name: 'Parcel delivery follow-up' },
    started_at: '2024-05-01T10:07:00Z',
    ended_at: '2024-05-01T10:09:12Z',
    duration_seconds: 132,
    outcome: 'customer_confirmed',
    summary: 'Customer confirmed pickup at the Main Street depot.',
    ...overrides,
  };
}

/**
 * The seeded calls: to the customers of the Infobip sandbox's conversations (test/sandbox/infobip.js),
 * so the card's "Calls with this customer" lists some; its "New contact" has none.
 */
export function seededCalls() {
  const ana = '+41793026727';
  return [
    sampleCall('call_7f3a9c21'), // to Ana
    sampleCall('call_5d20b8e4', {
      status: 'no_answer',
      to: ana,
      started_at: '2024-04-30T16:40:00Z',
      ended_at: '2024-04-30T16:40:45Z',
      duration_seconds: 0,
      outcome: null,
      summary: null,
    }),
    sampleCall('call_a1c93f07', {
      to: '+819012345678',
      campaign: { uid: 'cmp_5120', name: 'Warranty check-in' },
      started_at: '2024-05-01T09:12:00Z',
      ended_at: '2024-05-01T09:15:31Z',
      duration_seconds: 211,
      outcome: 'callback_requested',
      summary: 'Customer asked for a call back after 18:00 about the error on the coffee machine.',
    }),
    sampleCall('call_e48b6a52', {
      status: 'busy',
      to: '+4915112345678',
      campaign: { uid: 'cmp_6032', name: 'Appointment reminder' },
      started_at: '2024-04-29T14:05:00Z',
      ended_at: '2024-04-29T14:05:08Z',
      duration_seconds: 0,
      outcome: null,
      summary: null,
    }),
  ];
}

/** A number as `?to=` may give it: digits with an optional leading + (compared without it). */
const NUMBER = /^\+?(\d{1,20})$/;

const token = () => randomBytes(64).toString('base64url').slice(0, 86);

/**
 * @param {{ clientId?: string, clientSecret?: string }} [options]
 */
export function createMicoSandbox({ clientId = randomUUID(), clientSecret = randomBytes(30).toString('base64url') } = {}) {
  let behaviour = defaultMicoBehaviour();
  /** @type {Map<string, MicoToken>} */
  const tokens = new Map();
  /** @type {Map<string, Record<string, unknown>>} */
  const calls = new Map();
  const seedCalls = () => {
    calls.clear();
    for (const call of seededCalls()) calls.set(call.uid, call);
  };
  seedCalls();
  /** Token requests answered with a token, in order (scopes granted). */
  /** @type {string[][]} */
  const issued = [];

  /** An API path's 2xx answer, padded as the behaviour says. @param {Res} res @param {Record<string, unknown>} body */
  const sendResource = (res, body) => sendJson(res, 200, behaviour.answerPadding > 0 ? { ...body, padding: 'x'.repeat(behaviour.answerPadding) } : body);

  /** @param {Res} res @param {number} status @param {string} error @param {string} description */
  const oauthError = (res, status, error, description) => sendJson(res, status, { error, error_description: description, message: description });

  /** @type {Handler} */
  function tokenEndpoint(req, res, ctx) {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return oauthError(res, 400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
    }
    const params = new URLSearchParams(ctx.body);
    const grant = params.get('grant_type');
    if (!grant) return oauthError(res, 400, 'invalid_request', 'The request is missing a required parameter: grant_type.');
    if (grant !== 'client_credentials')
      return oauthError(res, 400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    // Mico reads the client from the body; a Basic header is not how its clients authenticate.
    if (req.headers.authorization) return oauthError(res, 400, 'invalid_request', 'Send client_id and client_secret in the request body.');
    if (params.get('client_id') !== clientId || params.get('client_secret') !== clientSecret) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }
    const asked = (params.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = asked.find((s) => !MICO_SCOPES.includes(s));
    if (unknown !== undefined) return oauthError(res, 400, 'invalid_scope', `The requested scope is invalid, unknown, or malformed: ${unknown}`);
    const access = behaviour.issueAccessToken ?? token();
    tokens.set(access, { scopes: new Set(asked), expiresAt: ctx.now() + behaviour.tokenLifetimeSeconds * 1000, revoked: false });
    issued.push(asked);
    /** @type {Record<string, unknown>} */
    const answer = { access_token: access, expires_in: behaviour.claimedExpiresIn ?? behaviour.tokenLifetimeSeconds, token_type: 'bearer' };
    if (behaviour.sendRefreshToken) answer.refresh_token = token();
    sendJson(res, 200, answer);
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {Res} res @param {number} now @param {string} scope
   * @returns {boolean} true when the request may go on; otherwise the refusal has been sent
   */
  function authorized(req, res, now, scope) {
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
    const record = match?.[1] ? tokens.get(match[1]) : undefined;
    if (!record || record.revoked || now >= record.expiresAt) {
      sendJson(res, 401, { message: 'Unauthenticated.' });
      return false;
    }
    if (!record.scopes.has(scope)) {
      sendJson(res, 403, { message: 'Invalid scope(s) provided.' });
      return false;
    }
    return true;
  }

  /**
   * The calls to one number, newest first; a missing, repeated or malformed `to` is refused in the
   * words of Laravel's validation (400 here: the stand-in's own endpoint).
   * @param {Res} res @param {string[]} to
   */
  function callsTo(res, to) {
    const refuse = (/** @type {string} */ why) => sendJson(res, 400, { message: why, errors: { to: [why] } });
    if (to.length === 0 || to[0] === '') return refuse('The to field is required.');
    if (to.length > 1) return refuse('The to field must be a single phone number.');
    const digits = NUMBER.exec(String(to[0]))?.[1];
    if (!digits) return refuse('The to field must be a phone number: up to 20 digits, with an optional leading +.');
    const found = [...calls.values()]
      .filter((call) => String(call.to).replace(/^\+/, '') === digits)
      .sort((a, b) => String(b.started_at).localeCompare(String(a.started_at)));
    sendResource(res, { data: found });
  }

  /**
   * Answers every path under the prefix (an unknown one with Mico's 404), so it always returns true.
   * @type {Handler}
   */
  function handler(req, res, ctx) {
    route(req, res, ctx);
    return true;
  }

  /** @type {Handler} */
  function route(req, res, ctx) {
    const path = ctx.subpath;
    if (path === '/oauth/token') {
      if (req.method !== 'POST') return sendJson(res, 405, { message: `The ${req.method} method is not supported for this route.` }, { Allow: 'POST' });
      return tokenEndpoint(req, res, ctx);
    }
    const api = path.startsWith(`${behaviour.apiPrefix}/v1/`) ? path.slice(behaviour.apiPrefix.length) : '';
    const call = /^\/v1\/outbound_calls\/([^/]+)$/.exec(api);
    if (call && req.method === 'GET') {
      if (!authorized(req, res, ctx.now(), 'outbound_calls:read')) return;
      const uid = decodeURIComponent(call[1] ?? '');
      const found = calls.get(uid);
      return found ? sendResource(res, found) : sendJson(res, 404, { message: `Outbound call ${uid} not found.` });
    }
    if (api === '/v1/outbound_calls' && req.method === 'GET') {
      if (!authorized(req, res, ctx.now(), 'outbound_calls:read')) return;
      return callsTo(res, ctx.url.searchParams.getAll('to'));
    }
    if (api === '/v1/campaigns' && req.method === 'GET') {
      if (!authorized(req, res, ctx.now(), 'campaigns:read')) return;
      return sendResource(res, { data: [{ uid: 'cmp_4471', name: 'Parcel delivery follow-up', status: 'active' }] });
    }
    sendJson(res, 404, { message: 'Not Found' });
  }

  return {
    handler,
    clientId,
    clientSecret,
    /** Scopes of each token issued, in order (a live array). */
    issued,
    /** @param {Partial<MicoBehaviour>} partial */
    behave(partial) {
      for (const [key, value] of Object.entries(partial)) {
        if (!(key in behaviour)) throw new TypeError(`unknown Mico behaviour: ${key}`);
        if (key === 'apiPrefix' && value !== '' && value !== '/api') throw new TypeError("apiPrefix must be '' or '/api'");
        if (key === 'answerPadding' && !(Number.isInteger(value) && Number(value) >= 0)) throw new TypeError('answerPadding must be a whole number of bytes');
        if (key === 'tokenLifetimeSeconds' && !(typeof value === 'number' && value > 0)) throw new TypeError('tokenLifetimeSeconds must be positive');
      }
      behaviour = { ...behaviour, ...partial };
    },
    reset() {
      behaviour = defaultMicoBehaviour();
      tokens.clear();
      issued.length = 0;
      seedCalls();
    },
    /** @param {Record<string, unknown>} call must carry a `uid` */
    addCall(call) {
      if (typeof call.uid !== 'string') throw new TypeError('addCall: the call needs a uid');
      calls.set(call.uid, call);
    },
    /** Every token stops working at once (e.g. the credential was regenerated in Mico's web app). */
    revokeTokens() {
      for (const record of tokens.values()) record.revoked = true;
    },
  };
}

/** @typedef {ReturnType<typeof createMicoSandbox>} MicoSandbox */
