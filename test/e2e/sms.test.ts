/**
 * Sending an SMS from the context card, in a real browser against the sandbox: what the
 * agent sees, what Infobip receives, what happens when Infobip refuses, and what never leaves the
 * browser because the form caught it first.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { TOKEN, logOf, openComposer, openHost, rawStore, signOut, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

const SMS = '/sms/2/text/advanced';
/** Read in the conversation's country: c1's customer is Swiss. */
const TOO_SHORT_CH = 'Too short for a phone number (country: Switzerland). Check the digits, or start with + and the country code.';

/** The card in a browser signed in once for the file; `fresh`: in a browser that signs in now. */
async function openCard(query = '?page=card&conversationId=c1', { fresh = false } = {}): Promise<{ page: Page; frame: Frame }> {
  const page = fresh ? await (await browser()).newPage() : await signedInPage();
  const frame = await openHost(page, world(), query);
  await frame.getByText('developer@infobip.com').waitFor();
  await openComposer(frame);
  return { page, frame };
}

const field = (frame: Frame, label: 'To' | 'Message' | 'From (optional)') => frame.getByLabel(label, { exact: true });
const sendButton = (frame: Frame) => frame.getByRole('button', { name: 'Send SMS' });

/** Every request the browser made to the SMS endpoint, preflights included. */
const smsTraffic = () => (world().sandbox.log as { path: string }[]).filter((entry) => entry.path === SMS);

