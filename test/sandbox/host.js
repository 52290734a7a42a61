// @ts-check
/**
 * The host page: plays the Infobip web interface that frames the app. It is served on 127.0.0.1
 * while the app is on `localhost`, so the app runs in a cross-site iframe, as it does inside Infobip
 * (third-party storage and cookie rules apply). Server-rendered, one request per view: selecting a
 * conversation loads a new iframe with a fresh Infobip `state`.
 *
 *   /                                  the card for the first conversation (same as page=card&conversationId=c1)
 *   /?page=card&conversationId=c2      one card for that conversation
 *   /?page=card                        one card without a conversation
 *   /?page=card&count=3                three cards side by side, each its own state and conversation
 *                                      (up to 6: past the list, conversations repeat, as agents open them)
 *   /?page=settings                    the app settings page
 *   …&width=320&height=640             the frames' size (280–800 × 300–1200; default 360 × 640)
 *   …&theme=dark                       passed on to the app, as a host that knows its theme would
 *   /__host/ping                       liveness check
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { closeServer, escapeHtml, listen, sendHtml, sendJson } from './http.js';
import { CONVERSATIONS } from './infobip.js';

/** Infobip's state values look like `WeHH_yy2irpl8UY`. */
export const freshState = () => randomBytes(11).toString('base64url');

/** @typedef {{ id: string, customer: string, channel: string, address: string }} Conversation */

/** The width Infobip gives a context card in its sidebar. */
export const FRAME_WIDTH = 360;
const FRAME_HEIGHT = 640;
/** The most cards side by side: an agent's start of the day, every tab of conversations opening at once. */
const MAX_CARDS = 6;

/**
 * Works out which frames a query asks for.
 * @param {URLSearchParams} query
 * @param {string} appUrl
 * @param {readonly Conversation[]} conversations
 * @returns {View | { error: string }}
 */
export function framesFor(query, appUrl, conversations) {
  const size = { width: Number(query.get('width') ?? FRAME_WIDTH), height: Number(query.get('height') ?? FRAME_HEIGHT) };
  if (!Number.isInteger(size.width) || size.width < 280 || size.width > 800) return { error: 'width must be 280 to 800' };
  if (!Number.isInteger(size.height) || size.height < 300 || size.height > 1200) return { error: 'height must be 300 to 1200' };
  const theme = query.get('theme');
  if (theme !== null && theme !== 'light' && theme !== 'dark') return { error: 'theme must be light or dark' };
  const view = framesForPage(query, appUrl, conversations, theme);
  return 'error' in view ? view : { ...view, ...size };
}

/**
 * @param {URLSearchParams} query
 * @param {string} appUrl
 * @param {readonly Conversation[]} conversations
 * @param {string | null} theme
 * @returns {Omit<View, 'width' | 'height'> | { error: string }}
 */
function framesForPage(query, appUrl, conversations, theme) {
  const pageName = query.get('page') ?? 'card';
  const first = /** @type {Conversation} */ (conversations[0]);
  const conversationId = query.get('conversationId') ?? (query.has('page') ? null : first.id);
  /** @param {string} id */
  const card = (id) => {
    const c = conversations.find((x) => x.id === id);
    const params = new URLSearchParams({ state: freshState(), conversationId: id, ...(theme ? { theme } : {}) });
    return { src: `${appUrl}card.html?${params}`, title: `Context card: conversation with ${c?.customer ?? id}`, conversationId: id };
  };

  if (pageName === 'settings') {
    return {
      heading: 'App settings',
      current: 'settings',
      frames: [{ src: `${appUrl}settings.html?${new URLSearchParams({ state: freshState() })}`, title: 'App settings' }],
    };
  }
  if (pageName !== 'card') return { error: `unknown page: ${pageName}` };

  if (query.has('count')) {
    const count = Number(query.get('count'));
    if (!Number.isInteger(count) || count < 1 || count > MAX_CARDS) return { error: `count must be 1 to ${MAX_CARDS}` };
    const frames = Array.from({ length: count }, (_, i) => card(/** @type {Conversation} */ (conversations[i % conversations.length]).id));
    return { heading: `${count} context cards`, current: `count-${count}`, frames };
  }
  if (conversationId) {
    const c = conversations.find((x) => x.id === conversationId);
    return { heading: `Conversation with ${c?.customer ?? conversationId}`, current: conversationId, frames: [card(conversationId)] };
  }
  return {
    heading: 'No conversation selected',
    current: 'none',
    frames: [{ src: `${appUrl}card.html?${new URLSearchParams({ state: freshState() })}`, title: 'Context card without a conversation' }],
  };
}

