// @ts-check
/**
 * `npm run size`: per page of dist/, the gzip size of the JavaScript and CSS it loads at start (its
 * script, stylesheet and modulepreload tags: what every card load downloads), and the JavaScript's
 * Brotli size (what a host that serves Brotli sends). With --check, fails when card.html needs more
 * than 12 KB of JavaScript (gzip) or 3 KB of CSS. Also shown, not gated: the card's screen, a chunk the
 * card fetches at start-up beside config.json and the store.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = 'dist';
const BUDGET = { js: 12 * 1024, css: 3 * 1024 };
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;

/** @param {string} page */
function weigh(page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const refs = new Set([...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => String(m[1])));
  let js = 0;
  let brotli = 0;
  let css = 0;
  for (const ref of refs) {
    const file = readFileSync(join(dist, ref.replace(/^\.\//, '')));
    const size = gzipSync(file, { level: 9 }).length;
    if (ref.endsWith('.js')) {
      js += size;
      brotli += brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    } else css += size;
  }
  return { js, brotli, css };
}

let failed = false;
for (const page of readdirSync(dist).filter((f) => f.endsWith('.html')).sort()) {
  const { js, brotli, css } = weigh(page);
  const over = page === 'card.html' && (js > BUDGET.js || css > BUDGET.css);
  failed ||= over;
  console.log(`${page.padEnd(14)} JavaScript ${kb(js).padStart(8)} (${js} B; Brotli ${brotli} B, ${Math.round((1 - brotli / js) * 100)}% less)   CSS ${kb(css).padStart(7)}${over ? `   over the card's budget (${kb(BUDGET.js)} / ${kb(BUDGET.css)})` : ''}`);
}
const screen = readdirSync(join(dist, 'assets')).find((f) => /^card-[\w-]{8}\.js$/.test(f));
if (screen) {
  const size = gzipSync(readFileSync(join(dist, 'assets', screen)), { level: 9 }).length;
  console.log(`${"card's screen".padEnd(14)} JavaScript ${kb(size).padStart(8)} (${size} B): ${screen}, fetched at start-up by card.html and callback.html, beside config.json and the store`);
}
if (process.argv.includes('--check') && failed) {
  console.error('\ncard.html is over its size budget.');
  process.exit(1);
}
