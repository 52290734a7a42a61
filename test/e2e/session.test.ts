/** The session in a real browser: popups, storage faults, refresh at expiry, several cards, network faults. */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { appFrame } from './browser';
import { AUTHORIZE, TOKEN, alertText, logOf, openComposer, openHost, rawStore, signOut, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();
const SIGNED_IN = 'developer@infobip.com';

async function signedIn(frame: Frame) {
  await frame.getByText(SIGNED_IN).waitFor();
}

/** Waits until the card has asked nothing of the sandbox for 600 ms: the reads that loading, focus and typing start are over. */
async function settled() {
  await expect
    .poll(async () => {
      const before = world().sandbox.log.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      return world().sandbox.log.length - before;
    })
    .toBe(0);
}

async function typeSms(frame: Frame, text: string) {
  await openComposer(frame);
  await frame.getByLabel('To', { exact: true }).fill('41793026727');
  await frame.getByLabel('Message', { exact: true }).fill(text);
}

/** Clicks Sign in, plays the user in the popup when it shows the sandbox's sign-in page, returns the popup. */
async function signInWithPopup(page: Page, frame: Frame, { confirm }: { confirm: boolean }) {
  const button = frame.getByRole('button', { name: /^(Sign in|Sign in again|Try again)$/ });
  const [popup] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
  if (confirm) await popup.getByRole('button', { name: 'Sign in' }).click();
  return popup;
}

describe('popup sign-in', () => {
  it('when the server answers login_required in the frame, a Sign in button opens a popup that completes the sign-in', async () => {
    world().sandbox.behave({ authorize: 'login_required' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('sign-in opens in a small window').waitFor();
    const popup = await signInWithPopup(page, frame, { confirm: true });
    await signedIn(frame);
    if (!popup.isClosed()) await popup.waitForEvent('close');
    const tokens = logOf(world(), TOKEN);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.headers.origin).toBe(new URL(world().appUrl).origin);
    await frame.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();
  });

  it('when the sign-in page refuses to be framed, the next load offers the popup instead of trying the frame again', async () => {
    world().sandbox.behave({ authorize: 'refuse-framing' });
    const page = await (await browser()).newPage();
    await openHost(page, world(), '?page=card&conversationId=c1');
    await expect.poll(() => logOf(world(), AUTHORIZE).length).toBe(1);
    const frame = await openHost(page, world(), '?page=card&conversationId=c2');
    await frame.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);
    await signInWithPopup(page, frame, { confirm: true });
    await signedIn(frame);
  });

  it('a popup closed before it finished: a clear message and a way to try again', async () => {
    world().sandbox.behave({ authorize: 'login_required' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    const popup = await signInWithPopup(page, frame, { confirm: false });
    // A person closes what they have seen: the sign-in page, shown for a moment.
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    await popup.waitForTimeout(1500);
    await popup.close();
    await expect(alertText(frame)).resolves.toContain('closed');
    await signInWithPopup(page, frame, { confirm: true });
    await signedIn(frame);
  });

  it('a popup whose link to the card is cut by Cross-Origin-Opener-Policy: a clear message, and no code exchanged', async () => {
    world().sandbox.behave({ authorize: 'login_required' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByRole('button', { name: 'Sign in' }).waitFor();
    world().sandbox.behave({ authorize: 'coop' });
    const popup = await signInWithPopup(page, frame, { confirm: false });
    await expect(alertText(frame)).resolves.toMatch(/closed|lost its connection/);
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popup.waitForURL(/callback\.html/);
    await popup.getByRole('alert').waitFor();
    expect(logOf(world(), TOKEN)).toHaveLength(0);
  });

  it('a blocked popup: says so, with the button to try again', async () => {
    const page = await (await browser({ storage: 'denied' })).newPage();
    await page.addInitScript(() => {
      window.open = () => null;
    });
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await expect(alertText(frame)).resolves.toContain('blocked');
    await frame
      .getByRole('button', { name: /Sign in|Try again/ })
      .first()
      .waitFor();
  });
});

describe('storage faults', () => {
  it('with storage denied to the frame, signs in by popup, keeps the verifier in memory, and says a reload signs out', async () => {
    const page = await (await browser({ storage: 'denied' })).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('blocks storage').waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(0);
    await signInWithPopup(page, frame, { confirm: false });
    await signedIn(frame);
    await frame.getByText('blocks storage').first().waitFor();
    const again = await openHost(page, world(), '?page=card&conversationId=c1');
    await again.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('keeps the token encrypted at rest: the raw IndexedDB record holds no token text', async () => {
    const page = await signedInPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();
    const sent = logOf(world(), '/ccaas/1/conversations/c1/messages')[0]!.headers.authorization!;
    const token = sent.replace('IBSSO ', '');
    expect(token.length).toBeGreaterThan(10);
    const raw = await rawStore(frame, 'read');
    expect(raw).toContain('token');
    expect(raw).not.toContain(token);
    expect(raw).not.toContain('developeruser');
  });

  it('a corrupt stored record is discarded and followed by a fresh sign-in, not a crash', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(frame);
    await rawStore(frame, 'corrupt');
    await signedIn(await openHost(page, world(), '?page=card&conversationId=c2'));
    expect(logOf(world(), AUTHORIZE)).toHaveLength(2);
  });

  it('a wiped store leads to a silent new sign-in', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(frame);
    // What Safari's 7-day rule leaves: the database, emptied.
    await rawStore(frame, 'clear');
    await signedIn(await openHost(page, world(), '?page=card&conversationId=c1'));
    expect(logOf(world(), AUTHORIZE)).toHaveLength(2);
  });
});

describe('signing out', () => {
  it('in one card ends the session in every card: the other shows Sign in and stops using the token, and a reload signs in afresh', async () => {
    const page = await (await browser()).newPage();
    await signedIn(await openHost(page, world(), '?page=card&conversationId=c1'));
    await openHost(page, world(), '?page=card&count=2');
    const [first, second] = await Promise.all([appFrame(page, 0), appFrame(page, 1)]);
    await signedIn(first);
    await signedIn(second);
    const token = logOf(world(), '/ccaas/1/conversations/c1/messages')[0]!.headers.authorization;
    await signOut(first);
    await first.getByRole('button', { name: 'Sign in' }).waitFor();
    await second.getByRole('button', { name: 'Sign in' }).waitFor();
    const after = world().sandbox.log.length;
    await expect(second.getByText(SIGNED_IN).count()).resolves.toBe(0);
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);

    const again = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(again);
    expect(logOf(world(), AUTHORIZE)).toHaveLength(2);
    expect(logOf(world(), TOKEN).map((e) => e.form?.grant_type)).toEqual(['authorization_code', 'authorization_code']);
    const used = (world().sandbox.log as { headers: { authorization?: string } }[]).slice(after).filter((e) => e.headers.authorization === token);
    expect(used).toEqual([]);
  });
});

describe('expiry and refresh', () => {
  it('three cards open at expiry make exactly one refresh, and all three keep working', async () => {
    world().sandbox.behave({ sendExpiresIn: true });
    // The browser's clock, not a real wait: the cards find the hour-long token due when it says so.
    const context = await browser();
    await context.clock.install();
    const page = await context.newPage();
    await signedIn(await openHost(page, world(), '?page=card&conversationId=c1'));
    await openHost(page, world(), '?page=card&count=3');
    const frames = await Promise.all([0, 1, 2].map((i) => appFrame(page, i)));
    for (const frame of frames) await signedIn(frame);
    expect(logOf(world(), TOKEN)).toHaveLength(1);
    await page.clock.fastForward(3_600_000 - 20_000);
    await expect.poll(() => logOf(world(), TOKEN).filter((e) => e.form?.grant_type === 'refresh_token').length, { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(500);
    expect(logOf(world(), TOKEN).filter((e) => e.form?.grant_type === 'refresh_token')).toHaveLength(1);
    for (const [i, frame] of frames.entries()) {
      // Each card is its own conversation's: the SMS goes to that customer's number, already in To.
      await openComposer(frame);
      await frame.getByLabel('Message', { exact: true }).fill(`after refresh ${i}`);
      await frame.getByRole('button', { name: 'Send SMS' }).click();
      await frame.getByText('SMS sent.', { exact: true }).waitFor();
    }
    const sms = logOf(world(), '/sms/2/text/advanced');
    expect(sms.map((e) => e.status)).toEqual([200, 200, 200]);
    expect(new Set(sms.map((e) => e.headers.authorization)).size).toBe(1);
  });

  it('after a 401, refreshes once and repeats the call once, unseen by the agent', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(frame);
    // Typed first, and the reads over: the frame taking focus reads the conversation again, which would meet the 401 instead.
    await typeSms(frame, 'Your parcel is ready');
    await settled();
    world().sandbox.expireTokens();
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    expect(logOf(world(), '/sms/2/text/advanced').map((e) => e.status)).toEqual([401, 200]);
    expect(logOf(world(), TOKEN).map((e) => e.form?.grant_type)).toEqual(['authorization_code', 'refresh_token']);
  });

  it('when refreshing fails, signs in again in the frame, and the half-typed SMS is still there', async () => {
    const page = await (await browser()).newPage();
    let frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(frame);
    await typeSms(frame, 'Half-typed answer to Ana');
    await settled();
    world().sandbox.revokeTokens();
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await expect.poll(() => logOf(world(), AUTHORIZE).length).toBe(2);
    frame = await appFrame(page);
    await signedIn(frame);
    // The form shows at once and fills in the saved draft when the store has answered.
    await expect.poll(() => frame.getByLabel('Message', { exact: true }).inputValue()).toBe('Half-typed answer to Ana');
    expect(logOf(world(), AUTHORIZE)[1]!.query.state).toBe(logOf(world(), AUTHORIZE)[0]!.query.state);
  });
});

describe('network faults', () => {
  it('a transient 503 on reading the conversation is retried without the agent noticing', async () => {
    world().sandbox.failNext({ path: '/ccaas', status: 503 });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();
    expect(
      logOf(world(), '/ccaas/1/conversations/c1/messages')
        .filter((e) => e.method === 'GET')
        .map((e) => e.status),
    ).toEqual([503, 200]);
  });

  it('an SMS that may have reached the server is not repeated: says so and keeps the text', async () => {
    const page = await signedInPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signedIn(frame);
    world().sandbox.failNext({ path: '/sms', status: 504 });
    await typeSms(frame, 'Did this go?');
    await frame.getByRole('button', { name: 'Send SMS' }).click();
    await expect(alertText(frame)).resolves.toContain('may or may not have been sent');
    await expect(frame.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('Did this go?');
    expect(logOf(world(), '/sms/2/text/advanced')).toHaveLength(1);
  });
});
