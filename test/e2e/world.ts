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

export function useWorld(): { world: () => World; browser: (options?: LaunchOptions) => Promise<Context> } {
  let world: World | undefined;
  const contexts: Context[] = [];
  beforeAll(async () => {
    world = await startAll({ distDir: join(process.cwd(), 'dist') });
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
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.cleanup();
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

/** The frame's current address, as the user's address bar (or a reload) would see it. */
export function address(frame: Frame): URL {
  return new URL(frame.url());
}
