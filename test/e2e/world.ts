/**
 * One local world per test file: the sandbox Infobip, the built dist/ on a plain static server under
 * /apps/card/ on localhost, and the host page on 127.0.0.1 that frames it cross-site.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startAll } from '../sandbox/index.js';
import { appFrame, closeSharedBrowser, launch, type Context, type LaunchOptions } from './browser';

export type World = Awaited<ReturnType<typeof startAll>>;

/** `options.server`: also run the app server (named in config.json as serverUrl), as startAll() takes it. */
export function useWorld(options: Pick<Parameters<typeof startAll>[0], 'server'> = {}): { world: () => World; browser: (options?: LaunchOptions) => Promise<Context> } {
  let world: World | undefined;
  const contexts: Context[] = [];
  beforeAll(async () => {
    world = await startAll({ distDir: join(process.cwd(), 'dist'), ...options });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await world?.close();
  });
  beforeEach(() => {
    world?.sandbox.reset();
    world?.mico.reset();
    world?.fujitsu.reset();
    world?.resetConfig();
    world?.serveHeaders(true);
  });
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const context of contexts.splice(0)) await context.cleanup().catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  });
  return {
    world: () => {
      if (!world) throw new Error('the world is not started');
      return world;
    },
    browser: async (options) => {
      const context = await launch(options);
      contexts.push(context);
      return context;
    },
  };
}

export type Entry = { method: string; path: string; query: Record<string, string>; form?: Record<string, string>; json?: unknown; status: number | string | null; headers: Record<string, string | undefined> };

/** The sandbox's log of `path`, without CORS preflights. */
export function logOf(world: World, path: string): Entry[] {
  return (world.sandbox.log as Entry[]).filter((entry) => entry.path === path && entry.method !== 'OPTIONS');
}

export const AUTHORIZE = '/exchange/1/oauth/authorize';
export const TOKEN = '/exchange/1/oauth/token';

/** Opens the host page with `query` and returns the (first) app frame. */
export async function openHost(page: Page, world: World, query: string, index = 0): Promise<Frame> {
  await page.goto(`${world.hostUrl}${query}`);
  return appFrame(page, index);
}

/** The alert's whole text, once its explanation has arrived (it loads on the first failure). */
export async function alertText(frame: Frame): Promise<string> {
  const alert = frame.getByRole('alert');
  await alert.locator('.alert-title ~ *').first().waitFor();
  return alert.innerText();
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

/** Signs out from the card as an agent does: the agent menu, Sign out, then confirming it. */
export async function signOut(frame: Frame): Promise<void> {
  await frame.getByRole('button', { name: /developer@infobip\.com/ }).click();
  await frame.getByRole('button', { name: 'Sign out' }).click();
  await frame.getByRole('group').getByRole('button', { name: 'Sign out' }).click();
}
