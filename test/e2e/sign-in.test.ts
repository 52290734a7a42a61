/** Sign-in in a real browser: authorize, callback, token answer, the stored token, the two screens. */
import { describe, expect, it } from 'vitest';
import { calculatePKCECodeChallenge } from 'oauth4webapi';
import type { Request } from 'playwright-core';
import { AUTHORIZE, TOKEN, address, alertText, logOf, openHost, rawStore, signOut, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

/** A site file's path under the site folder, without the build's hash: which file, not which build. */
const withoutHash = (file: string) => file.replace(/^.*\/apps\/card\//, '').replace(/-[\w-]{8}\.js$/, '.js');

describe('sign-in in the frame', () => {
  it('signs the card in with PKCE, shows who is signed in and the conversation, stays on the card’s own page, and leaves no code or state in the address bar', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor();
    await expect(frame.getByText('developeruser').count()).resolves.toBeGreaterThan(0);
    await frame.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();

    const [authorize] = logOf(world(), AUTHORIZE);
    expect(authorize!.query).toMatchObject({
      response_type: 'code',
      client_id: world().sandbox.clientId,
      redirect_uri: world().redirectUri,
      scope: 'conversations',
      code_challenge_method: 'S256',
    });
    expect(authorize!.query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize!.headers['sec-fetch-dest']).toBe('iframe');

    const tokens = logOf(world(), TOKEN);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.form).toMatchObject({ grant_type: 'authorization_code', client_id: world().sandbox.clientId, redirect_uri: world().redirectUri });
    expect(tokens[0]!.form).not.toHaveProperty('client_secret');
    expect(await calculatePKCECodeChallenge(tokens[0]!.form!.code_verifier!)).toBe(authorize!.query.code_challenge);

    // The child frame's answer is taken in the card itself: the frame still holds the page Infobip loaded.
    const here = address(frame);
    expect(here.pathname).toBe('/apps/card/card.html');
    expect(here.searchParams.get('conversationId')).toBe('c1');
    expect(here.searchParams.has('code')).toBe(false);
    expect(here.searchParams.has('state')).toBe(false);
  });

  it("reads the answer from its child frame's address once that is callback.html: the token is asked for before callback.html's script arrives, and the card never loads that script", async () => {
    const page = await (await browser()).newPage();
    const events: string[] = [];
    // A navigation's frame has no name yet when it is asked for: callback.html is known by its address.
    const who = (request: Request) => `${request.frame().name()} ${request.url().includes(TOKEN) ? 'token' : withoutHash(request.url())}`;
    page.on('request', (request) => events.push(`asked ${who(request)}`));
    page.on('requestfinished', (request) => events.push(`got ${who(request)}`));
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor();
    expect(logOf(world(), TOKEN)).toHaveLength(1);
    expect(events.some((event) => event.startsWith('asked ') && event.includes(' callback.html?code='))).toBe(true);
    // None of the app in the child: at most callback.html's own small script, cut short once the answer is read.
    const child = events.filter((event) => event.startsWith('asked exchange-card-authorize ') && !event.includes(' http'));
    expect(child.every((event) => event.includes(' callback.html?code=') || event.endsWith(' assets/callback.js'))).toBe(true);
    expect(events.filter((event) => event.startsWith('asked app-0 ') && event.endsWith('assets/callback.js'))).toEqual([]);
    const got = events.indexOf('got exchange-card-authorize assets/callback.js');
    if (got !== -1) expect(events.indexOf('asked app-0 token')).toBeLessThan(got);
    expect(events).toContain('asked app-0 token');
  });

  it("a cold card asks for Rolldown's helper beside the sign-in chunk, not once that chunk has arrived", async () => {
    const page = await (await browser()).newPage();
    const events: string[] = [];
    page.on('request', (request) => events.push(`asked ${withoutHash(request.url())}`));
    page.on('requestfinished', (request) => events.push(`got ${withoutHash(request.url())}`));
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor();
    const asked = events.indexOf('asked assets/rolldown-runtime.js');
    expect(asked).toBeGreaterThan(-1);
    expect(asked).toBeLessThan(events.indexOf('got assets/sign-in.js'));
  });

  it('the answer in its child frame is matched to the flow the card holds: no flow is read back from IndexedDB, and none is left there', async () => {
    const context = await browser();
    // Every key the app's frames read from IndexedDB, below our code.
    await context.addInitScript(() => {
      const reads: unknown[] = [];
      Object.assign(window, { keysRead: reads });
      const get = IDBObjectStore.prototype.get;
      IDBObjectStore.prototype.get = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
        reads.push(key);
        return get.call(this, key);
      };
    });
    const frame = await openHost(await context.newPage(), world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor();
    const read = (await frame.evaluate(() => (window as unknown as { keysRead: unknown[] }).keysRead)).map(String);
    expect(read).toContain('token');
    expect(read.filter((key) => key.startsWith('flow:'))).toEqual([]);
    await expect
      .poll(async () => (await rawStore(frame, 'read')).split('\n').filter((line) => line.startsWith('flow:') || line === 'last-redirect'))
      .toEqual([]);
  });

  it('shows the agent as soon as the token is had, while it is still being stored', async () => {
    const context = await browser();
    // Sealing the token takes 3 s here: the agent is shown all the same, and the token is stored after.
    await context.addInitScript(() => {
      const encrypt = SubtleCrypto.prototype.encrypt;
      SubtleCrypto.prototype.encrypt = function (this: SubtleCrypto, algorithm: AesGcmParams, key: CryptoKey, data: BufferSource) {
        const named = algorithm.additionalData ? new TextDecoder().decode(algorithm.additionalData) : '';
        return new Promise((resolve) => setTimeout(resolve, named === 'token' ? 3000 : 0)).then(() => encrypt.call(this, algorithm, key, data));
      } as typeof encrypt;
    });
    const frame = await openHost(await context.newPage(), world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor({ timeout: 2500 });
    expect((await rawStore(frame, 'read')).split('\n')).not.toContain('token');
    await expect.poll(async () => (await rawStore(frame, 'read')).split('\n'), { timeout: 10_000 }).toContain('token');
  });

  it('sends the state Infobip gave the page', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c2');
    const given = await page.locator('iframe[name="app-0"]').getAttribute('src');
    await frame.getByText('developer@infobip.com').waitFor();
    expect(logOf(world(), AUTHORIZE)[0]!.query.state).toBe(new URL(given!).searchParams.get('state'));
  });

  it('signs the settings page in and shows the app OAuth configuration with the secrets masked', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=settings');
    await frame.getByText(world().sandbox.appId).waitFor();
    const html = await frame.content();
    const app = world().sandbox.app as { clientSecret: string; signingSecret: string };
    expect(html).toContain(world().sandbox.clientId);
    expect(html).toContain(world().redirectUri);
    expect(html).not.toContain(app.clientSecret);
    expect(html).not.toContain(app.signingSecret);
    await frame.getByRole('button', { name: 'Reveal Client secret' }).click();
    await frame.getByText(app.clientSecret).waitFor();
    expect(await frame.content()).not.toContain(app.signingSecret);
    expect(address(frame).pathname).toBe('/apps/card/settings.html');
  });

  it("no page sends a Referer: not the authorize navigation, the callback's token request, nor the card's and settings page's calls", async () => {
    const page = await (await browser()).newPage();
    const card = await openHost(page, world(), '?page=card&conversationId=c1');
    await card.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();
    const settings = await openHost(page, world(), '?page=settings');
    await settings.getByText(world().sandbox.appId).waitFor();
    // index.html, outside any frame: a first-party partition, so a sign-in of its own.
    await page.goto(`${world().appUrl}index.html?conversationId=c1`);
    await page.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();

    const log = world().sandbox.log as { path: string; headers: { referer?: string } }[];
    expect(new Set(log.map((e) => e.path))).toEqual(
      new Set([AUTHORIZE, TOKEN, '/ccaas/1/conversations/c1/messages', '/people/2/persons', `/api/amg/exchange/1/apps/${world().sandbox.appId}/oauth`]),
    );
    expect(logOf(world(), AUTHORIZE)).toHaveLength(2);
    expect(log.filter((e) => e.headers.referer !== undefined).map((e) => `${e.path} ← ${e.headers.referer}`)).toEqual([]);
  });

  it('reuses the stored token on reload and in a second card: no authorize, no token request', async () => {
    const context = await browser();
    const page = await context.newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('developer@infobip.com').waitFor();
    await page.reload();
    await (await openHost(page, world(), '?page=card&conversationId=c2')).getByText('developer@infobip.com').waitFor();
    const second = await context.newPage();
    await (await openHost(second, world(), '?page=settings')).getByText(world().sandbox.appId).waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);
    expect(logOf(world(), TOKEN)).toHaveLength(1);
  });

  it('signing out removes the token: the next load signs in again', async () => {
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await signOut(frame);
    await frame.getByText('You are signed out.').waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(1);
    await (await openHost(page, world(), '?page=card&conversationId=c1')).getByText('developer@infobip.com').waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(2);
    // Signing in again from the button happens in the frame, as the first time did.
    const again = await openHost(page, world(), '?page=card&conversationId=c2');
    await signOut(again);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByText('developer@infobip.com').waitFor();
    expect(logOf(world(), AUTHORIZE)).toHaveLength(3);
    expect(logOf(world(), AUTHORIZE)[2]!.headers['sec-fetch-dest']).toBe('iframe');
  });

  it('accepts the token answer variant of Infobip’s sample (token_type, userName, expires_in)', async () => {
    world().sandbox.behave({ token: 'snake' });
    const page = await (await browser()).newPage();
    await (await openHost(page, world(), '?page=card')).getByText('developer@infobip.com').waitFor();
  });
});

