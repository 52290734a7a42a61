/**
 * Real Chromium (Debian's), driven by playwright-core, in the two ways our users' browsers treat a
 * cross-site iframe:
 * - 'partitioned': the frame gets storage partitioned under the host site (Chrome's default);
 * - 'denied': third-party cookies blocked with unpartitioned storage, so IndexedDB and localStorage
 *   throw in the frame (the profile preference a user sets, as Chrome's incognito does).
 * Playwright's own defaults turn off storage partitioning and popup blocking; both matter here, so
 * they are set explicitly. (Headless Chromium ignores the popup-blocking setting: a test that needs a
 * blocked popup makes window.open answer null, as a blocker does.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The browser tests need Debian's Chromium: ` +
        'run `sudo apt-get install -y chromium` (npm test does this when it can), or set CHROMIUM_PATH.',
    );
  }
}

export interface LaunchOptions {
  storage?: 'partitioned' | 'denied';
  width?: number;
  colorScheme?: 'light' | 'dark';
  /** The browser's language (navigator.language) and time zone, e.g. 'ja-JP' and 'Asia/Tokyo'. */
  locale?: string;
  timezoneId?: string;
}

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let shared: Promise<Browser> | undefined;

function args(storage: 'partitioned' | 'denied'): string[] {
  return [...FLAGS, storage === 'denied' ? '--disable-features=ThirdPartyStoragePartitioning' : '--disable-features=TrackingProtection3pcd'];
}

/** The default browser (partitioned storage, popups allowed) is launched once per file; each test gets a fresh context. */
export async function closeSharedBrowser(): Promise<void> {
  const browser = await shared;
  shared = undefined;
  await browser?.close();
}

export type Context = BrowserContext & { cleanup(): Promise<void> };

export async function launch({ storage = 'partitioned', width = 1100, colorScheme = 'light', locale, timezoneId }: LaunchOptions = {}): Promise<Context> {
  assertChromium();
  const view = { viewport: { width, height: 800 }, colorScheme, ...(locale ? { locale } : {}), ...(timezoneId ? { timezoneId } : {}) } as const;
  if (storage === 'partitioned') {
    shared ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: args(storage), ignoreDefaultArgs: ['--disable-popup-blocking'] });
    const context = await (await shared).newContext(view);
    return Object.assign(context, { cleanup: () => context.close() });
  }
  // A user's setting (block third-party cookies) lives in a profile of its own.
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
    args: args(storage),
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    ...view,
  });
  return Object.assign(context, {
    async cleanup() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

/** The app's frame inside the host page (the first, or the n-th of several cards). */
export async function appFrame(page: Page, index = 0): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[name="app-${index}"]`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app frame has no content');
  return frame;
}
