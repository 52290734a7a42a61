/**
 * Accessibility in a real browser. axe-core (its default rules: WCAG 2.x A/AA and best practices) over
 * the app frame in every state a user meets; then, with the frame 320 and 400 px wide in the light and
 * the dark colour scheme, what changes with them: colour contrast, and nothing wider than the frame
 * (WCAG 1.4.10); the host page and
 * the frame together through @axe-core/playwright, as delivered; and the SMS form and the secrets with
 * the keyboard alone.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { AxeResults, Result } from 'axe-core';
import type { Frame, Page } from 'playwright-core';
import { AUTHORIZE, TOKEN, alertText, logOf, openComposer, openHost, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

type Setting = readonly ['light' | 'dark', 320 | 400];
/** The states (loading, signed in, error) in every width and scheme. */
const FULL: readonly Setting[] = [
  ['light', 320],
  ['light', 400],
  ['dark', 320],
  ['dark', 400],
];
/** The other states: each width and each scheme once, to keep the suite within its time. */
const PAIR: readonly Setting[] = [
  ['light', 320],
  ['dark', 400],
];
const FRAME = 'iframe[name="app-0"]';
/** Long enough that a held-back answer outlasts every check made while waiting for it. */
const HOLD_MS = 30_000;
const SMS = '/sms/2/text/advanced';

/** axe-core's script, as @axe-core/playwright itself loads it. */
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js', { paths: [dirname(require.resolve('@axe-core/playwright'))] }), 'utf8');

/** The host page in a browser signed in once for the file; `fresh`: in a browser that signs in now. */
async function open(query: string, { fresh = false } = {}): Promise<{ page: Page; frame: Frame }> {
  const page = fresh ? await (await browser()).newPage() : await signedInPage();
  const frame = await openHost(page, world(), query);
  return { page, frame };
}

async function signedIn(frame: Frame): Promise<void> {
  await frame.getByText('developer@infobip.com').first().waitFor();
}

async function fillSms(frame: Frame, { to, text, from }: { to: string; text: string; from?: string }) {
  if (!(await frame.getByLabel('Message', { exact: true }).isVisible())) await openComposer(frame);
  await frame.getByLabel('To', { exact: true }).fill(to);
  await frame.getByLabel('Message', { exact: true }).fill(text);
  if (from !== undefined) await frame.getByLabel('From (optional)', { exact: true }).fill(from);
}

/** Gives the app frame `width` CSS pixels, as a narrower or wider Infobip sidebar would. */
async function setFrameWidth(page: Page, frame: Frame, width: number): Promise<void> {
  await page.locator(FRAME).evaluate((element, w) => {
    (element as HTMLIFrameElement).width = String(w);
  }, width);
  await frame.waitForFunction((w) => window.innerWidth === w, width);
}

/** One line per failing element: where, which rule, which element, and axe's explanation. */
function describeViolations(violations: Result[], where: string): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${where} ${v.id} (${v.impact ?? '?'}): ${JSON.stringify(n.target)} ${n.html} — ${n.failureSummary ?? ''}`),
  );
}

/** Puts axe-core into the frame's document, once. */
async function injectAxe(frame: Frame): Promise<void> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
}

/** What a width or a colour scheme can change; every other rule gives the same answer at each. */
const PER_SETTING_RULES = ['color-contrast', 'link-in-text-block', 'scrollable-region-focusable'];

/** axe inside the app's own document (it is cross-origin, so it is a page of its own to axe): every rule, or only `rules`. */
async function axeInFrame(frame: Frame, rules?: string[]): Promise<AxeResults> {
  await injectAxe(frame);
  return frame.evaluate(
    (rules) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        resultTypes: ['violations'],
        ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
      }),
    rules,
  );
}

/**
 * The app frame at each width and colour scheme: axe's violations (every rule at the first setting,
 * those a setting can change at the others), and anything wider than the frame (a sidebar that scrolls
 * sideways). Returns every finding, so a failure names the setting, the rule and the element.
 */
async function audit(page: Page, frame: Frame, settings: readonly Setting[] = FULL): Promise<string[]> {
  const findings: string[] = [];
  for (const [index, [scheme, width]] of settings.entries()) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).resolves.toBe(scheme === 'dark');
    await setFrameWidth(page, frame, width);
    const where = `${scheme} ${width}px`;
    findings.push(...describeViolations((await axeInFrame(frame, index === 0 ? undefined : PER_SETTING_RULES)).violations, where));
    const overflow = await frame.evaluate(() =>
      document.documentElement.scrollWidth > window.innerWidth
        ? [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map((el) => el.outerHTML.slice(0, 120))
        : [],
    );
    findings.push(...overflow.map((html) => `${where} reflow: wider than the frame: ${html}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return findings;
}

