/**
 * Text from any server is rendered as text, never as HTML. Markup and script payloads in
 * every field a server sends the app — the token answer's identity, the conversation's messages, the
 * SMS answer, Infobip's error texts, the portal's app configuration, an authorization error — must
 * show as the literal characters, create no element, run nothing and open no dialog.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { sendJson } from '../sandbox/http.js';
import { alertText, answerAuthorize, holdAuthorize, openComposer, openHost, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

/** Markup, an inline script and an attribute break-out, each naming the field it came through. */
const payload = (field: string) =>
  `${field}: <img src=x onerror="window.__pwned='${field}';alert('${field}')"> <script>window.__pwned='${field}'</script> "><svg onload="window.__pwned='${field}'"><b>bold</b>`;

/** Answers of a server the sandbox cannot make carry markup (fields it generates itself), by path prefix. */
let answers: Record<string, unknown> = {};
let mounted = false;

beforeEach(() => {
  answers = {};
  if (mounted) return;
  mounted = true;
  for (const prefix of ['/api/amg', '/sms']) {
    world().sandbox.mount(prefix, (_req, res, ctx) => {
      if (!(prefix in answers) || !ctx.path.startsWith(prefix)) return false;
      sendJson(res, 200, answers[prefix]);
      return true;
    });
  }
});

interface Watch {
  page: Page;
  frame: Frame;
  dialogs: string[];
  /** Requests an injected <img src=x> would make. */
  strays: string[];
}

/**
 * Opens the host page, watching for dialogs and for requests a live payload would make: in `page`, or
 * in a browser signed in once for the file.
 */
async function open(query: string, page?: Page): Promise<Watch> {
  page ??= await signedInPage();
  const dialogs: string[] = [];
  const strays: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/x')) strays.push(request.url());
  });
  const frame = await openHost(page, world(), query);
  return { page, frame, dialogs, strays };
}

