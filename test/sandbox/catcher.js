// @ts-check
/**
 * A second loopback origin that only listens: it logs every request it receives (method, path, the
 * headers a credential travels in, the body) and answers 200. Tests point redirects here and assert
 * that nothing arrived.
 */
import { createServer } from 'node:http';
import { closeServer, cors, listen, readBody, sendJson } from './http.js';

/** @typedef {{ method: string, path: string, headers: Record<string, string | undefined>, body: string }} Caught */

export async function createCatcher({ port = 0, host = '127.0.0.1' } = {}) {
  /** @type {Caught[]} */
  const log = [];
  const server = createServer(async (req, res) => {
    const h = req.headers;
    const body = await readBody(req).catch(() => '');
    log.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: {
        authorization: h.authorization,
        'x-api-key': /** @type {string | undefined} */ (h['x-api-key']),
        'x-access-token': /** @type {string | undefined} */ (h['x-access-token']),
      },
      body,
    });
    if (cors(req, res)) return;
    sendJson(res, 200, { caught: true });
  });
  const boundPort = await listen(server, port, host);
  return {
    /** 'http://127.0.0.1:PORT': another origin than the sandboxes on localhost. */
    url: `http://127.0.0.1:${boundPort}`,
    /** Every request received, in order (a live array). */
    log,
    reset: () => {
      log.length = 0;
    },
    close: () => closeServer(server),
  };
}