describe('the host page and the app frame together (@axe-core/playwright, as delivered)', () => {
  /**
   * @axe-core/playwright gives each frame 1 s to take axe-core's script and silently leaves out a
   * frame that takes longer (a busy machine): so the script goes into the app's frame beforehand, and
   * the builder's own copy only runs where axe is not there yet.
   */
  const AXE_ONCE = `if (!window.axe) {\n${AXE_SOURCE}\n}`;

  /**
   * The whole page, frames included; fails if axe could not enter the app's frame (it would skip it
   * silently). The builder also gives the frame 1 s to answer its configuration, and leaves it out when
   * a busy machine takes longer: the page is analysed again then, three times at most.
   */
  async function axePage(page: Page, frame: Frame): Promise<string[]> {
    await injectAxe(frame);
    for (let attempt = 1; ; attempt++) {
      const results = await new AxeBuilder({ page, axeSource: AXE_ONCE }).analyze();
      const nodes = [...results.passes, ...results.violations, ...results.incomplete].flatMap((rule) => rule.nodes);
      const analysed = nodes.some((node) => node.target.length > 1);
      if (!analysed && attempt < 3) continue;
      expect(analysed, 'axe analysed the app frame').toBe(true);
      return describeViolations(results.violations, 'page');
    }
  }

  // Up to three analyses of the whole page on a busy machine.
  it('the card beside a conversation', { timeout: 90_000 }, async () => {
    const { page, frame } = await open('?page=card&conversationId=c1');
    await frame.getByText('Yes: bring an ID to the depot', { exact: false }).waitFor();
    expect(await axePage(page, frame)).toEqual([]);
  });

  it('the settings page', { timeout: 90_000 }, async () => {
    const { page, frame } = await open('?page=settings');
    await frame.getByText(world().sandbox.appId).waitFor();
    expect(await axePage(page, frame)).toEqual([]);
  });
});

describe('axe finds nothing on the context card', () => {
  it('while signing in', async () => {
    const context = await browser();
    // Infobip's sign-in is held back: the frame keeps showing the card's own "Signing in…".
    await context.route(
      (url) => url.pathname === AUTHORIZE,
      (route) => route.fulfill({ status: 204 }),
    );
    const frame = await openHost(await context.newPage(), world(), '?page=card&conversationId=c1');
    const status = frame.getByRole('status').filter({ hasText: 'Signing in…' });
    await status.waitFor();
    expect(await audit(frame.page(), frame)).toEqual([]);
    await expect(status.isVisible()).resolves.toBe(true);
  });

  it('while the sign-in answer is exchanged for a token (in the card, which takes the child frame’s answer): says it is signing in', async () => {
    world().sandbox.behave({ delayMs: { [TOKEN]: HOLD_MS } });
    const { page, frame } = await open('?page=card&conversationId=c1', { fresh: true });
    await expect.poll(() => (world().sandbox.log as { path: string }[]).some((e) => e.path === TOKEN)).toBe(true);
    await frame.getByRole('status').filter({ hasText: 'Signing in…' }).waitFor({ timeout: 3000 });
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });

  it('when sign-in needs a click, and while the sign-in window is open', async () => {
    world().sandbox.behave({ authorize: 'login_required' });
    const { page, frame } = await open('?page=card&conversationId=c1', { fresh: true });
    await frame.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
    await Promise.all([page.context().waitForEvent('page'), frame.getByRole('button', { name: 'Sign in' }).click()]);
    await frame.getByRole('status').filter({ hasText: 'Finish signing in in the window that opened.' }).waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });

  it('when sign-in failed (the token endpoint answered 503)', async () => {
    world().sandbox.behave({ token: '5xx' });
    const { page, frame } = await open('?page=card&conversationId=c1', { fresh: true });
    await frame.getByRole('alert').getByText('Sign-in failed').waitFor();
    await frame.getByRole('button', { name: 'Sign in again' }).waitFor();
    expect(await audit(page, frame)).toEqual([]);
  });

  it('while the conversation loads', async () => {
    world().sandbox.behave({ delayMs: { '/ccaas': HOLD_MS } });
    const { page, frame } = await open('?page=card&conversationId=c1');
    const status = frame.getByRole('status').filter({ hasText: 'Loading messages…' });
    await status.waitFor();
    expect(await audit(page, frame)).toEqual([]);
    await expect(status.isVisible()).resolves.toBe(true);
  });

  it('signed in: the conversation, the SMS form with its validation errors, and an SMS sent', async () => {
    const { page, frame } = await open('?page=card&conversationId=c1');
    await frame.getByText('Yes: bring an ID to the depot', { exact: false }).waitFor();
    expect(await audit(page, frame)).toEqual([]);

    await fillSms(frame, { to: '12', text: '', from: 'not a sender!' });
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await frame.getByText('Too short for a phone number (country: Switzerland)', { exact: false }).waitFor();
    await frame.getByText('Write the message.').waitFor();
    await frame.getByText('Use up to 11 letters and digits, or up to 16 digits.').waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);

    await fillSms(frame, { to: '41793026727', text: 'Your parcel is at the depot.', from: '' });
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });

  it('signed in, without a conversation', async () => {
    const { page, frame } = await open('?page=card');
    await frame.getByText('Open a conversation to see its messages').waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });

  it('when the conversation failed to load, with a retry', async () => {
    world().sandbox.failNext({ path: '/ccaas', status: 500, count: 20 });
    const { page, frame } = await open('?page=card&conversationId=c1');
    const alert = frame.getByRole('alert');
    await alert.getByText("Couldn't load the conversation").waitFor();
    await alert.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await audit(page, frame)).toEqual([]);
  });

  it('with an SMS Infobip rejected', async () => {
    world().sandbox.behave({ sms: 'reject' });
    const { page, frame } = await open('?page=card&conversationId=c1');
    await signedIn(frame);
    await fillSms(frame, { to: '41793026727', text: 'Your parcel is at the depot.' });
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await frame.locator('#sms-to-error').getByText('invalid destination address').waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });
});

