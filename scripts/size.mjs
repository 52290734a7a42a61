// @ts-check
/**
 * `npm run size`: per page of dist/, the gzip size of the JavaScript and CSS it loads at start (its
 * script, stylesheet and modulepreload tags, and every chunk those scripts import statically: what
 * every load downloads before its first screen), and the JavaScript's Brotli size (what a host that
 * serves Brotli sends). With --check, fails when card.html needs more than 14 KB of JavaScript (gzip)
 * or 3 KB of CSS. Also shown, not gated: the chunks every card fetches right after its first screen.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = 'dist';
const BUDGET = { js: 14 * 1024, css: 3 * 1024 };
/** Chunks every card asks for once its first screen is drawn: the message list, the SMS form and the connections, Rolldown's helper. */
const AFTER_FIRST_SCREEN = /^(MessageList|card-more|rolldown-runtime)-[\w-]{8}\.js$/;

/**
 * `refs` and every chunk they import statically, transitively: what loads before the first line runs.
 * @param {Iterable<string>} refs paths relative to dist, e.g. `assets/app-x.js`
 */
function withImports(refs) {
  const all = new Set(refs);
  for (const ref of all) {
    if (!ref.endsWith('.js')) continue;
    const code = readFileSync(join(dist, ref), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[^"']+\.js)["']/g)) all.add(join(dirname(ref), String(m[1])));
  }
  return all;
}
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;

/** @param {string} page */
function weigh(page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const refs = withImports([...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => String(m[1]).replace(/^\.\//, '')));
  let js = 0;
  let brotli = 0;
  let css = 0;
  for (const ref of refs) {
    const file = readFileSync(join(dist, ref));
    const size = gzipSync(file, { level: 9 }).length;
    if (ref.endsWith('.js')) {
      js += size;
      brotli += brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    } else css += size;
  }
  return { js, brotli, css };
}

let failed = false;
for (const page of readdirSync(dist)
  .filter((f) => f.endsWith('.html'))
  .sort()) {
  const { js, brotli, css } = weigh(page);
  const over = page === 'card.html' && (js > BUDGET.js || css > BUDGET.css);
  failed ||= over;
  console.log(
    `${page.padEnd(14)} JavaScript ${kb(js).padStart(8)} (${js} B; Brotli ${brotli} B, ${Math.round((1 - brotli / js) * 100)}% less)   CSS ${kb(css).padStart(7)}${over ? `   over the card's budget (${kb(BUDGET.js)} / ${kb(BUDGET.css)})` : ''}`,
  );
}
const after = readdirSync(join(dist, 'assets')).filter((f) => AFTER_FIRST_SCREEN.test(f));
const afterSizes = after.map((f) => gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length);
console.log(
  `\nEvery card also fetches right after its first screen (not gated): ${after.map((f, i) => `${f} ${afterSizes[i]} B`).join(', ')}; ${afterSizes.reduce((a, b) => a + b, 0)} B in all.`,
);
if (process.argv.includes('--check') && failed) {
  console.error('\ncard.html is over its size budget.');
  process.exit(1);
}