/** @typedef {{ heading: string, current: string, width: number, height: number, frames: { src: string, title: string, conversationId?: string }[] }} View */

/**
 * @param {View} view
 * @param {readonly Conversation[]} conversations
 */
function render(view, conversations) {
  const link = (/** @type {string} */ href, /** @type {string} */ key, /** @type {string} */ label) =>
    `<li><a href="${escapeHtml(href)}"${view.current === key ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const list = conversations
    .map((c) =>
      link(
        `/?page=card&conversationId=${encodeURIComponent(c.id)}`,
        c.id,
        `${escapeHtml(c.customer)}<span class="meta">${escapeHtml(c.channel)} · +${escapeHtml(c.address)}</span>`,
      ),
    )
    .join('');
  const frames = view.frames
    .map(
      (f, i) =>
        `<iframe name="app-${i}" id="app-${i}" title="${escapeHtml(f.title)}" src="${escapeHtml(f.src)}"` +
        `${f.conversationId ? ` data-conversation-id="${escapeHtml(f.conversationId)}"` : ''}` +
        ` allow="clipboard-write" width="${view.width}" height="${view.height}"></iframe>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.heading)} - Conversations (local Infobip host)</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #f4f5f7; }
  header { padding: .5rem 1rem; background: #fff; border-bottom: 1px solid #d0d4da; }
  header h1 { margin: 0; font-size: 1.2rem; }
  .layout { display: flex; align-items: flex-start; }
  .side { width: 240px; flex: none; padding: .5rem 1rem; }
  .side h2 { font-size: .95rem; margin: 1rem 0 .25rem; }
  .side ul { list-style: none; margin: 0; padding: 0; }
  .side a { display: block; padding: .4rem .5rem; color: #0b4fa8; border-radius: 4px; }
  .side a[aria-current="page"] { background: #dde8f7; font-weight: 600; color: #0a3d82; }
  .meta { display: block; font-size: .8rem; color: #4a4f57; font-weight: 400; }
  main { padding: .5rem 1rem; }
  main h2 { font-size: 1.05rem; margin: .5rem 0; }
  .frames { display: flex; gap: 1rem; flex-wrap: wrap; }
  iframe { border: 1px solid #c4c9d0; background: #fff; }
</style>
</head>
<body>
<header><h1>Conversations</h1></header>
<div class="layout">
<nav class="side" aria-label="Conversations and apps">
<h2>Open conversations</h2>
<ul>${list}</ul>
<h2>Apps</h2>
<ul>
${link('/?page=settings', 'settings', 'App settings')}
${link('/?page=card', 'none', 'Card without a conversation')}
${link(`/?page=card&count=${Math.min(3, conversations.length)}`, `count-${Math.min(3, conversations.length)}`, 'Several cards side by side')}
</ul>
</nav>
<main aria-labelledby="view-heading">
<h2 id="view-heading">${escapeHtml(view.heading)}</h2>
<div class="frames">
${frames}
</div>
</main>
</div>
<script>
  // Whatever the app posts to its host, kept for tests: window.__hostMessages.
  window.__hostMessages = [];
  addEventListener('message', (e) => window.__hostMessages.push({ origin: e.origin, data: e.data }));
</script>
</body>
</html>
`;
}

/**
 * Starts the host page server.
 * @param {{ appUrl: string, port?: number, host?: string, conversations?: readonly Conversation[] }} options
 *   appUrl: the deployed app folder, with trailing slash (e.g. 'http://localhost:5173/apps/card/')
 */
export async function createHostServer({ appUrl, port = 0, host = '127.0.0.1', conversations = CONVERSATIONS.slice(0, 3) }) {
  if (!appUrl.endsWith('/')) throw new TypeError('appUrl must end with /');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/__host/ping') return sendJson(res, 200, { ok: true, appUrl });
    if (url.pathname !== '/') return sendHtml(res, 404, '<!doctype html><html lang="en"><title>Not found</title><main><h1>Not found</h1></main></html>');
    const view = framesFor(url.searchParams, appUrl, conversations);
    if ('error' in view)
      return sendHtml(
        res,
        400,
        `<!doctype html><html lang="en"><title>Bad request</title><main><h1>Bad request</h1><p>${escapeHtml(view.error)}</p></main></html>`,
      );
    sendHtml(res, 200, render(view, conversations));
  });
  const boundPort = await listen(server, port, host);
  return {
    /** e.g. 'http://127.0.0.1:5175/' */
    url: `http://127.0.0.1:${boundPort}/`,
    /** the origin the app must list in hostOrigins */
    origin: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    server,
    close: () => closeServer(server),
  };
}