describe('sign-in failures: shown with role="alert", nothing stored', () => {
  async function failure(behaviour: Record<string, unknown>, query = '?page=card&conversationId=c1') {
    world().sandbox.behave(behaviour);
    const context = await browser();
    const page = await context.newPage();
    const frame = await openHost(page, world(), query);
    const text = await alertText(frame);
    expect(address(frame).searchParams.has('code')).toBe(false);
    // Nothing was stored: the store holds no token record (only its sealing key, if anything).
    expect((await rawStore(frame, 'read')).split('\n')).not.toContain('token');
    return { text, frame };
  }

  it('a state that matches no flow: no token request', async () => {
    world().sandbox.behave({ authorize: 'wrong-state' });
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await expect(alertText(frame)).resolves.toMatch(/unexpected sign-in answer was ignored/i);
    expect(logOf(world(), TOKEN)).toHaveLength(0);
    expect(address(frame).searchParams.has('code')).toBe(false);
  });

  it("error=access_denied: the server's words, no token request", async () => {
    const { text } = await failure({ authorize: 'deny' });
    expect(text).toContain('The user denied access');
  });

  it('error=access_denied: the code and its description are shown as sent, without opening anything', async () => {
    world().sandbox.behave({ authorize: 'deny' });
    const frame = await openHost(await (await browser()).newPage(), world(), '?page=card&conversationId=c1');
    const alert = frame.getByRole('alert');
    await alert.locator('.error-more').waitFor();
    const shown = await alert.innerText();
    expect(shown).toContain('access_denied');
    expect(shown).toContain('The user denied access');
  });

  it('token endpoint 5xx: Infobip had a problem, try again in a minute; never a refusal', async () => {
    const { text } = await failure({ token: '5xx' });
    expect(text).toContain('Infobip had a problem answering.');
    expect(text).toContain('Try again in a minute.');
    expect(text).toContain('TOKEN_REQUEST_FAILED (HTTP 503)');
    expect(text).not.toMatch(/refuse/i);
  });

  it('token endpoint answers HTML', async () => {
    const { text } = await failure({ token: 'html' });
    expect(text).toMatch(/not JSON|could not be read|invalid|not a valid/i);
  });

  it('token answer without a token', async () => {
    const { text } = await failure({ token: 'no-token' });
    expect(text).toMatch(/token/i);
  });

  it.each([
    ['401', 'Invalid login details'],
    ['403', 'Missing permissions'],
  ])('portal %s on the settings page', async (status, words) => {
    world().sandbox.behave({ portal: status });
    const page = await signedInPage();
    const frame = await openHost(page, world(), '?page=settings');
    await expect(alertText(frame)).resolves.toContain(words);
  });
});

describe('config.json', () => {
  it('missing: an alert that names the file, and nothing else runs', async () => {
    world().deleteConfig();
    const page = await (await browser()).newPage();
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await expect(alertText(frame)).resolves.toContain('config.json');
    expect(world().sandbox.log).toHaveLength(0);
  });

  it('invalid JSON, and a missing required field: the alert names the file and the field', async () => {
    world().setConfigText('{ "clientId": ');
    const page = await (await browser()).newPage();
    let frame = await openHost(page, world(), '?page=settings');
    await expect(alertText(frame)).resolves.toContain('config.json');

    world().configFor({ appId: undefined });
    frame = await openHost(page, world(), '?page=settings');
    const text = await alertText(frame);
    expect(text).toContain('config.json');
    expect(text).toContain('appId');
    expect(world().sandbox.log).toHaveLength(0);
  });
});
