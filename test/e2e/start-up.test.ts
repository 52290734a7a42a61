/** How a card starts: what the page says before its script runs, and what a warm load downloads. */
import { describe, expect, it } from 'vitest';
import { openHost, useWorld } from './world';

const { world, browser, signedInPage } = useWorld();

describe('starting the card', () => {
  it('says "Signing in…" in its static HTML, before any script runs', async () => {
    const page = await (await browser()).newPage();
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto(`${world().appUrl}card.html?conversationId=c1`);
    expect(await page.getByRole('status').textContent()).toBe('Signing in…');
  });

  it('a warm load downloads config.json once: the request the page preloads is the one the script reads', async () => {
    const page = await signedInPage();
    await (await openHost(page, world(), '?page=card&conversationId=c1')).getByText('developeruser').waitFor({ timeout: 20_000 });
    const configs: string[] = [];
    page.on('request', (request) => void (request.url().endsWith('/config.json') && configs.push(request.url())));
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('Hi, my parcel 4471 has not arrived yet.').waitFor({ timeout: 20_000 });
    expect(configs).toHaveLength(1);
  });

  it('a warm load moves nothing already shown: the messages, the customer and the SMS form arrive into room kept for them', async () => {
    const page = await (await browser()).newPage();
    // Every frame adds up its own layout shifts, as Lighthouse's Cumulative Layout Shift does.
    await page.addInitScript(() => {
      const w = window as unknown as { shifted: number };
      w.shifted = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.shifted += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await (await openHost(page, world(), '?page=card&conversationId=c1')).getByText('developeruser').waitFor({ timeout: 20_000 });
    const frame = await openHost(page, world(), '?page=card&conversationId=c1');
    await frame.getByText('Hi, my parcel 4471 has not arrived yet.').waitFor({ timeout: 20_000 });
    // The SMS form loads behind "Reply by SMS"; the customer's name arrives last, into the header's kept room.
    await frame.locator('form.sms').waitFor({ state: 'attached', timeout: 20_000 });
    await frame.getByRole('heading', { name: 'Ana Horvat', level: 1 }).waitFor({ timeout: 20_000 });
    expect(await frame.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.01);
  });
});
