/**
 * The screenshots in docs/screenshots, taken from the real app in the host page's sidebar frame and
 * cropped to it. Every run writes them to build/screenshots and compares them with docs/screenshots:
 * a difference fails, so the documented pictures change only when the UI does. UPDATE_SCREENSHOTS=1
 * copies the new ones over. A few pixels of antialiasing noise at rounded edges are tolerated. The world is fixed (message ids, the browser's clock, time zone and
 * language), so a run that changes nothing takes the same pictures; the random ports of the local
 * servers show nowhere on screen. Each test also checks that its screen shows what the picture claims.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { askAiPreset, byCustomerNumberPreset, callByUidPreset } from '../../src/shared/action-presets';
import { infobipTime } from '../sandbox/infobip.js';
import { connectionDrafts, putAsAdmin } from './admin-card';
import { differingPixels } from './png';
import { openHost, useWorld } from './world';

// With the app server (the sandbox's default user is a Manager, so an admin), for the connections' pictures;
// a card whose account has no connections looks as it does without one.
const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Manager' } } });

const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const DOCS = join(process.cwd(), 'docs', 'screenshots');
const BUILD = join(process.cwd(), 'build', 'screenshots');
const FRAME = 'iframe[name="app-0"]';
const HEIGHT = 640;
/** Pixels allowed to differ from the documented picture (antialiasing noise, not a change). */
const MAX_NOISE = 50;
/** The browser's clock in the screenshot world: shortly after the long conversation's last message. */
const NOW = Date.UTC(2024, 4, 1, 12, 36);

