// @ts-check
/**
 * `npm run size`: per page of dist/, the gzip size of the JavaScript and CSS it loads at start (its
 * script, stylesheet and modulepreload tags: what every card load downloads). With --check, fails when
 * card.html needs more than 15 KB of JavaScript or 3 KB of CSS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist';
const BUDGET = { js: 15 * 1024, css: 3 * 1024 };
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;

/** @param {string} page */
function weigh(page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const refs = new Set([...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => String(m[1])));
  let js = 0;
  let css = 0;
  for (const ref of refs) {
    const size = gzipSync(readFileSync(join(dist, ref.replace(/^\.\//, ''))), { level: 9 }).length;
    if (ref.endsWith('.js')) js += size;
    else css += size;
  }
  return { js, css };
}

let failed = false;
for (const page of readdirSync(dist).filter((f) => f.endsWith('.html')).sort()) {
  const { js, css } = weigh(page);
  const over = page === 'card.html' && (js > BUDGET.js || css > BUDGET.css);
  failed ||= over;
  console.log(`${page.padEnd(14)} JavaScript ${kb(js).padStart(8)}   CSS ${kb(css).padStart(7)}${over ? `   over the card's budget (${kb(BUDGET.js)} / ${kb(BUDGET.css)})` : ''}`);
}
if (process.argv.includes('--check') && failed) {
  console.error('\ncard.html is over its size budget.');
  process.exit(1);
}