describe('sending an SMS', () => {
  it("shows the message ID and status Infobip answered, and Infobip received exactly what was typed, with the agent's IBSSO token", async () => {
    // Signs in afresh: the SMS goes with the token this sign-in gave.
    const { page, frame } = await openCard(undefined, { fresh: true });
    // The customer's number comes from the conversation.
    await expect.poll(() => field(frame, 'To').inputValue()).toBe('41793026727');
    await field(frame, 'To').fill('+41 79 302-67-27');
    await field(frame, 'Message').fill('Hello Ana, your parcel 4471 is at the depot.\nBring an ID.');
    await field(frame, 'From (optional)').fill('InfoSMS');

    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === SMS && r.request().method() === 'POST'),
      sendButton(frame).click(),
    ]);
    // The composer closes, saying so in one line; opened again, it shows what Infobip answered.
    await frame.getByRole('status').filter({ hasText: 'SMS sent.' }).waitFor();
    await openComposer(frame);
    const result = frame.getByRole('status').filter({ hasText: 'Infobip accepted the SMS.' });
    await result.waitFor();
    const { messages } = (await answer.json()) as { messages: { messageId: string }[] };
    const messageId = messages[0]!.messageId;
    expect(messageId).toMatch(/^\d{19}$/);
    await expect(result.getByText(messageId, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(result.getByText('PENDING_ACCEPTED — Message sent to next instance').isVisible()).resolves.toBe(true);

    const sent = logOf(world(), SMS);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe(200);
    expect(sent[0]!.json).toEqual({
      // The number as read, in Infobip's international form.
      messages: [{ destinations: [{ to: '41793026727' }], from: 'InfoSMS', text: 'Hello Ana, your parcel 4471 is at the depot.\nBring an ID.' }],
    });
    expect(sent[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(sent[0]!.headers.authorization).toMatch(/^IBSSO [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The same token the card read the conversation with: the one the sign-in gave.
    expect(sent[0]!.headers.authorization).toBe(logOf(world(), '/ccaas/1/conversations/c1/messages')[0]!.headers.authorization);
    expect(logOf(world(), TOKEN)).toHaveLength(1);

    // Ready for the next one: the text is cleared, the number stays.
    await expect(field(frame, 'Message').inputValue()).resolves.toBe('');
    await expect(field(frame, 'To').inputValue()).resolves.toBe('+41 79 302-67-27');
  });

  it('without a sender, sends none (the account default), and works without a conversation too', async () => {
    const { frame } = await openCard('?page=card');
    await expect(field(frame, 'To').inputValue()).resolves.toBe('');
    await field(frame, 'To').fill('4915112345678');
    await field(frame, 'Message').fill('Your appointment is confirmed.');
    await sendButton(frame).click();
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    expect(logOf(world(), SMS).map((e) => e.json)).toEqual([
      { messages: [{ destinations: [{ to: '4915112345678' }], text: 'Your appointment is confirmed.' }] },
    ]);
  });

  it('says it is sending, and a second press while it sends sends nothing more', async () => {
    world().sandbox.behave({ delayMs: { [SMS]: 1500 } });
    const { frame } = await openCard();
    await field(frame, 'Message').fill('Only once, please.');
    await sendButton(frame).click();
    const sending = frame.getByRole('button', { name: 'Sending…' });
    await sending.waitFor();
    await expect(sending.isDisabled()).resolves.toBe(true);
    await field(frame, 'From (optional)').press('Enter'); // Enter in a text field submits the form again
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    expect(logOf(world(), SMS)).toHaveLength(1);
  });
});

describe('an SMS Infobip rejects', () => {
  it("shows Infobip's own words in an alert, keeps what was typed, and a press of Send after the fix goes through", async () => {
    world().sandbox.behave({ sms: 'reject', smsRejectText: 'Destination 41793026727 is on the blocklist of this account' });
    const { frame } = await openCard();
    await field(frame, 'Message').fill('Your refund has been approved.');
    await field(frame, 'From (optional)').fill('Shop');
    await sendButton(frame).click();

    const alert = frame.getByRole('alert');
    await alert.getByText('Infobip did not accept the request.').waitFor();
    const text = await alert.innerText();
    expect(text).toContain("Couldn't send the SMS");
    expect(text).toContain('Infobip did not accept the request.');
    // Infobip's words about the number sit at the To field, not as a path in the alert.
    expect(text).not.toContain('messages[0].destinations[0].to');
    await expect(frame.locator('#sms-to-error').innerText()).resolves.toBe('Destination 41793026727 is on the blocklist of this account');
    await expect(field(frame, 'To').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(frame.getByText('Infobip accepted the SMS.').count()).resolves.toBe(0);

    await expect(field(frame, 'To').inputValue()).resolves.toBe('41793026727');
    await expect(field(frame, 'Message').inputValue()).resolves.toBe('Your refund has been approved.');
    await expect(field(frame, 'From (optional)').inputValue()).resolves.toBe('Shop');
    expect(logOf(world(), SMS).map((e) => e.status)).toEqual([400]);

    // Not repeated behind the agent's back; when they press Send again (the account fixed), it goes.
    world().sandbox.behave({ sms: 'ok' });
    await sendButton(frame).click();
    await frame.getByText('SMS sent.', { exact: true }).waitFor();
    await expect(alert.count()).resolves.toBe(0);
    expect(logOf(world(), SMS).map((e) => e.status)).toEqual([400, 200]);
  });
});

describe('the form catches mistakes before anything is sent', () => {
  it('a bad number, an empty or too long message, a bad sender: each said at its field, focus on it, and no request at all', async () => {
    const { frame } = await openCard();
    const cases = [
      { to: '', text: 'Hi', from: '', field: 'sms-to', error: 'Enter the phone number to send to.' },
      { to: '12', text: 'Hi', from: '', field: 'sms-to', error: TOO_SHORT_CH },
      {
        to: '+41 79 302 67 27 12345',
        text: 'Hi',
        from: '',
        field: 'sms-to',
        error: 'No phone number has this country code and these digits. Check both against the customer’s number.',
      },
      {
        to: 'call me',
        text: 'Hi',
        from: '',
        field: 'sms-to',
        error: 'Not a phone number (country: Switzerland). Check the digits, or start with + and the country code.',
      },
      { to: '41793026727', text: '   ', from: '', field: 'sms-text', error: 'Write the message.' },
      { to: '41793026727', text: 'x'.repeat(1601), from: '', field: 'sms-text', error: 'The message is longer than 1600 characters.' },
      { to: '41793026727', text: 'Hi', from: 'My Shop Ltd.', field: 'sms-from', error: 'Use up to 11 letters and digits, or up to 16 digits.' },
    ] as const;
    for (const c of cases) {
      await field(frame, 'To').fill(c.to);
      await field(frame, 'Message').fill(c.text);
      await field(frame, 'From (optional)').fill(c.from);
      await sendButton(frame).click();
      const control = frame.locator(`#${c.field}`);
      await frame.locator(`#${c.field}-error`).getByText(c.error).waitFor();
      await expect(control.getAttribute('aria-invalid'), c.error).resolves.toBe('true');
      await expect(control.getAttribute('aria-describedby')).resolves.toContain(`${c.field}-error`);
      await expect(
        control.evaluate((el) => el === document.activeElement),
        `focus on ${c.field}`,
      ).resolves.toBe(true);
    }
    expect(smsTraffic()).toEqual([]);

    // Typing in the field clears its error.
    await field(frame, 'From (optional)').fill('MyShop');
    await expect(frame.locator('#sms-from-error').count()).resolves.toBe(0);
    await expect(frame.locator('#sms-from').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(smsTraffic()).toEqual([]);
  });
});

describe('never a wrong number', () => {
  it('12-34 is refused at the field, in words with what to do, and nothing is sent (it once went to "1234")', async () => {
    const { frame } = await openCard();
    // The conversation's own number, as it will be used.
    await frame.locator('#sms-to-hint').getByText('Sends to +41 79 302 67 27 (Switzerland)').waitFor();
    await field(frame, 'To').fill('12-34');
    await field(frame, 'Message').fill('Hello');
    await sendButton(frame).click();
    await frame.locator('#sms-to-error').getByText(TOO_SHORT_CH).waitFor();
    await expect(field(frame, 'To').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field(frame, 'To').getAttribute('aria-describedby')).resolves.toContain('sms-to-error');
    expect(smsTraffic()).toEqual([]);
  });

  it("a Japanese agent's 090-1234 is refused in Japanese; 090-1234-5678 on a Japanese WhatsApp conversation goes to +81 90 1234 5678, said as an SMS", async () => {
    world().sandbox.behave({ user: { locale: 'ja-JP' } });
    const page = await (await browser({ locale: 'ja-JP' })).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c2');
    await openComposer(frame, 'SMS で返信');
    const to = frame.getByLabel('宛先', { exact: true });
    await expect.poll(() => to.inputValue()).toBe('819012345678');
    await frame.getByText('お客様の番号に SMS を送ります（WhatsApp のメッセージではありません）。').waitFor();

    await to.fill('090-1234');
    await frame.getByLabel('本文', { exact: true }).fill('お待たせしました。');
    await frame.getByRole('button', { name: 'SMS を送信' }).click();
    await frame
      .locator('#sms-to-error')
      .getByText('電話番号としては桁数が足りません（国：日本）。数字を確かめるか、+ と国番号から入力してください。')
      .waitFor();
    expect(smsTraffic()).toEqual([]);

    await to.fill('090-1234-5678');
    await frame.locator('#sms-to-hint').getByText('+81 90 1234 5678（日本）に送信します').waitFor();
    await frame.getByRole('button', { name: 'SMS を送信' }).click();
    await frame.getByText('SMS を送信しました。').waitFor();
    expect(logOf(world(), SMS).map((e) => e.json)).toEqual([{ messages: [{ destinations: [{ to: '819012345678' }], text: 'お待たせしました。' }] }]);
  });
});

describe('signing out', () => {
  it("forgets the agent's half-typed SMS: the next sign-in on this PC finds an empty message and no draft in the store", async () => {
    const { frame, page } = await openCard(undefined, { fresh: true });
    await field(frame, 'Message').fill('Half-typed for Ana');
    await expect.poll(async () => (await rawStore(frame, 'read')).includes('draft:sms:c1')).toBe(true);
    await signOut(frame);
    await frame.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(async () => (await rawStore(frame, 'read')).includes('draft:')).toBe(false);

    const again = await openHost(page, world(), '?page=card&conversationId=c1');
    await again.getByText('developer@infobip.com').waitFor();
    await expect.poll(() => field(again, 'To').inputValue()).toBe('41793026727');
    await expect(field(again, 'Message').inputValue()).resolves.toBe('');
  });
});