type Lang = 'en' | 'ja';
const REGION = { en: { locale: 'en-US', timezoneId: 'Europe/Zurich' }, ja: { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' } } as const;

beforeAll(() => {
  mkdirSync(BUILD, { recursive: true });
});

/** The frame as the agent sees it, into build/screenshots, then compared with (or copied to) docs/screenshots. */
async function shoot(page: Page, name: string, width: number): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await settled(page.frame({ url: (url) => url.pathname.endsWith('/card.html') }));
  const built = join(BUILD, name);
  const png = await page.locator(FRAME).screenshot({ animations: 'disabled', caret: 'hide', path: built });
  // A PNG's IHDR: width and height at bytes 16 and 20 (one more row when the frame sits at a fractional y); 2 px of border.
  expect(png.readUInt32BE(16)).toBe(width + 2);
  expect(png.readUInt32BE(20) - (HEIGHT + 2)).toBeGreaterThanOrEqual(0);
  expect(png.readUInt32BE(20) - (HEIGHT + 2)).toBeLessThanOrEqual(1);
  const documented = join(DOCS, name);
  if (UPDATE) {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(built, documented);
    return;
  }
  expect(existsSync(documented), `${documented} is missing: run with UPDATE_SCREENSHOTS=1`).toBe(true);
  // A few antialiased edge pixels vary between runs; anything more is a change of the UI.
  expect(
    differingPixels(png, readFileSync(documented)),
    `${name} differs from docs/screenshots (see ${built}); run with UPDATE_SCREENSHOTS=1 if the UI changed`,
  ).toBeLessThanOrEqual(MAX_NOISE);
}

/**
 * Waits until the card's fonts have loaded and its message list has stopped moving: a font or an
 * image arriving late grows the list, and the card scrolls it back to the newest message.
 */
async function settled(frame: Frame | null): Promise<void> {
  if (!frame) throw new Error('the card frame is not there');
  await frame.evaluate(() => document.fonts.ready);
  const position = () =>
    frame.evaluate(
      () =>
        new Promise<string>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const list = document.querySelector('.msgs');
              resolve(list ? `${list.scrollTop} ${list.scrollHeight}` : '');
            }),
          ),
        ),
    );
  let last = await position();
  await expect
    .poll(async () => {
      const now = await position();
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

const LINES: Record<Lang, string[]> = {
  en: [
    'Hi, my parcel 4471 has not arrived yet.',
    'Hello Ana, sorry to hear that. Let me check the tracking for parcel 4471.',
    'It is at the local depot and will be delivered tomorrow before noon.',
    'Great, thank you! Can I pick it up myself instead?',
    'Yes: bring an ID to the depot at Main Street 12, open 8:00 to 18:00.',
  ],
  ja: [
    'こんにちは。荷物 4471 がまだ届いていません。',
    'アナ様、ご不便をおかけしております。荷物 4471 の配送状況を確認いたします。',
    '現在は最寄りの営業所にあり、明日の正午までにお届けします。',
    'ありがとうございます。自分で受け取りに行くこともできますか？',
    'はい。身分証明書をお持ちのうえ、本町 12 の営業所（8:00〜18:00）へお越しください。',
  ],
};

const LONG: Record<Lang, string> = {
  en: 'Here is everything about your delivery in one place. The parcel left our warehouse on Monday, reached the regional hub on Tuesday evening and the local depot this morning. Drivers start their rounds at 7:30; yours is the fourth stop, so expect it between 9:00 and 11:00. If nobody is home, the driver leaves a card and takes the parcel back to the depot, where it waits for seven days.',
  ja: '配送についてまとめてご案内します。お荷物は月曜日に倉庫を出発し、火曜日の夜に地域の拠点、本日朝に最寄りの営業所に到着しました。配達は 7:30 に始まり、お客様は 4 番目のお届け先のため、9:00〜11:00 ごろの到着予定です。ご不在の場合は不在票を残して営業所に持ち帰り、7 日間保管します。',
};

/** A conversation of 120 messages (two and a half pages), the newest a few minutes before NOW, one of them long. */
function longConversation(lang: Lang) {
  const lines = LINES[lang];
  return Array.from({ length: 120 }, (_, i) => {
    const at = infobipTime(NOW - (120 - i) * 60_000);
    return {
      id: `long-${String(i + 1).padStart(3, '0')}`,
      direction: i % 2 ? 'OUTBOUND' : 'INBOUND',
      content: { text: i === 116 ? LONG[lang] : lines[i % lines.length] },
      createdAt: at,
      updatedAt: at,
    };
  });
}

async function open(lang: Lang, theme: 'light' | 'dark', width: number, conversationId: string): Promise<{ page: Page; frame: Frame }> {
  // The system scheme is the opposite of the host's theme, so the picture shows the parameter wins.
  // The agent's Infobip locale chooses the card's language.
  world().sandbox.behave({ user: { locale: REGION[lang].locale } });
  const context = await browser({ ...REGION[lang], colorScheme: theme === 'dark' ? 'light' : 'dark' });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  const frame = await openHost(page, world(), `?page=card&conversationId=${conversationId}&width=${width}&height=${HEIGHT}&theme=${theme}`);
  return { page, frame };
}

const EARLIER = { en: 'Load earlier messages', ja: '以前のメッセージを読み込む' };

describe('the card at 320 and 400 px, light and dark, English and Japanese', () => {
  for (const lang of ['en', 'ja'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [320, 400]) {
        it(`card-${lang}-${theme}-${width}.png: a long conversation, its newest messages in view`, async () => {
          world().sandbox.setMessages('c1', longConversation(lang));
          const { page, frame } = await open(lang, theme, width, 'c1');
          await frame
            .getByText(LINES[lang][119 % 5]!, { exact: true })
            .last()
            .waitFor();
          await frame.getByRole('button', { name: EARLIER[lang] }).waitFor({ state: 'attached' });
          await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          // The newest message is in view at the bottom of the list, and the page itself does not scroll.
          const inView = () =>
            frame.evaluate(() => {
              const list = document.querySelector('.msgs')!.getBoundingClientRect();
              const last = document.querySelector('.msg:last-child')!.getBoundingClientRect();
              return last.bottom <= list.bottom + 1 && last.top >= list.top;
            });
          await expect.poll(inView, { timeout: 15_000 }).toBe(true);
          await expect(frame.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).resolves.toBe(true);
          await shoot(page, `card-${lang}-${theme}-${width}.png`, width);
        });
      }
    }
    it(`card-${lang}-image.png: an image message with its caption`, async () => {
      const { page, frame } = await open(lang, 'light', 320, 'c2');
      const image = frame.getByRole('img', { name: 'This is what the display shows.' });
      await image.waitFor();
      await expect(image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(160);
      await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await shoot(page, `card-${lang}-image.png`, 320);
    });
  }
});

/**
 * Mico and Fujitsu with three actions (only Mico's call by UID with `micoOnly`), saved through the app server as
 * the settings page saves them, with a session the card signed in.
 */
async function connectionsWithActions(bearer: string, { micoOnly = false } = {}): Promise<void> {
  const w = world();
  const drafts = connectionDrafts(w);
  await putAsAdmin(w, bearer, '/connections/mico', drafts.mico);
  await putAsAdmin(w, bearer, '/connections/fujitsu', drafts.fujitsu);
  // Each list is set whole, so a picture does not depend on which test of the file ran before it.
  await putAsAdmin(w, bearer, '/connections/mico/actions', { actions: micoOnly ? [callByUidPreset()] : [byCustomerNumberPreset(), callByUidPreset()] });
  await putAsAdmin(w, bearer, '/connections/fujitsu/actions', { actions: micoOnly ? [] : [askAiPreset()] });
}

const CONNECTIONS = { en: 'Connections', ja: '外部接続' };
const ANSWERS = { en: '· 2 answers', ja: '· 回答 2 件' };

/** Signs the card in on conversation c1 (its long conversation shown) and gives the session the card holds for the app server. */
async function signedInCard(lang: Lang, theme: 'light' | 'dark'): Promise<{ page: Page; bearer: string }> {
  world().sandbox.setMessages('c1', longConversation(lang));
  const { page, frame: first } = await open(lang, theme, 320, 'c1');
  let bearer: string | undefined;
  page.on('request', (request) => {
    const found = /^Bearer (.+)$/.exec(request.headers().authorization ?? '');
    if (found && request.url().startsWith(world().appServer?.url ?? '-')) bearer = found[1];
  });
  // Signed in (its messages shown); reloaded, the card's requests to the app server carry the session.
  await first
    .getByText(LINES[lang][119 % 5]!, { exact: true })
    .last()
    .waitFor();
  await page.reload();
  await expect.poll(() => bearer, { timeout: 30_000 }).toBeDefined();
  return { page, bearer: bearer as string };
}

describe('the card’s connection actions at 320 px, opened', () => {
  for (const [lang, theme] of [
    ['en', 'light'],
    ['ja', 'dark'],
  ] as const) {
    const name = `card-actions-${lang}${theme === 'dark' ? '-dark' : ''}-320.png`;
    it(`${name}: the calls with this customer, the look-up by UID and the summary, in words`, async () => {
      const { page, bearer } = await signedInCard(lang, theme);
      await connectionsWithActions(bearer);
      const frame = await openHost(page, world(), `?page=card&conversationId=c1&width=320&height=${HEIGHT}&theme=${theme}`);
      await frame.getByText(ANSWERS[lang]).waitFor({ timeout: 30_000 });
      await frame.getByRole('button', { name: CONNECTIONS[lang] }).click();
      await frame.locator('.answer .rows tbody tr').nth(1).waitFor();
      await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // When the server fetched the answers is the real clock's: hidden, so the picture does not change every run.
      await frame.evaluate(() => {
        for (const when of document.querySelectorAll<HTMLElement>('.action .when')) when.style.display = 'none';
      });
      await expect(frame.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).resolves.toBe(true);
      await shoot(page, name, 320);
    });
  }
});

const ANSWERS1 = { en: '· 1 answer', ja: '· 回答 1 件' };
const CALL = {
  en: { action: 'Outbound call by UID', uid: 'Call UID', run: 'Run', outcome: 'The customer confirmed', duration: '2 min 12 s' },
  ja: { action: 'UIDで発信通話を検索', uid: '通話UID', run: '実行', outcome: 'お客様確認済み', duration: '2分12秒' },
};

describe('Mico’s call by UID at 320 px: its fields labelled, its statuses in words', () => {
  for (const [lang, theme] of [
    ['en', 'light'],
    ['ja', 'dark'],
  ] as const) {
    const name = `card-call-${lang}${theme === 'dark' ? '-dark' : ''}-320.png`;
    it(`${name}: the call an agent looked up by its UID`, async () => {
      const words = CALL[lang];
      const { page, bearer } = await signedInCard(lang, theme);
      await connectionsWithActions(bearer, { micoOnly: true });
      const frame = await openHost(page, world(), `?page=card&conversationId=c1&width=320&height=${HEIGHT}&theme=${theme}`);
      await frame.getByRole('button', { name: CONNECTIONS[lang] }).click({ timeout: 30_000 });
      const action = frame.getByRole('region', { name: words.action });
      await action.getByLabel(words.uid).fill('call_7f3a9c21');
      await action.getByRole('button', { name: words.run, exact: true }).click();
      await action.getByText(words.outcome, { exact: true }).waitFor({ timeout: 30_000 });
      await action.getByText(words.duration, { exact: true }).waitFor();
      await frame.getByText(ANSWERS1[lang]).waitFor();
      await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await frame.evaluate(() => {
        for (const when of document.querySelectorAll<HTMLElement>('.action .when')) when.style.display = 'none';
        // The whole answer in view, under the UID typed, as the agent scrolls the connections to read it.
        document.querySelector('.action .answer')?.scrollIntoView({ block: 'end' });
      });
      await expect(frame.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).resolves.toBe(true);
      await shoot(page, name, 320);
    });
  }
});
