// @ts-check
/**
 * A plain static file server, like a CDN bucket an operator would deploy `dist/` to: it serves one
 * folder under a sub-path (e.g. `/apps/card/`), with no rewrite rules. A path that is not a file is
 * 404, `dir/` serves `dir/index.html`, and a folder without its trailing slash gets the usual 301.
 * This is what proves every asset URL in the build is relative and no page relies on a fallback.
 * Like Netlify or Cloudflare Pages, it sends the headers of the folder's `_headers` file (the `/*`
 * block: the production CSP and its companions) with every file, and never serves `_headers` itself.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseHeadersFile } from '../../scripts/headers.mjs';
import { closeServer, listen } from './http.js';

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
});

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {Record<string, string>} [headers]
 */
function plain(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Starts the server. The folder can be set (or swapped) later with setDir(), so the URL is known
 * before the site is deployed.
 * @param {{ dir?: string | null, base?: string, port?: number, host?: string, hostname?: string }} [options]
 *   base: the sub-path, with leading and trailing slash; hostname: used in `url` (default 'localhost')
 */
export async function createStaticServer({ dir = null, base = '/', port = 0, host = '127.0.0.1', hostname = 'localhost' } = {}) {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new TypeError('base must start and end with /');
  let root = dir ? resolve(dir) : null;
  /** Off: a host that was deployed without the generated headers (what the in-page checks face alone). */
  let sendHeaders = true;
  /** The files sent, in order, as paths under `base`: what a browser fetched rather than took from its cache. */
  /** @type {string[]} */
  const sent = [];

  const server = createServer((req, res) => {
    serve(req, res).catch((error) => {
      console.error('[static server]', error);
      if (!res.headersSent) plain(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function serve(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://static');
    if (!root) return plain(res, 503, 'Nothing deployed yet');
    if (url.pathname === base.slice(0, -1)) return plain(res, 301, 'Moved', { Location: base + url.search });
    if (!url.pathname.startsWith(base)) return plain(res, 404, 'Not Found');

    let relative;
    try {
      relative = decodeURIComponent(url.pathname.slice(base.length));
    } catch {
      return plain(res, 400, 'Bad Request');
    }
    if (relative.includes('\0') || relative.split('/').includes('..') || relative === '_headers') return plain(res, 404, 'Not Found');
    let file = resolve(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return plain(res, 404, 'Not Found');

    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) return plain(res, 301, 'Moved', { Location: `${url.pathname}/${url.search}` });
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return plain(res, 404, 'Not Found');

    const type = /** @type {Record<string, string>} */ (CONTENT_TYPES)[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Read on every request: `npm run headers` may have rewritten it since.
    const site = sendHeaders ? parseHeadersFile(await readFile(join(root, '_headers'), 'utf8').catch(() => '')) : {};
    res.writeHead(200, {
      ...site,
      'Content-Type': type,
      'Content-Length': info.size,
      // As the README asks of a CDN: hashed assets cached for good; pages and config.json revalidated
      // (no validators here, so every revalidation is a fresh copy: tests may rewrite config.json).
      'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff', // as a CDN would: a wrong type fails loudly instead of being sniffed
    });
    if (req.method === 'HEAD') return res.end();
    sent.push(relative);
    // A file removed between stat and read (a deployment taken down mid-request) ends the answer, not the process.
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const boundPort = await listen(server, port, host);
  return {
    /** e.g. 'http://localhost:5173/apps/card/' */
    url: `http://${hostname}:${boundPort}${base}`,
    port: boundPort,
    /** @param {string} next the folder to serve from now on */
    setDir(next) {
      root = resolve(next);
    },
    get dir() {
      return root;
    },
    /** @type {readonly string[]} */
    sent,
    /** @param {boolean} on whether the `_headers` file's headers are sent */
    serveHeaders(on) {
      sendHeaders = on;
    },
    server,
    close: () => closeServer(server),
  };
}
