/**
 * Sign-in is never stranded: where the frame cannot keep or finish a sign-in, the card finds the way
 * that works at once and says so. Chromium, against the sandbox.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { AUTHORIZE, TOKEN, address, alertText, answerAuthorize, holdAuthorize, logOf, openHost, useWorld } from './world';

const { world, browser } = useWorld();
const SIGNED_IN = 'developer@infobip.com';

/** Clicks Sign in and returns the popup it opened. */
async function clickSignIn(page: Page, frame: Frame) {
  const [popup] = await Promise.all([page.context().waitForEvent('page'), frame.getByRole('button', { name: 'Sign in' }).click()]);
  return popup;
}

/** Records what the page asks of the Storage Access API and what the browser answers, in every frame. */
async function watchStorageAccess(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { __storageAccess: string[] }).__storageAccess = calls;
    const request = Document.prototype.requestStorageAccess as (this: Document, types?: unknown) => Promise<unknown>;
    if (!request) return;
    Document.prototype.requestStorageAccess = function (this: Document, types?: unknown) {
      calls.push(`asked ${JSON.stringify(types)}`);
      const answer = request.call(this, types);
      answer.then(
        () => calls.push('granted'),
        (error: DOMException) => calls.push(`refused ${error.name}`),
      );
      return answer;
    } as typeof Document.prototype.requestStorageAccess;
  });
}

const storageAccessCalls = (frame: Frame) => frame.evaluate(() => (window as unknown as { __storageAccess: string[] }).__storageAccess);

describe('storage denied to the frame: the Storage Access API, with the popup as the fallback', () => {
  it('the Sign in click asks for the browser’s own IndexedDB; refused, the popup signs in', async () => {
    const page = await (await browser({ storage: 'denied' })).newPage();
    await watchStorageAccess(page);
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('blocks storage').waitFor();
    await clickSignIn(page, frame);
    await frame.getByText(SIGNED_IN).waitFor();
    await expect.poll(() => storageAccessCalls(frame)).toEqual(['asked {"indexedDB":true}', 'refused NotAllowedError']);
    // Nothing kept: the card still says a reload signs out.
    await frame.getByText('blocks storage').first().waitFor();
  });

  it('granted (as a user’s answer would): the load asks without a click; Chromium will not open the granted IndexedDB, so the card offers Sign in, never stuck, and the popup signs in', async () => {
    const context = await browser({ storage: 'denied' });
    const page = await context.newPage();
    await watchStorageAccess(page);
    // No person to answer Chromium's prompt in a headless browser: the grant is given as a user's would be.
    const cdp = await context.newCDPSession(page);
    const permission = { permission: { name: 'storage-access' }, origin: new URL(world().hostUrl).origin, embeddedOrigin: new URL(world().appUrl).origin };
    await cdp.send('Browser.setPermission', { ...permission, setting: 'granted' });
    try {
      const frame = await openHost(page, world(), '?page=card&conversationId=c1');
      // The load itself finds the grant and asks (no prompt): the database refuses, so the card offers Sign in.
      await frame.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
      await expect.poll(() => storageAccessCalls(frame)).toEqual(['asked {"indexedDB":true}', 'granted']);
      await clickSignIn(page, frame);
      await frame.getByText(SIGNED_IN).waitFor();
      await expect.poll(() => storageAccessCalls(frame)).toEqual(['asked {"indexedDB":true}', 'granted', 'asked {"indexedDB":true}', 'granted']);
    } finally {
      await cdp.send('Browser.setPermission', { ...permission, setting: 'prompt' });
    }
  });
});

describe('a sign-in page that refuses to be framed', () => {
  it('is known on the first load: the card stays on screen and offers the popup, which signs in', async () => {
    world().sandbox.behave({ authorize: 'refuse-framing' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('sign-in opens in a small window').waitFor({ timeout: 15_000 });
    // The card itself never left for the sign-in page: no browser error page in its place.
    expect(address(frame).pathname).toBe('/apps/card/card.html');
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);
    expect(logOf(world(), AUTHORIZE)[0]!.headers['sec-fetch-dest']).toBe('iframe');
    const popup = await clickSignIn(page, frame);
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await frame.getByText(SIGNED_IN).waitFor();
    expect(logOf(world(), TOKEN)).toHaveLength(1);
  });

  it('a sign-in page that lets itself be framed still signs in without a click, and the card shows the page it started from', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText(SIGNED_IN).waitFor();
    expect(address(frame).searchParams.get('conversationId')).toBe('c1');
    expect(address(frame).searchParams.has('code')).toBe(false);
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);
    expect(logOf(world(), TOKEN)).toHaveLength(1);
  });
});

describe('a popup cut off by Cross-Origin-Opener-Policy', () => {
  it('the card says why, with no retry that would be cut alike; the window explains itself and closes; no code exchanged', async () => {
    world().sandbox.behave({ authorize: 'login_required' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByRole('button', { name: 'Sign in' }).waitFor();
    world().sandbox.behave({ authorize: 'coop' });
    const popup = await clickSignIn(page, frame);
    await frame.getByRole('alert').getByText('Cross-Origin-Opener-Policy', { exact: false }).waitFor();
    await expect(
      frame
        .getByRole('button')
        .filter({ hasText: /Sign in|Try again|Open the sign-in window/ })
        .count(),
    ).resolves.toBe(0);

    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popup.getByRole('alert').getByText('If a card opened this window', { exact: false }).waitFor();
    await expect(popup.getByRole('button', { name: /Sign in|Try again/ }).count()).resolves.toBe(0);
    const closed = popup.waitForEvent('close');
    // The click closes the page it is in: Playwright may report that as the click failing.
    await popup
      .getByRole('button', { name: 'Close this window' })
      .click()
      .catch((error: unknown) => {
        if (!popup.isClosed()) throw error;
      });
    await closed;
    expect(logOf(world(), TOKEN)).toHaveLength(0);
  });
});

describe('an error= answer', () => {
  /** A card whose sign-in waits at the authorize step, with its state, and a way to answer it. */
  async function heldSignIn() {
    const context = await browser();
    const held = await holdAuthorize(context);
    const frame = await openHost(await context.newPage(), world(), '?page=card&conversationId=c1');
    await expect.poll(held).not.toBeNull();
    return { frame, state: held() as string, answer: (params: Record<string, string>) => answerAuthorize(frame, world(), params) };
  }

  it("to a pending flow: Infobip's error code as sent, beside its description and our explanation", async () => {
    const { frame, state, answer } = await heldSignIn();
    await answer({ error: 'access_denied', error_description: 'The user pressed Cancel', state });
    const text = await alertText(frame);
    expect(text).toContain('access_denied');
    expect(text).toContain('The user pressed Cancel');
    expect(text).toContain('Infobip did not allow the sign-in.');
    expect(logOf(world(), TOKEN)).toHaveLength(0);
  });

  it('to no pending flow: says only that an unexpected sign-in answer was ignored', async () => {
    const { frame, answer } = await heldSignIn();
    await answer({ error: 'access_denied', error_description: 'Words of a stranger', state: 'a-state-this-browser-never-sent' });
    const text = await alertText(frame);
    expect(text).toContain('An unexpected sign-in answer was ignored.');
    expect(text).not.toContain('access_denied');
    expect(text).not.toContain('Words of a stranger');
    expect(logOf(world(), TOKEN)).toHaveLength(0);
    // callback.html in a window of its own loads the app, and the app's stylesheet with it.
    expect(await frame.evaluate(() => getComputedStyle(document.querySelector('.screen') as Element).display)).toBe('grid');
  });
});
