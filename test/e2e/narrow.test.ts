/**
 * Nothing is cut off in the narrowest frame Infobip gives an app (320 px), in either language: every
 * option of every select fits its control, and no control or text box clips its words.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { openComposer, openHost, useWorld } from './world';

const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });
const ADMIN = { username: 'team-admin', userKey: 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1', roles: [{ id: 1, name: 'Admin' }] };

const WORDS = {
  en: {
    locale: 'en-US',
    heading: 'External connections',
    add: 'Add a connection',
    type: 'Type',
    reply: 'Reply by SMS',
    setUp: 'Set up',
    secret: 'Client secret',
    save: 'Save and test',
    actions: 'Actions on the card',
    startFrom: 'Start a new action from',
    addAction: 'Add action',
    tryIt: 'Try it',
    customer: 'Customer’s number',
  },
  ja: {
    locale: 'ja-JP',
    heading: '外部接続',
    add: '接続を追加',
    type: '種類',
    reply: 'SMS で返信',
    setUp: '設定する',
    secret: 'クライアントシークレット',
    save: '保存してテスト',
    actions: 'カードのアクション',
    startFrom: '新しいアクションのひな形',
    addAction: 'アクションを追加',
    tryIt: '試す',
    customer: 'お客様の番号',
  },
} as const;

/**
 * What is cut off: a select whose option needs more room than the select has (measured on a copy sized
 * to its content), and any other element whose text runs past its own box.
 */
function cutOff(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const found: string[] = [];
    for (const select of document.querySelectorAll('select')) {
      const has = select.getBoundingClientRect().width;
      const copy = select.cloneNode(true) as HTMLSelectElement;
      copy.removeAttribute('id');
      Object.assign(copy.style, { position: 'absolute', visibility: 'hidden', width: 'auto', minWidth: '0', maxWidth: 'none', fieldSizing: 'content' });
      select.after(copy);
      for (const [index, option] of [...select.options].entries()) {
        copy.selectedIndex = index;
        const needs = copy.getBoundingClientRect().width;
        if (needs > has + 0.5) found.push(`select ${select.id}: “${option.text}” needs ${Math.ceil(needs)} px, has ${Math.floor(has)} px`);
      }
      copy.remove();
    }
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element instanceof HTMLSelectElement || element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) continue;
      // Hidden on purpose: the screen reader's words, the skeleton, and the list that scrolls.
      if (element.closest('select, [aria-hidden="true"], .msgs, .sr-only')) continue;
      if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0 && getComputedStyle(element).overflowX !== 'auto') {
        found.push(
          `${element.tagName.toLowerCase()}.${element.className}: “${element.textContent?.slice(0, 40)}” ${element.scrollWidth} px in ${element.clientWidth} px`,
        );
      }
    }
    return found;
  });
}

describe('at 320 px', () => {
  for (const lang of ['en', 'ja'] as const) {
    const words = WORDS[lang];

    it(`${lang}: the settings page, with the connection form open on each sign-in method`, async () => {
      world().sandbox.behave({ user: { ...ADMIN, locale: words.locale } });
      const page = await (await browser({ locale: words.locale })).newPage();
      const frame = await openHost(page, world(), '?page=settings&width=320');
      await frame.getByRole('heading', { name: words.heading }).waitFor({ timeout: 30_000 });
      await frame.getByRole('button', { name: words.add }).click();
      const type = frame.getByLabel(words.type, { exact: true });
      const methods = await type.evaluate((select: HTMLSelectElement) => [...select.options].map((o) => o.value));
      expect(methods.length).toBeGreaterThan(1);
      for (const method of methods) {
        await type.selectOption(method);
        expect(await cutOff(frame), method).toEqual([]);
      }
    });

    it(`${lang}: a connection's actions, with the form of a list action open and tried`, async () => {
      const w = world();
      w.sandbox.behave({ user: { ...ADMIN, locale: words.locale } });
      const page = await (await browser({ locale: words.locale })).newPage();
      const frame = await openHost(page, w, '?page=settings&width=320');
      await frame.getByRole('button', { name: words.add }).waitFor({ timeout: 30_000 });
      // config.json suggests Mico; set up once for the file (the app server keeps it for the next language).
      const mico = frame.getByRole('listitem').filter({ has: frame.getByRole('heading', { name: 'Mico Voice AI', exact: true }) });
      if (await mico.getByRole('button', { name: words.setUp }).count()) {
        await mico.getByRole('button', { name: words.setUp }).click();
        await mico.getByLabel(words.secret, { exact: true }).fill(w.mico.clientSecret);
        await mico.getByRole('button', { name: words.save }).click();
      }
      const actions = mico.getByRole('region', { name: words.actions });
      await actions.getByLabel(words.startFrom).selectOption('calls-with-customer', { timeout: 20_000 });
      await actions.getByRole('button', { name: words.addAction }).click();
      await actions.getByLabel(words.customer, { exact: true }).fill('41793026727');
      await actions.getByRole('button', { name: words.tryIt, exact: true }).click();
      await actions.locator('.try-outcome').waitFor({ timeout: 20_000 });
      // An error's details open, as a reader would (closed, Chromium lays out their hidden content in no width).
      for (const summary of await actions.locator('.try-outcome details:not([open]) > summary').all()) await summary.click();
      expect(await cutOff(frame)).toEqual([]);
    });

    it(`${lang}: the card, with its SMS form`, async () => {
      world().sandbox.behave({ user: { locale: words.locale } });
      const page = await (await browser({ locale: words.locale })).newPage();
      const frame = await openHost(page, world(), '?page=card&conversationId=c1&width=320');
      await openComposer(frame, words.reply);
      await frame.locator('ol.msgs[tabindex]').waitFor();
      expect(await cutOff(frame)).toEqual([]);
    });
  }
});
