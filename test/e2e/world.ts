/**
 * One local world per test file: the sandbox Infobip, the built dist/ on a plain static server under
 * /apps/card/ on localhost, and the host page on 127.0.0.1 that frames it cross-site.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { startAll } from '../sandbox/index.js';
import { appFrame, closeSharedBrowser, launch, type Context, type LaunchOptions } from './browser';

export type World = Awaited<ReturnType<typeof startAll>>;

/** `options.server`: also run the app server (named in config.json as serverUrl), as startAll() takes it. */
export function useWorld(options: Pick<Parameters<typeof startAll>[0], 'server'> = {}): {
  world: () => World;
  browser: (options?: LaunchOptions) => Promise<Context>;
  signedInPage: (options?: SignedInOptions) => Promise<Page>;
} {
  let world: World | undefined;
  const contexts: Context[] = [];
  /** The file's signed-in browsers, one per set of options, signed in on first use. */
  const signedIn = new Map<string, Promise<SignedIn>>();
  beforeAll(async () => {
    world = await startAll({ distDir: join(process.cwd(), 'dist'), ...options });
  });
  afterAll(async () => {
    for (const shared of signedIn.values()) await (await shared.catch(() => undefined))?.context.close();
    await closeSharedBrowser();
    await world?.close();
  });
  beforeEach(({ onTestFailed }) => {
    // A flaky test is fixed from what the card asked for: the sandbox's log goes with each failed attempt.
    onTestFailed(() => {
      const log = (world?.sandbox.log ?? []) as Entry[];
      console.log(
        `The sandbox's log of the failed attempt:\n${log.map((e) => `  ${e.method} ${e.path} ${e.status ?? ''} ${e.form?.grant_type ?? ''}`).join('\n')}`,
      );
    });
    // Tokens a shared browser holds stay valid; everything else starts afresh.
    world?.sandbox.reset({ keepTokens: signedIn.size > 0 });
    world?.mico.reset();
    world?.fujitsu.reset();
    world?.resetConfig();
    world?.serveHeaders(true);
  });
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const context of contexts.splice(0)) await context.cleanup().catch((error: unknown) => failures.push(error));
    for (const shared of signedIn.values()) {
      const { context } = await shared.catch(() => ({ context: undefined }));
      if (!context) continue;
      for (const page of context.pages()) if (!isJanitor(page)) await page.close().catch((error: unknown) => failures.push(error));
      const violations = context.policyViolations.splice(0);
      if (violations.length) failures.push(new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`));
    }
    if (failures.length) throw failures[0];
  });
  const started = () => {
    if (!world) throw new Error('the world is not started');
    return world;
  };
  return {
    world: started,
    browser: async (options) => {
      const context = await launch(options);
      contexts.push(context);
      return context;
    },
    signedInPage: async (options = {}) => {
      const key = JSON.stringify(options);
      let shared = signedIn.get(key);
      if (!shared) {
        shared = signInOnce(started(), options);
        signedIn.set(key, shared);
        shared.catch(() => signedIn.delete(key));
      }
      const { context, janitor, kept } = await shared;
      await keepOnly(janitor, kept);
      return context.newPage();
    },
  };
}

/** The browser to sign in, as `browser()` takes it (partitioned storage only). */
export type SignedInOptions = Omit<LaunchOptions, 'storage'>;

interface SignedIn {
  context: Context;
  /** A frame of the app's origin inside the host's page, open for the file: it tidies the store. */
  janitor: Frame;
  /** The store's keys right after signing in: the token and what it needs. */
  kept: string[];
}

const JANITOR = '__janitor';
const isJanitor = (page: Page) =>
  page
    .mainFrame()
    .childFrames()
    .some((frame) => frame.name() === JANITOR);

/**
 * Signs a new browser context in as a user would, by loading a card without a conversation, and leaves
 * the sandbox as the calling test had set it (its switches, faults and messages; the sign-in's requests
 * taken out of the log), but for the new token.
 */
async function signInOnce(world: World, view: SignedInOptions): Promise<SignedIn> {
  const { email } = (world.sandbox.behave({}) as { user: { email: string } }).user;
  const log = world.sandbox.log as unknown[];
  const from = log.length;
  const context = await launch(view);
  try {
    const page = await context.newPage();
    const frame = await openHost(page, world, '?page=card');
    await frame.getByText(email).first().waitFor({ timeout: 30_000 });
    const kept = await storeKeys(frame);
    await page.close();
    return { context, janitor: await openJanitor(context, world), kept };
  } catch (error) {
    await context.close();
    throw error;
  } finally {
    log.splice(from);
  }
}

function storeKeys(frame: Frame): Promise<string[]> {
  return frame.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('exchange-card');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const keys = open.result.transaction('kv', 'readonly').objectStore('kv').getAllKeys();
          keys.onsuccess = () => {
            open.result.close();
            resolve(keys.result.map(String));
          };
          keys.onerror = () => reject(keys.error);
        };
      }),
  );
}

/**
 * A frame of the app's origin inside a page of the host's origin reaches the store the cards use (the
 * partition of the host's site); config.json is the smallest document there. No script of the app runs in it.
 */
async function openJanitor(context: Context, world: World): Promise<Frame> {
  const page = await context.newPage();
  await page.goto(new URL('/__host/ping', world.hostUrl).href);
  const handle = await page.evaluateHandle(
    ([src, name]) => {
      const iframe = document.createElement('iframe');
      iframe.name = name;
      iframe.src = src;
      document.body.append(iframe);
      return new Promise<HTMLIFrameElement>((resolve) => iframe.addEventListener('load', () => resolve(iframe)));
    },
    [new URL('config.json', world.appUrl).href, JANITOR] as const,
  );
  const frame = await handle.asElement()?.contentFrame();
  if (!frame) throw new Error('no frame of the app origin to tidy the store in');
  return frame;
}

/** Deletes from the app's store every record but `kept`: a draft or a pending sign-in a previous test left. */
async function keepOnly(janitor: Frame, kept: string[]): Promise<void> {
  await janitor.evaluate(
    (kept) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('exchange-card');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          const kv = tx.objectStore('kv');
          const keys = kv.getAllKeys();
          keys.onsuccess = () => {
            for (const key of keys.result) if (!kept.includes(String(key))) kv.delete(key);
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    kept,
  );
}

export type Entry = {
  method: string;
  path: string;
  query: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  status: number | string | null;
  headers: Record<string, string | undefined>;
};

/** The sandbox's log of `path`, without CORS preflights. */
export function logOf(world: World, path: string): Entry[] {
  return (world.sandbox.log as Entry[]).filter((entry) => entry.path === path && entry.method !== 'OPTIONS');
}

export const AUTHORIZE = '/exchange/1/oauth/authorize';
export const TOKEN = '/exchange/1/oauth/token';

/**
 * Holds every authorize request of `context` (answered with an empty 204, so no sign-in page shows)
 * and gives the last one's `state`: the test answers the flow itself, with `answerAuthorize`.
 */
export async function holdAuthorize(context: BrowserContext): Promise<() => string | null> {
  let state: string | null = null;
  await context.route(
    (url) => url.pathname === AUTHORIZE,
    (route) => {
      state = new URL(route.request().url()).searchParams.get('state');
      return route.fulfill({ status: 204 });
    },
  );
  return () => state;
}

/** Answers a sign-in as the authorize server would: `frame` lands on `callback.html` with `params`. */
export async function answerAuthorize(frame: Frame, world: World, params: Record<string, string>): Promise<void> {
  const callback = new URL('callback.html', world.appUrl);
  callback.search = new URLSearchParams(params).toString();
  await frame.goto(callback.href);
}

/** Opens the host page with `query` and returns the (first) app frame. */
export async function openHost(page: Page, world: World, query: string, index = 0): Promise<Frame> {
  await page.goto(`${world.hostUrl}${query}`);
  return appFrame(page, index);
}

/** The alert's whole text, once its explanation has arrived (it loads on the first failure), its details opened. */
export async function alertText(frame: Frame): Promise<string> {
  const alert = frame.getByRole('alert');
  await alert.locator('.alert-title ~ *').first().waitFor();
  await openDetails(alert);
  return alert.innerText();
}

/**
 * Opens what an alert shows folded (the codes and the server's words), as a person reading on would. The
 * first click into a card's frame focuses it, and the card reads its messages again on focus: an alert
 * drawn anew comes folded again, so this clicks until the alert is there with nothing folded.
 */
export async function openDetails(alert: Locator): Promise<void> {
  await expect
    .poll(async () => {
      const folded = alert.locator('details:not([open]) > summary');
      if (await folded.count())
        await folded
          .first()
          .click({ timeout: 2000 })
          .catch(() => undefined);
      return (await alert.locator('.alert-title ~ p').count()) > 0 && (await alert.locator('details:not([open])').count()) === 0;
    })
    .toBe(true);
}

/**
 * The app's IndexedDB as the browser holds it, below our code: 'read' gives every record as text (what
 * a copy of the profile's files would show), 'corrupt' overwrites the token and its key with junk,
 * 'clear' empties the store.
 */
export function rawStore(frame: Frame, action: 'read' | 'corrupt' | 'clear'): Promise<string> {
  return frame.evaluate(
    (action) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('exchange-card');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', action === 'read' ? 'readonly' : 'readwrite');
          const kv = tx.objectStore('kv');
          const text: string[] = [];
          if (action === 'clear') kv.clear();
          if (action === 'corrupt') {
            kv.put({ v: 2, iv: new Uint8Array(12), data: new ArrayBuffer(40) }, 'token');
            kv.put('not a key', 'sealing-key');
          }
          if (action === 'read') {
            const cursor = kv.openCursor();
            cursor.onsuccess = () => {
              const at = cursor.result;
              if (!at) return;
              const value = at.value as { data?: ArrayBuffer };
              text.push(String(at.key), JSON.stringify(value), value?.data instanceof ArrayBuffer ? new TextDecoder().decode(value.data) : '');
              at.continue();
            };
          }
          tx.oncomplete = () => resolve(text.join('\n'));
        };
      }),
    action,
  );
}

/** The frame's current address, as the user's address bar (or a reload) would see it. */
export function address(frame: Frame): URL {
  return new URL(frame.url());
}

/** Opens the card's SMS composer as an agent does, with "Reply by SMS" (`reply` in their language), and waits for its form. */
export async function openComposer(frame: Frame, reply = 'Reply by SMS'): Promise<void> {
  await frame.getByRole('button', { name: reply }).click();
  await frame.locator('form.sms').waitFor();
}

/** Signs out from the card as an agent does: the agent menu, Sign out, then confirming it. */
export async function signOut(frame: Frame): Promise<void> {
  await frame.getByRole('button', { name: /developer@infobip\.com/ }).click();
  await frame.getByRole('button', { name: 'Sign out' }).click();
  await frame.getByRole('group').getByRole('button', { name: 'Sign out' }).click();
}
