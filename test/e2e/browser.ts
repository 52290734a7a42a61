/**
 * Real Chromium (Debian's), driven by playwright-core, in the two ways our users' browsers treat a
 * cross-site iframe:
 * - 'partitioned': the frame gets storage partitioned under the host site (Chrome's default);
 * - 'denied': third-party cookies blocked with unpartitioned storage, so IndexedDB and localStorage
 *   throw in the frame (the profile preference a user sets, as Chrome's incognito does).
 * Playwright's own defaults turn off storage partitioning and popup blocking; both matter here, so
 * they are set explicitly. (Headless Chromium ignores the popup-blocking setting: a test that needs a
 * blocked popup makes window.open answer null, as a blocker does.)
 *
 * Every page runs under the production CSP (the static server sends the generated `_headers`), and
 * every context listens for `securitypolicyviolation` in every frame: a test whose pages broke the
 * policy fails when its context is cleaned up, naming what was blocked.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM, DENIED_FLAGS, PARTITIONED_FLAGS } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The suite's one default Chromium (global-setup.ts), which every file connects to. */
    chromiumEndpoint?: string;
  }
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The browser tests need Debian's Chromium: ` +
        'run `sudo apt-get install -y chromium` (npm test does this when it can), or set CHROMIUM_PATH.',
    );
  }
}

export interface LaunchOptions {
  /** 'denied' always gets the default width and light scheme: its one browser per file is shared. */
  storage?: 'partitioned' | 'denied';
  width?: number;
  colorScheme?: 'light' | 'dark';
  /** The browser's language (navigator.language) and time zone, e.g. 'ja-JP' and 'Asia/Tokyo'. */
  locale?: string;
  timezoneId?: string;
}

let shared: Promise<Browser> | undefined;
/** The profile that blocks third-party storage: one Chromium per file, its pages closed after each test. */
let denied: Promise<{ context: BrowserContext; profile: string; violations: string[] }> | undefined;

function args(storage: 'partitioned' | 'denied'): string[] {
  return storage === 'denied' ? DENIED_FLAGS : PARTITIONED_FLAGS;
}

/** How the default browser is launched: once for the whole suite (global-setup.ts), or by a file run on its own. */
export const PARTITIONED = { executablePath: CHROMIUM, headless: true, args: args('partitioned'), ignoreDefaultArgs: ['--disable-popup-blocking'] };

/**
 * The default browser (partitioned storage, popups allowed) is launched once for the suite and each file
 * connects to it; each test gets a fresh context. The denied-storage browser is launched once per file:
 * with storage denied, nothing a test leaves outlives its pages.
 */
export async function closeSharedBrowser(): Promise<void> {
  const browser = await shared;
  shared = undefined;
  await browser?.close();
  const profile = await denied;
  denied = undefined;
  await profile?.context.close();
  if (profile) rmSync(profile.profile, { recursive: true, force: true });
}

export type Context = BrowserContext & {
  cleanup(): Promise<void>;
  /** Violations seen so far (a live list): cleanup() fails the test unless it is empty. */
  policyViolations: string[];
};

/** Installs the listener in every frame of `context`; the returned list fills as violations happen. */
async function watchPolicyViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__reportPolicyViolation', ({ frame }, text: string) => void violations.push(`${frame.url()}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportPolicyViolation(text: string): void }).__reportPolicyViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return violations;
}

function withChecks(context: BrowserContext, violations: string[], close: () => Promise<void>): Context {
  return Object.assign(context, {
    policyViolations: violations,
    async cleanup() {
      await close();
      if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
    },
  });
}

export async function launch({ storage = 'partitioned', width = 1100, colorScheme = 'light', locale, timezoneId }: LaunchOptions = {}): Promise<Context> {
  assertChromium();
  const view = { viewport: { width, height: 800 }, colorScheme, ...(locale ? { locale } : {}), ...(timezoneId ? { timezoneId } : {}) } as const;
  if (storage === 'partitioned') {
    const endpoint = inject('chromiumEndpoint');
    shared ??= endpoint ? chromium.connect(endpoint) : chromium.launch(PARTITIONED);
    const context = await (await shared).newContext(view);
    return withChecks(context, await watchPolicyViolations(context), () => context.close());
  }
  denied ??= launchDenied();
  const { context, violations } = await denied;
  await context.clearCookies();
  violations.length = 0;
  return withChecks(context, violations, async () => {
    for (const page of context.pages()) await page.close();
  });
}

/** A user's setting (block third-party cookies) lives in a profile of its own. */
async function launchDenied(): Promise<{ context: BrowserContext; profile: string; violations: string[] }> {
  const view = { viewport: { width: 1100, height: 800 }, colorScheme: 'light' } as const;
  const profile = mkdtempSync(join(tmpdir(), 'exchange-card-chromium-'));
  mkdirSync(join(profile, 'Default'));
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({
      profile: {
        cookie_controls_mode: 1,
      },
    }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: args('denied'),
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    ...view,
  });
  return { context, profile, violations: await watchPolicyViolations(context) };
}

/** The app's frame inside the host page (the first, or the n-th of several cards). */
export async function appFrame(page: Page, index = 0): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[name="app-${index}"]`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app frame has no content');
  return frame;
}
