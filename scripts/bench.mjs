// @ts-check
/**
 * `npm run bench [-- --runs N] [--vs <git ref | folder>] [--no-build] [--timeline]`: how fast the card loads, in
 * Debian's Chromium, framed cross-site by the sandbox's host page (the same world as the e2e tests).
 *
 * Each run is a fresh browser context: a cold load (no token, empty cache: authorize, callback, token)
 * then two warm loads (token stored, assets cached). Printed: medians of N runs with min–max, the
 * requests and bytes of a load. With --vs, the other build gets its own sandbox and runs interleaved
 * A B A B in the same browser, and each median is also given as a ratio A ÷ B: on a shared, noisy
 * machine only those ratios mean anything, never a figure compared with another run's.
 *
 * A third site runs interleaved with them: the floor (scripts/bench-floor.js), this tree's site with a
 * card.html that does a warm load's work in one script and no framework. Each warm figure is also given
 * over the floor's, in the same run: how far the card is from what the platform allows.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, PARTITIONED_FLAGS } from '../test/e2e/chromium.js';
import { startAll } from '../test/sandbox/index.js';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    vs: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    timeline: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');

/** What the sandbox's default user and conversation c1 put on the card: found by text, whatever the markup. */
const USERNAME = 'developeruser';
const MESSAGE = 'parcel 4471';

