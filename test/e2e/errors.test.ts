/**
 * Errors as an agent meets them in the card at 320 × 640: what happened and what to do, in words and in
 * their language; the codes and the server's own words folded under "Details"; a server in trouble never
 * called a refusal; Japanese set as Japanese (phrases kept whole, server text upright in 「」).
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { alertText, openDetails, openHost, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

const SMALL = '&width=320&height=640';
/** What no line outside the details may hold: a message key, a code, an HTTP status, the server's words. */
const RAW = /error\.|[A-Z]+_[A-Z_]+|access_denied|\bSERVER\b|HTTP \d|The user denied access/;

/** The alert as read before anyone opens its details: its title, what happened, what to do. */
async function lines(frame: Frame): Promise<string[]> {
  const alert = frame.getByRole('alert');
  await alert.locator('.alert-title ~ p').first().waitFor();
  return alert.locator(':scope > p').allInnerTexts();
}

/** The card is no wider than its frame: nothing in the alert pushes it sideways. */
const fits = (frame: Frame) => frame.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth);

describe('a refused sign-in, in Japanese and dark', () => {
  it('says what happened and who can fix it, offers to sign in again, and sets Infobip’s words upright in 「」, phrases unbroken', async () => {
    world().sandbox.behave({ authorize: 'deny' });
    const page = await (await browser({ locale: 'ja-JP', colorScheme: 'dark' })).newPage();
    const frame = await openHost(page, world(), `?page=card&conversationId=c1${SMALL}&theme=dark`);

    const [title, reason, next] = await lines(frame);
    expect(title).toBe('サインインできませんでした');
    expect(reason).toBe('Infobip がサインインを許可しませんでした。');
    expect(next).toContain('Infobip アカウントの管理者にアクセス権を依頼してください。');
    for (const line of [title, reason, next]) expect(line).not.toMatch(RAW);
    const alert = frame.getByRole('alert');
    await alert.getByRole('button', { name: 'もう一度サインイン' }).waitFor();

    // Lines break between phrases where the browser can (Chromium 119+), never inside 「しませんでし/た」.
    const phrases = await frame.evaluate(() => CSS.supports('word-break', 'auto-phrase'));
    await expect(
      alert
        .locator(':scope > p')
        .nth(2)
        .evaluate((p) => getComputedStyle(p).wordBreak),
    ).resolves.toBe(phrases ? 'auto-phrase' : 'normal');
    await expect(
      alert
        .locator(':scope > p')
        .nth(2)
        .evaluate((p) => getComputedStyle(p).lineBreak),
    ).resolves.toBe('strict');

    await openDetails(alert);
    const said = alert.locator('.said');
    await expect(said.innerText()).resolves.toBe('Infobip からのメッセージ：「The user denied access」');
    // Nothing in the quote, nor anywhere in the alert, is set in italics.
    await expect(alert.evaluate((el) => [el, ...el.querySelectorAll('*')].filter((e) => getComputedStyle(e).fontStyle !== 'normal').length)).resolves.toBe(0);
    await expect(alert.innerText()).resolves.toContain('エラーコード：access_denied (AUTHORIZATION_DENIED)');
    await expect(fits(frame)).resolves.toBe(true);
  });
});

describe('a conversation that fails to load with a 5xx', () => {
  it('says Infobip had a problem and to try again in a minute, never a refusal; the code is in the details', async () => {
    const page = await signedInPage();
    world().sandbox.failNext({ path: '/ccaas', status: 500, count: 20 });
    const frame = await openHost(page, world(), `?page=card&conversationId=c1${SMALL}`);
    const [title, reason, next] = await lines(frame);
    expect([title, reason, next]).toEqual([
      "Couldn't load the conversation",
      'Infobip had a problem answering.',
      'Nothing you did caused it. Try again in a minute.',
    ]);
    await frame.getByRole('alert').getByRole('button', { name: 'Try again' }).waitFor();
    const text = await alertText(frame);
    expect(text).not.toMatch(/refuse/i);
    expect(text).toContain('Error code: SERVER (HTTP 500)');
  });

  it('in Japanese and dark, the same in Japanese, the full-width colon throughout', async () => {
    world().sandbox.behave({ user: { locale: 'ja-JP' } });
    const page = await signedInPage({ locale: 'ja-JP', colorScheme: 'dark' });
    world().sandbox.failNext({ path: '/ccaas', status: 500, count: 20 });
    const frame = await openHost(page, world(), `?page=card&conversationId=c1${SMALL}&theme=dark`);
    const [title, reason, next] = await lines(frame);
    expect([title, reason]).toEqual(['会話を読み込めませんでした', 'Infobip 側で問題が発生しました。']);
    expect(next).toContain('1\u00a0分ほど待ってから、もう一度お試しください。');
    const text = await alertText(frame);
    expect(text).toContain('エラーコード：SERVER (HTTP 500)');
    expect(text).not.toContain('拒否');
    expect(text.replace(/\(HTTP \d+\)/, '')).not.toContain(':');
    await expect(fits(frame)).resolves.toBe(true);
  });
});