describe('axe finds nothing on the settings page', () => {
  it("while the app's OAuth settings load", async () => {
    world().sandbox.behave({ delayMs: { '/api/amg': HOLD_MS } });
    const { page, frame } = await open('?page=settings');
    const status = frame.getByRole('status').filter({ hasText: "Loading the app's OAuth settings…" });
    await status.waitFor();
    expect(await audit(page, frame)).toEqual([]);
    await expect(status.isVisible()).resolves.toBe(true);
  });

  it('signed in, the secrets masked and then one revealed', async () => {
    const { page, frame } = await open('?page=settings');
    await frame.getByText(world().sandbox.appId).waitFor();
    expect(await audit(page, frame)).toEqual([]);
    const app = world().sandbox.app as { clientSecret: string };
    await frame.getByRole('button', { name: 'Reveal Client secret' }).click();
    await frame.getByText(app.clientSecret).waitFor();
    expect(await audit(page, frame, PAIR)).toEqual([]);
  });

  it('when the portal refuses (403)', async () => {
    world().sandbox.behave({ portal: '403' });
    const { page, frame } = await open('?page=settings');
    await expect(alertText(frame)).resolves.toContain('Missing permissions');
    expect(await audit(page, frame)).toEqual([]);
  });
});

describe('the keyboard alone', () => {
  const focusedLabel = (frame: Frame) => frame.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

  it('fills and sends the SMS form: Tab to the fields, type, Enter; a mistake moves focus to the field to fix', async () => {
    const { page, frame } = await open('?page=card&conversationId=c1');
    await frame.getByText('Yes: bring an ID to the depot', { exact: false }).waitFor();
    // From the top of the host page, into the frame, to "Reply by SMS": Enter opens the composer at the message.
    for (let presses = 0; (await focusedLabel(frame)) !== 'Reply by SMS'; presses++) {
      if (presses > 25) throw new Error('Tab never reached "Reply by SMS"');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('sms-text');
    await page.keyboard.press('Shift+Tab');
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('sms-to');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('+41 79 302 67 27');
    await page.keyboard.press('Tab');
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('sms-text');
    // Enter in the last field sends the form; the empty message is caught and focused.
    await page.keyboard.press('Tab');
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('sms-from');
    await page.keyboard.press('Enter');
    await frame.getByText('Write the message.').waitFor();
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('sms-text');
    expect(logOf(world(), SMS)).toHaveLength(0);

    await page.keyboard.type('Your parcel is at the depot, Main Street 12.');
    await page.keyboard.press('Tab'); // From (optional): left empty
    await page.keyboard.press('Tab');
    await expect(focusedLabel(frame)).resolves.toBe('Send SMS');
    await page.keyboard.press('Enter');
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    const [sms] = logOf(world(), SMS);
    expect(sms!.json).toEqual({ messages: [{ destinations: [{ to: '41793026727' }], text: 'Your parcel is at the depot, Main Street 12.' }] });
  });

  it('on the settings page, reveals and copies the client secret: Tab to the button, Space or Enter', async () => {
    const context = await browser();
    const { appUrl, hostUrl } = world();
    for (const origin of [new URL(appUrl).origin, new URL(hostUrl).origin]) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }
    const page = await context.newPage();
    const frame = await openHost(page, world(), '?page=settings');
    await frame.getByText(world().sandbox.appId).waitFor();
    const secret = (world().sandbox.app as { clientSecret: string }).clientSecret;
    const reveal = frame.getByRole('button', { name: 'Reveal Client secret' });

    for (let presses = 0; !(await reveal.evaluate((el) => el === document.activeElement)); presses++) {
      if (presses > 25) throw new Error('Tab never reached "Reveal Client secret"');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Space');
    await frame.getByText(secret).waitFor();
    // Reveal became Hide, and keeps the focus.
    const hide = frame.getByRole('button', { name: 'Hide Client secret' });
    await expect(hide.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await page.keyboard.press('Tab');
    await expect(focusedLabel(frame)).resolves.toBe('Copy Client secret');
    await page.keyboard.press('Enter');
    await frame.getByRole('status').filter({ hasText: 'Client secret copied.' }).waitFor();
    // The host frames the app with allow="clipboard-write" only, so the clipboard is read back on the host page.
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);

    // Space on Hide hides it: the secret's text leaves the document.
    await hide.focus();
    await page.keyboard.press('Space');
    await reveal.waitFor();
    expect(await frame.content()).not.toContain(secret);
  });
});