/** The payloads are on screen as their literal characters, and nothing of them came alive. */
async function expectInert({ page, frame, dialogs, strays }: Watch, texts: string[]): Promise<void> {
  for (const text of texts) {
    await expect.poll(() => frame.evaluate(() => document.body.innerText), { message: `shows ${text.slice(0, 30)}… as text`, timeout: 15_000 }).toContain(text);
  }
  await page.waitForTimeout(200); // time for an onerror/onload to have fired, had anything been parsed
  const found = await frame.evaluate(() => ({
    // The header's channel icon is the card's own (the first child of its channel word); any other is injected.
    elements: [...document.querySelectorAll('img, svg, iframe, object, embed, b')]
      .filter((el) => !el.matches('.channel > .via > svg.channel-icon:first-child'))
      .map((el) => el.outerHTML),
    inlineScripts: [...document.scripts].filter((s) => !s.src).map((s) => s.text),
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    pwned: (window as { __pwned?: unknown }).__pwned,
  }));
  expect(found).toEqual({ elements: [], inlineScripts: [], handlers: [], pwned: undefined });
  await expect(page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(strays).toEqual([]);
}

describe('the token answer’s identity', () => {
  it('username and email on the card', async () => {
    world().sandbox.behave({ user: { username: payload('username'), email: payload('email') } });
    // Signs in now, so the token answer carries the payloads.
    const watch = await open('?page=card&conversationId=c1', await (await browser()).newPage());
    await expectInert(watch, [payload('username'), payload('email')]);
    await expect(watch.frame.getByText(payload('username'), { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('username, email, role and group names on the settings page', async () => {
    world().sandbox.behave({
      user: { username: payload('username'), email: payload('email'), roles: [{ id: 1, name: payload('role') }], groups: [{ id: 2, name: payload('group') }] },
    });
    const watch = await open('?page=settings', await (await browser()).newPage());
    await watch.frame.getByText(world().sandbox.appId).waitFor();
    await expectInert(watch, [payload('username'), payload('email'), payload('role'), payload('group')]);
    await expect(
      watch.frame
        .getByRole('listitem')
        .filter({ hasText: payload('role') })
        .isVisible(),
    ).resolves.toBe(true);
  });
});

describe('the conversation', () => {
  it("message texts, and a message's direction, channel and content type", async () => {
    world().sandbox.setMessages('c1', [
      { content: { text: payload('inbound text') } },
      { direction: 'OUTBOUND', content: { text: payload('outbound text') } },
      { direction: payload('direction'), channel: payload('channel'), contentType: payload('contentType'), content: {} },
    ]);
    const watch = await open('?page=card&conversationId=c1');
    await expectInert(watch, [
      payload('inbound text'),
      payload('outbound text'),
      payload('direction'),
      payload('channel'),
      `A ${payload('contentType')} message this card cannot show`,
    ]);
  });

  it('a web address in a message is the one link: it opens in a new tab with no way back; a javascript: address stays text', async () => {
    const address = `${world().sandbox.url}/media/e07.png`;
    const text = `<img src=x onerror="window.__pwned='img'"><b>See</b> ${address} or javascript:window.__pwned='link' <a href="javascript:window.__pwned='a'">click</a>`;
    world().sandbox.setMessages('c1', [{ content: { text } }]);
    const watch = await open('?page=card&conversationId=c1');
    await expectInert(watch, [text]);
    const link = watch.frame.getByRole('link');
    await expect(link.count()).resolves.toBe(1);
    await expect(link.evaluate((a: HTMLAnchorElement) => [a.href, a.target, a.rel, a.textContent])).resolves.toEqual([
      address,
      '_blank',
      'noopener noreferrer',
      address,
    ]);
    const [tab] = await Promise.all([watch.page.waitForEvent('popup'), link.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(address);
    await expect(tab.evaluate(() => window.opener)).resolves.toBeNull();
    await watch.frame.getByText(/javascript:window\.__pwned='link'/).click();
    await expectInert(watch, [text]);
  });

  it("a conversation id in Infobip's not-found text", async () => {
    const id = payload('conversation id');
    const watch = await open(`?page=card&conversationId=${encodeURIComponent(id)}`);
    await watch.frame.getByRole('alert').getByText("Couldn't load the conversation").waitFor();
    await alertText(watch.frame);
    await expectInert(watch, [`Conversation ${id} not found`]);
  });
});

describe('sending an SMS', () => {
  async function send(watch: Watch) {
    await watch.frame.getByText('developer@infobip.com').waitFor();
    await openComposer(watch.frame);
    await watch.frame.getByLabel('To', { exact: true }).fill('41793026727');
    await watch.frame.getByLabel('Message', { exact: true }).fill('Hello');
    await watch.frame.getByRole('button', { name: 'Send SMS' }).click();
  }

  it("Infobip's validation text when it rejects the SMS", async () => {
    world().sandbox.behave({ sms: 'reject', smsRejectText: payload('sms rejection') });
    const watch = await open('?page=card&conversationId=c1');
    await send(watch);
    await watch.frame.getByRole('alert').waitFor();
    await expectInert(watch, [payload('sms rejection')]);
  });

  it('the message ID and status of the answer', async () => {
    answers['/sms'] = {
      bulkId: '1',
      messages: [
        {
          messageId: payload('messageId'),
          destination: payload('destination'),
          status: { groupId: 1, groupName: payload('groupName'), id: 26, name: payload('status'), description: payload('description') },
        },
      ],
    };
    const watch = await open('?page=card&conversationId=c1');
    await send(watch);
    await watch.frame.getByText('SMS sent.', { exact: true }).waitFor();
    // Infobip's answer is in the composer, which closed after the send: opened again, it shows it.
    await openComposer(watch.frame);
    await expectInert(watch, [payload('messageId'), `${payload('status')} — ${payload('description')}`]);
  });
});

describe('the settings page', () => {
  it("the portal's error text", async () => {
    world().sandbox.behave({ portal: '403', portalErrorText: payload('portal error') });
    const watch = await open('?page=settings');
    await alertText(watch.frame);
    await expectInert(watch, [payload('portal error')]);
  });

  it("the app's OAuth configuration, secrets revealed", async () => {
    const app = world().sandbox.app as { clientId: string; appId: string };
    answers['/api/amg'] = {
      clientId: payload('clientId'),
      appId: payload('appId'),
      redirectUri: payload('redirectUri'),
      clientSecret: payload('clientSecret'),
      signingSecret: payload('signingSecret'),
    };
    const watch = await open('?page=settings');
    await watch.frame.getByText(payload('appId'), { exact: true }).waitFor();
    await watch.frame.getByRole('button', { name: 'Reveal Client secret' }).click();
    await watch.frame.getByRole('button', { name: 'Reveal Signing secret' }).click();
    await expectInert(watch, ['clientId', 'appId', 'redirectUri', 'clientSecret', 'signingSecret'].map(payload));
    // The mismatch notes quote config.json, not the server: they still name the configured values.
    await expect(watch.frame.evaluate(() => document.body.innerText)).resolves.toContain(app.clientId);
  });
});

describe('sign-in', () => {
  it('the error description of an authorization answer', async () => {
    const context = await browser();
    // Hold the authorization request, then answer it as a server echoing attacker-chosen text would.
    const held = await holdAuthorize(context);
    const watch = await open('?page=card&conversationId=c1', await context.newPage());
    await expect.poll(held).not.toBeNull();
    await answerAuthorize(watch.frame, world(), { error: 'access_denied', error_description: payload('error_description'), state: held() as string });
    await watch.frame.getByRole('alert').getByText('Sign-in failed').waitFor();
    await alertText(watch.frame);
    await expectInert(watch, [payload('error_description')]);
  });
});
