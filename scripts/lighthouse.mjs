// @ts-check
/**
 * `npm run lighthouse [-- --runs N] [--no-build]`: Lighthouse 12 on the card, desktop and mobile, with Debian's
 * Chromium, against the local sandbox. The card is loaded top-level (Lighthouse cannot audit a frame
 * alone) with a seeded session: one sign-in through the sandbox first, then Lighthouse keeps the
 * storage (disableStorageReset), so it measures what an agent sees all day: the card with its token,
 * messages and SMS form. Prints the four scores (median of N runs, 3 by default: on a shared machine one
 * run's blocking time is noise) and every audit that is not passed in the median run.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS } from '../test/e2e/chromium.js';
import { startAll } from '../test/sandbox/index.js';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'no-build': { type: 'boolean', default: false } } });
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
if (!args['no-build']) {
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn' });
}

const world = await startAll({ distDir: join(root, 'dist') });
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: FLAGS,
});
let failed = false;
try {
  const url = `${world.appUrl}card.html?conversationId=c1`;
  // Seed the session: a real sign-in (authorize, callback, token) stores the token in this profile.
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  const page = await browser.contexts()[0]?.newPage();
  if (!page) throw new Error('no browser context to seed the session in');
  await page.goto(url);
  await page.getByText('developeruser').waitFor({ timeout: 30_000 });
  await page.close();
  await browser.close();

  for (const [name, config] of /** @type {const} */ ([
    ['desktop', desktopConfig],
    ['mobile', undefined],
  ])) {
    /** @type {import('lighthouse').Result[]} */
    const results = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', disableStorageReset: true }, config);
      if (!result) throw new Error('Lighthouse returned nothing');
      results.push(result.lhr);
    }
    // The run whose performance score is the median stands for all.
    results.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
    const { categories, audits } = /** @type {import('lighthouse').Result} */ (results[results.length >> 1]);
    console.log(
      `\n${name} (median of ${runs}): ${Object.values(categories)
        .map((c) => `${c.title} ${c.score?.toFixed(2)}`)
        .join(' · ')}`,
    );
    const weighted = new Set(Object.values(categories).flatMap((c) => c.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id)));
    for (const audit of Object.values(audits)) {
      if (audit.score !== null && audit.score < 1 && weighted.has(audit.id)) {
        console.log(`  ${audit.score.toFixed(2)}  ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  chrome.kill();
  await world.close();
}
process.exit(failed ? 1 : 0);