/** @param {string} cwd */
function build(cwd) {
  execFileSync(process.execPath, [join(cwd, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd, stdio: 'inherit' });
  return join(cwd, 'dist');
}

/**
 * A folder with a built site, or a git ref built in a temporary worktree sharing this node_modules.
 * @param {string} ref
 */
function other(ref) {
  if (existsSync(join(ref, 'card.html'))) return { dist: resolve(ref), label: ref, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'exchange-card-bench-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, ref], { cwd: root, stdio: 'inherit' });
  const cleanup = () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'inherit' });
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return { dist: build(dir), label: ref, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * The floor's site: a copy of `dist` whose card.html is the floor page; the real card, renamed
 * card-app.html, signs in for it on a cold load.
 * @param {string} dist
 */
function floor(dist) {
  const dir = mkdtempSync(join(tmpdir(), 'exchange-card-floor-'));
  cpSync(dist, dir, { recursive: true });
  renameSync(join(dir, 'card.html'), join(dir, 'card-app.html'));
  // In assets/, so a warm load finds it cached as it finds the app's scripts.
  copyFileSync(join(root, 'scripts/bench-floor.js'), join(dir, 'assets/floor.js'));
  writeFileSync(
    join(dir, 'card.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title><link rel="preload" href="./config.json" as="fetch" crossorigin><script type="module" src="./assets/floor.js"></script></head><body></body></html>\n',
  );
  return { dist: dir, label: 'one-script floor', cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * In every document: when the username and the first message first appear in the DOM, in ms from that
 * document's start (a MutationObserver fires before the frame paints them).
 */
const MARKER = `(() => {
  const marks = (window.__bench = {});
  const check = () => {
    const text = document.body ? document.body.textContent : '';
    if (marks.user === undefined && text.includes(${JSON.stringify(USERNAME)})) marks.user = performance.now();
    if (marks.messages === undefined && text.includes(${JSON.stringify(MESSAGE)})) marks.messages = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

// As the browser suite launches it (partitioned storage, as Chrome ships).
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: PARTITIONED_FLAGS,
  ignoreDefaultArgs: ['--disable-popup-blocking'],
});

/**
 * `promise`, or `fallback` after `ms`: an answer that never comes (a frame or a request torn down while
 * it was asked about) must fail the load, not hang the bench (one run of 40 once waited for ever).
 * @template T @param {Promise<T>} promise @param {number} ms @param {T} fallback @returns {Promise<T>}
 */
function within(promise, ms, fallback) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, fallback);
  });
  return Promise.race([promise, /** @type {Promise<T>} */ (late)]).finally(() => clearTimeout(timer));
}

/**
 * One load of the host page: ms to username and messages from the portal's start and from the frame
 * document's start, and the requests made before the username showed.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {string} appUrl
 */
async function load(page, url, appUrl) {
  /** @type {import('playwright-core').Request[]} */
  const finished = [];
  const onFinished = (/** @type {import('playwright-core').Request} */ r) => void finished.push(r);
  page.on('requestfinished', onFinished);
  await page.goto(url);
  const portal = await page.evaluate(() => performance.timeOrigin);
  const deadline = Date.now() + 30_000;
  /** @type {{ origin: number, user?: number, messages?: number } | undefined} */
  let marks;
  while (!marks?.user || !marks.messages) {
    if (Date.now() > deadline) throw new Error(`the card did not show ${USERNAME} and the messages within 30 s`);
    await page.waitForTimeout(25);
    const asked = page
      .frame({ name: 'app-0' })
      ?.evaluate(() => ({ origin: performance.timeOrigin, .../** @type {any} */ (window).__bench }))
      .catch(() => undefined);
    marks = asked && (await within(asked, 2_000, undefined));
  }
  page.off('requestfinished', onFinished);
  const userAt = marks.origin + marks.user;
  let bytes = 0;
  let files = 0;
  for (const request of finished) {
    const sizes = await within(
      request.sizes().catch(() => undefined),
      5_000,
      undefined,
    );
    bytes += sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
    if (request.url().startsWith(appUrl) && request.timing().startTime <= userAt) files++;
  }
  return {
    timeline: timeline(finished, portal, userAt),
    userFromFrame: marks.user,
    userFromPortal: userAt - portal,
    messagesFromPortal: marks.origin + marks.messages - portal,
    siteFilesBeforeUser: files,
    requests: finished.length,
    kB: bytes / 1000,
  };
}

/**
 * A load's requests in the order they started, ms from the portal's start (start → end), the username's
 * moment among them: what a load waits for, and in which frame.
 * @param {import('playwright-core').Request[]} requests @param {number} portal @param {number} userAt
 */
function timeline(requests, portal, userAt) {
  const rows = requests.map((r) => {
    const t = r.timing();
    const frame = r.frame().name() || (r.frame().parentFrame() ? '(frame)' : 'portal');
    const end = t.responseEnd >= 0 ? Math.round(t.startTime + t.responseEnd - portal) : '?';
    return {
      at: t.startTime - portal,
      line: `${Math.round(t.startTime - portal)} → ${end}  ${frame.padEnd(24)} ${r.method()} ${r.url().replace(/\?.*/, '?…')}`,
    };
  });
  rows.push({ at: userAt - portal, line: `${Math.round(userAt - portal)}  ── username shown` });
  return rows.sort((a, b) => a.at - b.at).map((row) => row.line);
}

/** @param {{ label: string, dist: string }} variant */
async function world(variant) {
  const w = await startAll({ distDir: variant.dist });
  return { ...variant, world: w, samples: { cold: /** @type {any[]} */ ([]), warm: /** @type {any[]} */ ([]) } };
}

/** @param {Awaited<ReturnType<typeof world>>} v */
async function run(v) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  await context.addInitScript(MARKER);
  const page = await context.newPage();
  const url = `${v.world.hostUrl}?page=card&conversationId=c1`;
  try {
    v.samples.cold.push(await load(page, url, v.world.appUrl));
    for (let i = 0; i < 2; i++) v.samples.warm.push(await load(page, url, v.world.appUrl));
  } finally {
    await context.close();
  }
}

const cleanups = [];
let failed = false;
try {
  const here = { label: 'this tree', dist: args['no-build'] ? join(root, 'dist') : build(root) };
  const there = args.vs ? other(args.vs) : undefined;
  if (there) cleanups.push(there.cleanup);
  const bottom = floor(here.dist);
  cleanups.push(bottom.cleanup);
  const variants = [await world(here), ...(there ? [await world(there)] : []), await world(bottom)];
  for (const v of variants) cleanups.push(() => v.world.close());
  // One untimed round first: Chromium's own first start and the servers' first answers are not the app's.
  for (const v of variants) {
    await run(v);
    v.samples.cold.length = 0;
    v.samples.warm.length = 0;
  }
  for (let i = 0; i < runs; i++) {
    for (const v of variants) await run(v);
    process.stderr.write(`\rrun ${i + 1}/${runs}`);
  }
  process.stderr.write('\n');
  report(variants);
  if (args.timeline) {
    for (const v of variants.slice(0, -1)) {
      for (const kind of /** @type {const} */ (['cold', 'warm']))
        console.log(`\n${v.label}, last ${kind} load:\n${v.samples[kind]?.at(-1)?.timeline.join('\n')}`);
    }
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
}
process.exit(failed ? 1 : 0);

/**
 * @param {number[]} xs
 * @returns {number}
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? Number(s[mid]) : (Number(s[mid - 1]) + Number(s[mid])) / 2;
}

/** @param {{ label: string, samples: Record<string, any[]> }[]} variants */
function report(variants) {
  const rows = [
    ['warm', 'userFromFrame', 'username shown, ms from the frame document’s start'],
    ['warm', 'userFromPortal', 'username shown, ms from the portal’s start'],
    ['warm', 'messagesFromPortal', 'messages shown, ms from the portal’s start'],
    ['warm', 'siteFilesBeforeUser', 'site files requested before the username'],
    ['warm', 'requests', 'requests of the load'],
    ['warm', 'kB', 'kB transferred (headers + bodies)'],
    ['cold', 'userFromPortal', 'username shown, ms from the portal’s start'],
    ['cold', 'messagesFromPortal', 'messages shown, ms from the portal’s start'],
    ['cold', 'siteFilesBeforeUser', 'site files requested before the username'],
    ['cold', 'requests', 'requests of the load'],
    ['cold', 'kB', 'kB transferred (headers + bodies)'],
  ];
  const fmt = (/** @type {number} */ n) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0));
  const cell = (/** @type {number[]} */ xs) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  const a = /** @type {(typeof variants)[0]} */ (variants[0]);
  const f = /** @type {(typeof variants)[0]} */ (variants.at(-1));
  const b = variants.length > 2 ? variants[1] : undefined;
  console.log(
    `\n${runs} runs (${(a.samples.warm ?? []).length / runs} warm loads each)${b ? `, A = ${a.label}, B = ${b.label}, F = ${f.label}, interleaved A B F A B F` : `, F = ${f.label}, interleaved A F A F`}: median (min–max)\n`,
  );
  const head = ['load', 'figure', b ? 'A' : 'median', ...(b ? ['B', 'A ÷ B', 'paired'] : [])];
  const lines = rows.map(([kind = '', key = '', what = '']) => {
    const va = (a.samples[kind] ?? []).map((s) => s[key]);
    const vb = b?.samples[kind]?.map((s) => s[key]);
    // Paired: the median of each A load over the B load right after it, robust to the machine's load drifting.
    return [kind, what, cell(va), ...(vb ? [cell(vb), (median(va) / median(vb)).toFixed(2), median(va.map((x, i) => x / vb[i])).toFixed(2)] : [])];
  });
  const ratio = (/** @type {typeof a} */ v) =>
    median((v.samples.cold ?? []).map((s) => s.userFromPortal)) / median((v.samples.warm ?? []).map((s) => s.userFromPortal));
  lines.push([
    'cold ÷ warm',
    'username shown, from the portal’s start',
    ratio(a).toFixed(2),
    ...(b ? [ratio(b).toFixed(2), (ratio(a) / ratio(b)).toFixed(2), ''] : []),
  ]);
  // The floor's warm loads, and each site's over them (the floor's cold load is the real card's sign-in).
  for (const [key, what] of /** @type {[string, string][]} */ ([
    ['userFromFrame', 'username shown, from the frame document’s start'],
    ['messagesFromPortal', 'messages shown, from the portal’s start'],
  ])) {
    const of = (/** @type {typeof a} */ v) => (v.samples.warm ?? []).map((s) => s[key]);
    const over = (/** @type {typeof a} */ v) => (median(of(v)) / median(of(f))).toFixed(2);
    lines.push(['floor', `${what}, ms`, cell(of(f)), ...(b ? ['', '', ''] : [])]);
    lines.push(['÷ floor', `warm ${what}`, over(a), ...(b ? [over(b), (median(of(a)) / median(of(b))).toFixed(2), ''] : [])]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  for (const line of [head, ...lines]) console.log(line.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  '));
}
