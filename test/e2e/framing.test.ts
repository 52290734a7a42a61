/**
 * Who may frame the app, and the headers every page is served with: the generated `_headers` as a
 * static host sends them, and the in-page hostOrigins check for a host that did not install them.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeServer, listen, sendHtml } from '../sandbox/http.js';
import { AUTHORIZE, alertText, logOf, useWorld } from './world';

const { world, browser } = useWorld();

/** A stranger's site on another origin that frames the allowed host page, which frames the card. */
let stranger: { url: string; close(): Promise<void> };
beforeAll(async () => {
  const server = createServer((_req, res) => {
    sendHtml(
      res,
      200,
      `<!doctype html><html lang="en"><title>Not Infobip</title><iframe name="outer" src="${world().hostUrl}?page=card&amp;conversationId=c1" width="900" height="700"></iframe></html>`,
    );
  });
  const port = await listen(server, 0, '127.0.0.1');
  stranger = { url: `http://127.0.0.1:${port}/`, close: () => closeServer(server) };
});
afterAll(() => stranger.close());

/** The card frame, two levels down in the stranger's page. */
async function cardInStranger(page: Page) {
  await page.goto(stranger.url);
  const outer = await (await page.waitForSelector('iframe[name="outer"]')).contentFrame();
  const card = await (await outer!.waitForSelector('iframe[name="app-0"]')).contentFrame();
  return card!;
}

describe('framing', () => {
  it('serves every page with the headers generated from config.json', async () => {
    const response = await fetch(`${world().appUrl}card.html`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${world().hostOrigin};`);
    expect(csp).toContain(`frame-src 'self' ${world().sandbox.url};`);
    expect(
      csp
        .split('; ')
        .find((d) => d.startsWith('connect-src '))
        ?.split(' '),
    ).toContain(world().sandbox.url);
    expect(csp).toContain(`img-src 'self' ${world().sandbox.url};`);
    expect(csp).toContain("require-trusted-types-for 'script'; trusted-types 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect((await fetch(`${world().appUrl}_headers`)).status).toBe(404);
  });

  it('the card runs under that policy, and the suite sees a violation: a request to an unlisted origin is blocked and reported', async () => {
    const context = await browser();
    const page = await context.newPage();
    await page.goto(`${world().hostUrl}?page=card&conversationId=c1`);
    const card = await (await page.waitForSelector('iframe[name="app-0"]')).contentFrame();
    await card!.getByText('developer@infobip.com').waitFor();
    const blocked = await card!.evaluate(() =>
      fetch('https://unlisted.example/').then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(blocked).toBe('blocked');
    await expect.poll(() => context.policyViolations.join('\n'), { timeout: 15_000 }).toContain('connect-src blocked https://unlisted.example/');
    context.policyViolations.length = 0; // seen and expected: not a failure of this test
  });

  it('a stranger framing the allowed host gets no card: the frame-ancestors header blocks it', async () => {
    const page = await (await browser()).newPage();
    const card = await cardInStranger(page);
    await page.waitForTimeout(1500);
    await expect(card.locator('#app').count()).resolves.toBe(0);
    expect(logOf(world(), AUTHORIZE)).toHaveLength(0);
  });

  it('on a host that did not install the headers, the in-page check still refuses a stranger at any level', async () => {
    world().serveHeaders(false);
    const page = await (await browser()).newPage();
    const card = await cardInStranger(page);
    await expect(alertText(card)).resolves.toContain(`does not list ${new URL(stranger.url).origin}`);
    await expect(card.getByRole('button', { name: /sign in/i }).count()).resolves.toBe(0);
    expect(logOf(world(), AUTHORIZE)).toHaveLength(0);
  });

  it('the allowed host alone still gets its card', async () => {
    const page = await (await browser()).newPage();
    await page.goto(`${world().hostUrl}?page=card&conversationId=c1`);
    const card = await (await page.waitForSelector('iframe[name="app-0"]')).contentFrame();
    await card!.getByText('developer@infobip.com').waitFor();
  });
});
