// @ts-check
/**
 * Tiny helpers shared by the local sandbox servers (Infobip, and later Mico Voice AI and Fujitsu):
 * body reading, JSON/HTML answers, CORS, and starting/stopping a server. Node built-ins only.
 */

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/** Bodies are cached per request so a mounted handler can read a body the router already read. */
const bodies = new WeakMap();

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the whole request body as UTF-8 text (once; later calls get the same promise).
 * @param {Req} req
 * @param {{ limit?: number }} [options] limit in bytes (default 1 MB): more rejects with BodyTooLargeError
 * @returns {Promise<string>}
 */
export function readBody(req, { limit = 1_000_000 } = {}) {
  let body = bodies.get(req);
  if (!body) {
    body = new Promise((resolve, reject) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on('data', (/** @type {Buffer} */ chunk) => {
        size += chunk.length;
        if (size > limit) {
          reject(new BodyTooLargeError());
          req.resume(); // drain the rest so the answer can still be sent
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
    bodies.set(req, body);
  }
  return body;
}

/**
 * The media type of a request, lower case, without parameters (`application/json; charset=utf-8` →
 * `application/json`); '' when absent.
 * @param {Req} req
 */
export function mediaType(req) {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a body by its media type, for the request log and handlers. Never throws: a body that does
 * not parse gives `jsonError`.
 * @param {string} text
 * @param {string} type media type from mediaType()
 * @returns {{ form?: Record<string, string>, json?: unknown, jsonError?: string }}
 */
export function parseBody(text, type) {
  if (text === '') return {};
  if (type === 'application/x-www-form-urlencoded') {
    return { form: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { json: JSON.parse(text) };
    } catch (error) {
      return { jsonError: String(/** @type {Error} */ (error).message) };
    }
  }
  return {};
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {unknown} body serialised as JSON
 * @param {Record<string, string | number>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {string} html
 * @param {Record<string, string | number>} [headers]
 */
export function sendHtml(res, status, html, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(html);
}

/**
 * Escapes text for HTML element content and attribute values.
 * @param {unknown} value
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a real API would allow: Infobip's headers, and the Fujitsu gateway's key and token headers. */
export const CORS_ALLOW_HEADERS = 'authorization, content-type, accept, x-api-key, x-access-token';
export const CORS_ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS as a real API does it: reflect the request's Origin (no credentials), `Vary: Origin`, and
 * answer a preflight. Call it first in a handler: when it returns true the preflight has been answered
 * and nothing else must be sent. The browser itself enforces the allowed headers, so an app that sends
 * a header not listed here fails in the browser just as it would against Infobip.
 * @param {Req} req
 * @param {Res} res
 * @param {{ exposeHeaders?: string }} [options]
 * @returns {boolean} true when the request was a preflight and has been answered
 */
export function cors(req, res, { exposeHeaders = 'Retry-After' } = {}) {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (exposeHeaders) res.setHeader('Access-Control-Expose-Headers', exposeHeaders);
  }
  const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!isPreflight) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
    'Content-Length': 0,
  });
  res.end();
  return true;
}

/**
 * Starts listening and resolves with the port actually bound (port 0 picks a free one).
 * @param {import('node:http').Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>}
 */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Closes a server without waiting for browsers' idle keep-alive connections.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
