/**
 * External connections in a real browser (docs/connections.md): Mico Voice AI and the three Fujitsu
 * sign-in methods, set up on the settings page and used from the card, against the strict sandboxes
 * mounted at /mico and /fujitsu. Where a token must age, the browser's clock (Playwright's) and the
 * sandbox's clock move forward together, so nothing waits in real time.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { AUTHORIZE, logOf, openHost, rawStore, useWorld, type Entry } from './world';

const { world, browser } = useWorld();

const MICO_TOKEN = '/mico/oauth/token';
const MICO_CAMPAIGNS = '/mico/v1/campaigns';
const V2_TOKENS = '/fujitsu/auth/v2/tokens';
const V1_TOKENS = '/fujitsu/auth/v1/tokens';
const HEALTH = '/fujitsu/v1/health';
/** The outbound call the Mico sandbox is seeded with. */
const CALL = 'call_7f3a9c21';
const CALL_SUMMARY = 'Customer confirmed pickup at the Main Street depot.';
const SAVED_HINT = 'Saved. Leave empty to keep it, or type a new value to replace it.';
const MICO_SCOPES = 'campaigns:write campaigns:read outbound_calls:write outbound_calls:read';

// ----- the settings page

async function openSettings(page: Page): Promise<Frame> {
  const frame = await openHost(page, world(), '?page=settings');
  await frame.getByRole('heading', { name: 'External connections' }).waitFor();
  await frame.getByText('Loading the connections…').waitFor({ state: 'hidden' });
  return frame;
}

/** A connection (saved or suggested) in the settings list, by its name. */
const listed = (frame: Frame, name: string): Locator =>
  frame.getByRole('listitem').filter({ has: frame.getByRole('heading', { name, exact: true, level: 3 }) });

/** Fills the form by visible labels; a value for a select picks the option with that label. */
async function fill(frame: Frame, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    const field = frame.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption({ label: value });
    else await field.fill(value);
  }
}

/**
 * Runs `action` (a save or a removal) and waits until the list shows the stored result. Right after
 * either, the old list is still on screen for a moment before it reloads; a click on an old item
 * would test the connection as it was.
 */
async function reloadingList(frame: Frame, action: () => Promise<void>) {
  const old = await frame.locator('.connections > ul').elementHandle();
  await action();
  await expect.poll(() => old!.evaluate((list) => list.isConnected), { timeout: 10_000 }).toBe(false);
  await frame.getByText('Loading the connections…').waitFor({ state: 'hidden' });
}

async function save(frame: Frame, name: string) {
  await reloadingList(frame, () => frame.getByRole('button', { name: 'Save', exact: true }).click());
  await frame.getByText(`"${name}" was saved.`).waitFor();
  await listed(frame, name).getByRole('button', { name: 'Test connection' }).waitFor();
}

/** "Set up" on a connection config.json suggests: only the secrets (and a probe path) are typed. */
async function setUpSuggested(frame: Frame, name: string, fields: Record<string, string>) {
  await listed(frame, name).getByRole('button', { name: 'Set up' }).click();
  await fill(frame, fields);
  await save(frame, name);
}

/** "Add a connection" from scratch: the type, then every field. */
async function addConnection(frame: Frame, type: string, fields: Record<string, string> & { Name: string }) {
  await frame.getByRole('button', { name: 'Add a connection' }).click();
  await fill(frame, { Type: type, ...fields });
  await save(frame, fields.Name);
}

const fujitsuBase = () => `${world().sandbox.url}/fujitsu`;

/** The API-key method, added with the sandbox's keys (or the ones given). */
const addApiKey = (frame: Frame, keys: { primary?: string; secondary?: string } = {}) =>
  addConnection(frame, 'Fujitsu AI platform (API key)', {
    Name: 'Fujitsu keys',
    'Base URL': fujitsuBase(),
    'Probe path': '/v1/health',
    'Primary key': keys.primary ?? world().fujitsu.primaryKey,
    'Secondary key': keys.secondary ?? world().fujitsu.secondaryKey,
  });

/** The legacy method, added with the sandbox's client (or the secret given). */
const addLegacy = (frame: Frame, secret = world().fujitsu.clientSecret) =>
  addConnection(frame, 'Fujitsu AI platform (OAuth, legacy)', {
    Name: 'Fujitsu legacy',
    'Base URL': fujitsuBase(),
    'Probe path': '/v1/health',
    'Client ID': world().fujitsu.clientId,
    'Client secret': secret,
  });

const setUpMico = (frame: Frame, secret = world().mico.clientSecret) =>
  setUpSuggested(frame, 'Mico Voice AI', { 'Client secret': secret, 'Probe path': '/v1/campaigns' });

const setUpFujitsuOAuth = (frame: Frame, secret = world().fujitsu.clientSecret) =>
  setUpSuggested(frame, 'Fujitsu AI platform', { 'Client secret': secret, 'Probe path': '/v1/health' });

// ----- running something and reading what the user sees

/**
 * Clicks `button` inside `scope` and waits until its run is over: the provider has answered at least
 * once (requests under `prefix`) and the "busy" status is gone. The previous run's outcome cannot be
 * mistaken for this one's, as it is replaced by the busy status as soon as this run starts.
 */
async function run(scope: Locator, button: string, prefix: '/mico' | '/fujitsu', busy: string) {
  const log = world().sandbox.log as Entry[];
  const seen = log.length;
  await scope.getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => log.slice(seen).some((e) => e.path.startsWith(prefix) && e.method !== 'OPTIONS' && e.status !== null), { timeout: 15_000 }).toBe(true);
  await scope.getByText(busy).waitFor({ state: 'hidden' });
}

const testConnection = (frame: Frame, name: string, prefix: '/mico' | '/fujitsu') => run(listed(frame, name), 'Test connection', prefix, 'Testing…');
const runProbe = (region: Locator) => run(region, 'Run probe', '/fujitsu', 'Working…');

/** What an outcome says: "HTTP 200 in 12 ms". */
const OK = /^HTTP 200 in \d+ ms$/;

/** Waits for "HTTP 200 in … ms" in `scope`; if it does not come, says what the user sees instead and what was sent. */
async function expectOk(scope: Locator) {
  try {
    await scope.getByText(OK).waitFor({ timeout: 10_000 });
  } catch {
    const sent = (world().sandbox.log as Entry[]).filter((e) => /^\/(mico|fujitsu)\//.test(e.path) && e.method !== 'OPTIONS').map((e) => `${e.method} ${e.path} ${e.status}`);
    throw new Error(`expected "HTTP 200 in … ms"; the page shows:\n${await scope.innerText()}\nrequests:\n${sent.join('\n')}`);
  }
}

/** The text of the one alert in `scope`, once its explanation has loaded. */
async function alertIn(scope: Locator): Promise<string> {
  const alert = scope.getByRole('alert');
  await alert.locator('.alert-title ~ *').first().waitFor();
  return alert.innerText();
}

// ----- the card

async function openCard(page: Page): Promise<Frame> {
  const frame = await openHost(page, world(), '?page=card&conversationId=c1');
  await frame.getByText('Hello Ana, sorry to hear that', { exact: false }).waitFor();
  return frame;
}

/** A connection's part of the card (a region named after it). */
const region = (frame: Frame, name: string): Locator => frame.getByRole('region', { name, exact: true });

async function lookUpCall(frame: Frame, uid: string) {
  const mico = region(frame, 'Mico Voice AI');
  await mico.getByLabel('Outbound call UID').fill(uid);
  await run(mico, 'Look up outbound call', '/mico', 'Working…');
  return mico;
}

// ----- time and storage

/**
 * The browser's clock under the test's control (it still runs in real time until moved on). Infobip
 * states its session's hour here, so moving time on by minutes renews only the connection's token:
 * with the app's 60 s default the card would sign in to Infobip again and redraw, mid-run.
 */
async function withClock(): Promise<{ context: BrowserContext; page: Page }> {
  world().sandbox.behave({ sendExpiresIn: true });
  const context = await browser();
  await context.clock.install();
  return { context, page: await context.newPage() };
}

/** The page was not signed in to Infobip again (which would redraw it): one sign-in for settings and card. */
const signedInOnce = () => expect(logOf(world(), AUTHORIZE)).toHaveLength(1);

/** Time passes for the browser and for the sandboxes alike. */
async function later(context: BrowserContext, ms: number) {
  world().sandbox.advanceClock(ms);
  await context.clock.fastForward(ms);
}

/**
 * The keys of the app's IndexedDB, read below our code, and those whose value is neither an AES-GCM
 * sealed record ({ v: 2, iv, data }) nor the sealing CryptoKey. (world.ts's rawStore gives the text.)
 */
function storedKeys(frame: Frame): Promise<{ keys: string[]; unsealed: string[] }> {
  return frame.evaluate(
    () =>
      new Promise<{ keys: string[]; unsealed: string[] }>((resolve, reject) => {
        const open = indexedDB.open('exchange-card');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const kv = open.result.transaction('kv').objectStore('kv');
          const keys: string[] = [];
          const unsealed: string[] = [];
          const cursor = kv.openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return resolve({ keys, unsealed });
            const v = at.value as { v?: number; iv?: unknown; data?: unknown } | null;
            const sealed = v instanceof CryptoKey || (v?.v === 2 && v.iv instanceof Uint8Array && v.data instanceof ArrayBuffer);
            keys.push(String(at.key));
            if (!sealed) unsealed.push(String(at.key));
            at.continue();
          };
        };
      }),
  );
}

/** An HTTP Basic header's two halves, as sent (before any form-decoding). */
function basicOf(entry: Entry): [string, string] {
  const header = entry.headers.authorization ?? '';
  expect(header).toMatch(/^Basic /);
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

// =====================================================================================================

describe('Mico Voice AI (client credentials)', () => {
  it("is set up from config.json's suggestion by typing only the secret; Test connection signs in as Mico documents; the card looks up an outbound call by UID with the same token", async () => {
    const page = await (await browser()).newPage();
    const settings = await openSettings(page);
    const suggestion = listed(settings, 'Mico Voice AI');
    await suggestion.getByText('Suggested by config.json, not set up in this browser yet.').waitFor();
    await suggestion.getByRole('button', { name: 'Set up' }).click();
    // The operator's non-secret defaults are filled in already.
    await expect(settings.getByLabel('Client ID', { exact: true }).inputValue()).resolves.toBe(world().mico.clientId);
    await expect(settings.getByLabel('Scope', { exact: true }).inputValue()).resolves.toBe(MICO_SCOPES);
    await fill(settings, { 'Client secret': world().mico.clientSecret, 'Probe path': '/v1/campaigns' });
    await save(settings, 'Mico Voice AI');

    await testConnection(settings, 'Mico Voice AI', '/mico');
    await expectOk(listed(settings, 'Mico Voice AI'));
    const tokens = logOf(world(), MICO_TOKEN);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.form).toEqual({
      grant_type: 'client_credentials',
      client_id: world().mico.clientId,
      client_secret: world().mico.clientSecret,
      scope: MICO_SCOPES,
    });
    expect(tokens[0]!.headers.authorization).toBeUndefined();
    // Straight from the app's origin to Mico: CORS, no backend in between.
    expect(tokens[0]!.headers.origin).toBe(new URL(world().appUrl).origin);
    const [probe] = logOf(world(), MICO_CAMPAIGNS);
    expect(probe!.status).toBe(200);
    expect(probe!.headers.authorization).toMatch(/^Bearer \S+$/);

    const card = await openCard(page);
    await card.getByRole('heading', { name: 'Connections', level: 2 }).waitFor();
    const mico = await lookUpCall(card, CALL);
    await mico.getByText(CALL_SUMMARY).waitFor();
    // Every field of the answer, nested ones by their path.
    await expect(mico.locator('dt', { hasText: /^campaign\.name$/ }).locator('+ dd').innerText()).resolves.toBe('Parcel delivery follow-up');
    await expect(mico.locator('dt', { hasText: /^duration_seconds$/ }).locator('+ dd').innerText()).resolves.toBe('132');
    const [lookup] = logOf(world(), `/mico/v1/outbound_calls/${CALL}`);
    expect(lookup!.status).toBe(200);
    // The settings page's token, from the sealed store: no second token request.
    expect(lookup!.headers.authorization).toBe(probe!.headers.authorization);
    expect(logOf(world(), MICO_TOKEN)).toHaveLength(1);
  });

  it("an unknown UID shows Mico's own words; a token Mico stopped accepting is replaced once, unseen by the agent", async () => {
    const page = await (await browser()).newPage();
    await setUpMico(await openSettings(page));
    const card = await openCard(page);

    let mico = await lookUpCall(card, 'call_nope');
    const text = await alertIn(mico);
    expect(text).toContain("Couldn't look up the call in Mico Voice AI");
    expect(text).toContain('Outbound call call_nope not found.');

    world().mico.revokeTokens();
    mico = await lookUpCall(card, CALL);
    await mico.getByText(CALL_SUMMARY).waitFor();
    await expect(mico.getByRole('alert').count()).resolves.toBe(0);
    expect(logOf(world(), `/mico/v1/outbound_calls/${CALL}`).map((e) => e.status)).toEqual([401, 200]);
    expect(logOf(world(), MICO_TOKEN).map((e) => e.status)).toEqual([200, 200]);
  });

  it("any probe status is a result, with Mico's words; editing the paths to Mico's /api/v1/… keeps the saved secret, forgets the cached token, and the card follows", async () => {
    world().mico.behave({ apiPrefix: '/api' });
    const page = await (await browser()).newPage();
    const settings = await openSettings(page);
    await setUpMico(settings);
    await testConnection(settings, 'Mico Voice AI', '/mico');
    const outcome = await listed(settings, 'Mico Voice AI').getByRole('status').innerText();
    expect(outcome).toMatch(/^HTTP 404 in \d+ ms/);
    expect(outcome).toContain('Mico Voice AI said:');
    expect(outcome).toContain('Not Found');
    await expect(listed(settings, 'Mico Voice AI').getByRole('alert').count()).resolves.toBe(0);

    await listed(settings, 'Mico Voice AI').getByRole('button', { name: 'Edit' }).click();
    await settings.getByRole('heading', { name: 'Edit "Mico Voice AI"' }).waitFor();
    await expect(settings.getByLabel('Client secret', { exact: true }).inputValue()).resolves.toBe('');
    await settings.getByText(SAVED_HINT).waitFor();
    await fill(settings, { 'Probe path': '/api/v1/campaigns', 'Outbound call path': '/api/v1/outbound_calls/{uid}' });
    await save(settings, 'Mico Voice AI');
    await testConnection(settings, 'Mico Voice AI', '/mico');
    await expectOk(listed(settings, 'Mico Voice AI'));
    // A new token after saving, and the secret left empty was kept.
    expect(logOf(world(), MICO_TOKEN).map((e) => e.form?.client_secret)).toEqual([world().mico.clientSecret, world().mico.clientSecret]);

    const mico = await lookUpCall(await openCard(page), CALL);
    await mico.getByText(CALL_SUMMARY).waitFor();
    expect(logOf(world(), `/mico/api/v1/outbound_calls/${CALL}`).map((e) => e.status)).toEqual([200]);
  });
});

describe('Fujitsu AI platform, OAuth 2.0 (HTTP Basic)', () => {
  it("is set up from the suggestion; the token comes from /auth/v2/tokens with the ID and secret form-encoded in HTTP Basic; the card's probe reuses it and, near the hour's end, gets the next one the same way", async () => {
    world().fujitsu.behave({ accessLifetimeSeconds: 600 });
    const { context, page } = await withClock();
    const settings = await openSettings(page);
    await setUpFujitsuOAuth(settings);
    await testConnection(settings, 'Fujitsu AI platform', '/fujitsu');
    await expectOk(listed(settings, 'Fujitsu AI platform'));

    const [token] = logOf(world(), V2_TOKENS);
    expect(token!.form).toEqual({ grant_type: 'client_credentials' });
    const [id, secret] = basicOf(token!);
    expect(id).toContain('%2D'); // RFC 6749 §2.3.1: the UUID's "-" is form-encoded too
    expect([formDecode(id), formDecode(secret)]).toEqual([world().fujitsu.clientId, world().fujitsu.clientSecret]);

    const card = await openCard(page);
    const fujitsu = region(card, 'Fujitsu AI platform');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(logOf(world(), V2_TOKENS)).toHaveLength(1);

    await later(context, 575_000); // 25 s before the 600 s token expires: inside the 30 s renewal margin
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(logOf(world(), V2_TOKENS).map((e) => e.status)).toEqual([200, 200]);
    expect(logOf(world(), HEALTH).map((e) => e.status)).toEqual([200, 200, 200]);
    signedInOnce();
  });

  it('a gateway that reads HTTP Basic as typed refuses the form-encoded ID with a clear error; editing "Client ID and secret in HTTP Basic" to "As typed" fixes it without retyping the secret', async () => {
    world().fujitsu.behave({ basic: 'plain' });
    const page = await (await browser()).newPage();
    const settings = await openSettings(page);
    await setUpFujitsuOAuth(settings);
    await testConnection(settings, 'Fujitsu AI platform', '/fujitsu');
    const text = await alertIn(listed(settings, 'Fujitsu AI platform'));
    expect(text).toContain('Testing "Fujitsu AI platform" failed');
    expect(text).toContain('"Fujitsu AI platform" refused to sign in (HTTP 401).');
    expect(text).toContain('Client authentication failed.');
    expect(logOf(world(), V2_TOKENS)).toHaveLength(1);

    await listed(settings, 'Fujitsu AI platform').getByRole('button', { name: 'Edit' }).click();
    await expect(settings.getByLabel('Client secret', { exact: true }).inputValue()).resolves.toBe('');
    await fill(settings, { Name: 'Fujitsu prod', 'Client ID and secret in HTTP Basic': 'As typed' });
    await save(settings, 'Fujitsu prod');
    await testConnection(settings, 'Fujitsu prod', '/fujitsu');
    await expectOk(listed(settings, 'Fujitsu prod'));
    const tokens = logOf(world(), V2_TOKENS);
    expect(tokens.map((e) => e.status)).toEqual([401, 200]);
    expect(basicOf(tokens[1]!)).toEqual([world().fujitsu.clientId, world().fujitsu.clientSecret]);

    const fujitsu = region(await openCard(page), 'Fujitsu prod');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
  });
});

describe('Fujitsu AI platform, API key (Primary and Secondary)', () => {
  it('is added from scratch and sends the Primary key; when the Primary is revoked mid-session the card switches to the Secondary with nothing visible to the agent, and keeps it', async () => {
    const page = await (await browser()).newPage();
    const settings = await openSettings(page);
    await addApiKey(settings);
    await listed(settings, 'Fujitsu keys').getByText('Fujitsu AI platform (API key)', { exact: false }).waitFor();
    await testConnection(settings, 'Fujitsu keys', '/fujitsu');
    await expectOk(listed(settings, 'Fujitsu keys'));
    const uses = world().fujitsu.keyUses;
    expect(uses).toEqual([{ key: 'primary', accepted: true }]);

    let card = await openCard(page);
    let fujitsu = region(card, 'Fujitsu keys');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(uses.slice(1)).toEqual([{ key: 'primary', accepted: true }]);

    world().fujitsu.revokeKey('primary'); // regenerated in the portal after a leak
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    await expect(card.getByRole('alert').count()).resolves.toBe(0);
    expect(uses.slice(2)).toEqual([
      { key: 'primary', accepted: false },
      { key: 'secondary', accepted: true },
    ]);

    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(uses.slice(4)).toEqual([{ key: 'secondary', accepted: true }]);

    // Remembered in the store: another card of this browser starts with the Secondary.
    card = await openCard(page);
    fujitsu = region(card, 'Fujitsu keys');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(uses.slice(5)).toEqual([{ key: 'secondary', accepted: true }]);
    expect(logOf(world(), HEALTH).map((e) => e.status)).toEqual([200, 200, 401, 200, 200, 200]);
  });
});

describe('Fujitsu AI platform, OAuth legacy (PATCH refresh)', () => {
  it('is added from scratch; the token comes from POST /auth/v1/tokens with the client credentials in JSON, and shortly before the hour is up it is reissued by PATCH with the refresh token, unseen by the agent', async () => {
    world().fujitsu.behave({ accessLifetimeSeconds: 600 });
    const { context, page } = await withClock();
    const settings = await openSettings(page);
    await addLegacy(settings);
    const card = await openCard(page);
    const fujitsu = region(card, 'Fujitsu legacy');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    const [issue] = logOf(world(), V1_TOKENS);
    expect(issue).toMatchObject({ method: 'POST', status: 200, json: { clientId: world().fujitsu.clientId, clientSecret: world().fujitsu.clientSecret } });
    expect(issue!.headers['content-type']).toMatch(/^application\/json/);

    await later(context, 575_000);
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    await expect(card.getByRole('alert').count()).resolves.toBe(0);
    const calls = logOf(world(), V1_TOKENS);
    expect(calls.map((e) => [e.method, e.status])).toEqual([
      ['POST', 200],
      ['PATCH', 200],
    ]);
    expect(Object.keys(calls[1]!.json as object)).toEqual(['refreshToken']);
    expect(logOf(world(), HEALTH).map((e) => e.status)).toEqual([200, 200]);
    signedInOnce();
  });

  it('an expired refresh token: the PATCH is refused and a full POST with the client credentials follows, unseen by the agent', async () => {
    // The camelCase answer does not state the refresh token's lifetime, so the app assumes the day.
    world().fujitsu.behave({ accessLifetimeSeconds: 600, refreshLifetimeSeconds: 300 });
    const { context, page } = await withClock();
    await addLegacy(await openSettings(page));
    const card = await openCard(page);
    const fujitsu = region(card, 'Fujitsu legacy');
    await runProbe(fujitsu);
    await expectOk(fujitsu);

    await later(context, 575_000);
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    await expect(card.getByRole('alert').count()).resolves.toBe(0);
    expect(logOf(world(), V1_TOKENS).map((e) => [e.method, e.status])).toEqual([
      ['POST', 200],
      ['PATCH', 401],
      ['POST', 200],
    ]);
    expect(logOf(world(), HEALTH).map((e) => e.status)).toEqual([200, 200]);
    signedInOnce();
  });

  it("when the answer states the refresh token's lifetime (snake_case fields), an expired one is not even tried: straight to a full POST", async () => {
    world().fujitsu.behave({ accessLifetimeSeconds: 600, refreshLifetimeSeconds: 300, legacyFields: 'snake' });
    const { context, page } = await withClock();
    await addLegacy(await openSettings(page));
    const fujitsu = region(await openCard(page), 'Fujitsu legacy');
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    await later(context, 575_000);
    await runProbe(fujitsu);
    await expectOk(fujitsu);
    expect(logOf(world(), V1_TOKENS).map((e) => [e.method, e.status])).toEqual([
      ['POST', 200],
      ['POST', 200],
    ]);
    signedInOnce();
  });
});

describe('wrong credentials', () => {
  const cases = [
    {
      method: 'Mico, added from scratch',
      name: 'Mico',
      prefix: '/mico',
      setUp: (frame: Frame) =>
        addConnection(frame, 'Mico Voice AI', {
          Name: 'Mico',
          'Base URL': `${world().sandbox.url}/mico`,
          'Probe path': '/v1/campaigns',
          'Client ID': world().mico.clientId,
          'Client secret': 'not-the-secret',
        }),
      fix: () => ({ 'Client secret': world().mico.clientSecret }),
      refusal: '"Mico" refused to sign in (HTTP 401).',
      said: 'Client authentication failed',
      signIns: () => logOf(world(), MICO_TOKEN),
    },
    {
      method: 'Fujitsu API key',
      name: 'Fujitsu keys',
      prefix: '/fujitsu',
      setUp: (frame: Frame) => addApiKey(frame, { primary: 'wrong-primary', secondary: 'wrong-secondary' }),
      fix: () => ({ 'Primary key': world().fujitsu.primaryKey, 'Secondary key': world().fujitsu.secondaryKey }),
      refusal: '"Fujitsu keys": both the Primary and the Secondary API key were refused (HTTP 401).',
      said: 'Access denied due to invalid subscription key.',
      signIns: () => logOf(world(), HEALTH),
    },
    {
      method: 'Fujitsu OAuth 2.0, added',
      name: 'Fujitsu OAuth',
      prefix: '/fujitsu',
      setUp: (frame: Frame) =>
        addConnection(frame, 'Fujitsu AI platform (OAuth 2.0)', {
          Name: 'Fujitsu OAuth',
          'Base URL': fujitsuBase(),
          'Probe path': '/v1/health',
          'Client ID': world().fujitsu.clientId,
          'Client secret': 'not-the-secret',
        }),
      fix: () => ({ 'Client secret': world().fujitsu.clientSecret }),
      refusal: '"Fujitsu OAuth" refused to sign in (HTTP 401).',
      said: 'Client authentication failed.',
      signIns: () => logOf(world(), V2_TOKENS),
    },
    {
      method: 'Fujitsu legacy',
      name: 'Fujitsu legacy',
      prefix: '/fujitsu',
      setUp: (frame: Frame) => addLegacy(frame, 'not-the-secret'),
      fix: () => ({ 'Client secret': world().fujitsu.clientSecret }),
      refusal: '"Fujitsu legacy" refused to sign in (HTTP 401).',
      said: 'Invalid client ID or client secret.',
      signIns: () => logOf(world(), V1_TOKENS),
    },
  ] as const;

  it.each(cases)(
    '$method: Test connection says which connection refused, in the provider\'s words, that an admin must fix it, and does not retry; typing the right secret in Edit fixes it',
    async ({ name, prefix, setUp, fix, refusal, said, signIns }) => {
      const page = await (await browser()).newPage();
      const settings = await openSettings(page);
      await setUp(settings);
      await testConnection(settings, name, prefix);
      const item = listed(settings, name);
      const text = await alertIn(item);
      expect(text).toContain(`Testing "${name}" failed`);
      expect(text).toContain(refusal);
      expect(text).toContain(said);
      expect(text).toContain('An administrator must update them on the settings page.');
      await expect(item.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
      // Once (the API key method: each key once), and never again on its own.
      await settings.waitForTimeout(300);
      expect(signIns().map((e) => e.status)).toEqual(name === 'Fujitsu keys' ? [401, 401] : [401]);

      await item.getByRole('button', { name: 'Edit' }).click();
      await settings.getByText(SAVED_HINT).first().waitFor();
      await fill(settings, fix());
      await save(settings, name);
      await testConnection(settings, name, prefix);
      await expectOk(listed(settings, name));
    },
  );

  it('an agent whose card uses a refused connection sees which connection and that an administrator must fix it', async () => {
    const page = await (await browser()).newPage();
    await addLegacy(await openSettings(page), 'not-the-secret');
    const fujitsu = region(await openCard(page), 'Fujitsu legacy');
    await runProbe(fujitsu);
    const text = await alertIn(fujitsu);
    expect(text).toContain("Couldn't run the probe on Fujitsu legacy");
    expect(text).toContain('"Fujitsu legacy" refused to sign in (HTTP 401).');
    expect(text).toContain('Invalid client ID or client secret.');
    expect(text).toContain('An administrator must update them on the settings page.');
    expect(logOf(world(), HEALTH)).toHaveLength(0);
  });
});

describe('secrets and removal', () => {
  it('secrets typed on the settings page are not shown after saving, start empty when editing, and are not readable as text in IndexedDB', async () => {
    const page = await (await browser()).newPage();
    const settings = await openSettings(page);
    await setUpMico(settings);
    await setUpFujitsuOAuth(settings);
    await addApiKey(settings);
    await addLegacy(settings);
    await testConnection(settings, 'Mico Voice AI', '/mico'); // a cached token too
    await expectOk(listed(settings, 'Mico Voice AI'));
    const { mico, fujitsu } = world();
    const secrets = [mico.clientSecret, fujitsu.clientSecret, fujitsu.primaryKey, fujitsu.secondaryKey];

    const html = await settings.content();
    for (const secret of secrets) expect(html).not.toContain(secret);
    for (const name of ['Mico Voice AI', 'Fujitsu AI platform', 'Fujitsu keys', 'Fujitsu legacy']) {
      await listed(settings, name).getByRole('button', { name: 'Edit' }).click();
      await settings.getByRole('heading', { name: `Edit "${name}"` }).waitFor();
      const inputs = settings.locator('form input[type="password"]');
      const values = await inputs.evaluateAll((all) => all.map((el) => (el as HTMLInputElement).value));
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v) => v === '')).toBe(true);
      await settings.getByRole('button', { name: 'Cancel' }).click();
    }

    const { keys, unsealed } = await storedKeys(settings);
    expect(keys).toEqual(expect.arrayContaining(['connections', 'connection:mico', 'connection:fujitsu', 'connection-token:mico']));
    expect(keys.filter((k) => k.startsWith('connection:'))).toHaveLength(4);
    expect(unsealed).toEqual(['probe']); // the start-up storage probe writes a plain 1
    const raw = await rawStore(settings, 'read');
    for (const secret of secrets) expect(raw).not.toContain(secret);
    // The whole record is sealed, not only its secrets; and the cached Mico token too.
    expect(raw).not.toContain(mico.clientId);
    expect(raw).not.toContain('campaigns:read');
    const bearer = logOf(world(), MICO_CAMPAIGNS)[0]!.headers.authorization!.slice('Bearer '.length);
    expect(raw).not.toContain(bearer);
  });

  it('removing a connection wipes its record and cached token, and the card no longer offers it', async () => {
    const page = await (await browser()).newPage();
    let settings = await openSettings(page);
    await setUpMico(settings);
    await setUpFujitsuOAuth(settings);
    await addApiKey(settings);
    await addLegacy(settings);
    for (const [name, prefix] of [
      ['Mico Voice AI', '/mico'],
      ['Fujitsu AI platform', '/fujitsu'],
      ['Fujitsu keys', '/fujitsu'],
      ['Fujitsu legacy', '/fujitsu'],
    ] as const) {
      await testConnection(settings, name, prefix);
      await expectOk(listed(settings, name));
    }
    const tokenKeys = (await storedKeys(settings)).keys.filter((k) => k.startsWith('connection-token:'));
    expect(tokenKeys).toHaveLength(4);

    let card = await openCard(page);
    for (const name of ['Mico Voice AI', 'Fujitsu AI platform', 'Fujitsu keys', 'Fujitsu legacy']) await region(card, name).waitFor();

    const remove = async (name: string) => {
      const item = listed(settings, name);
      await item.getByRole('button', { name: 'Remove' }).click();
      const confirm = item.getByRole('group', { name: 'Remove' });
      await confirm.getByText(`Remove "${name}" and wipe its saved secrets from this browser?`).waitFor();
      await reloadingList(settings, () => confirm.getByRole('button', { name: 'Yes, remove' }).click());
      await settings.getByText(`"${name}" was removed.`).waitFor();
    };

    settings = await openSettings(page);
    await remove('Mico Voice AI');
    // A config.json suggestion goes back to being one; a connection added from scratch is gone.
    await listed(settings, 'Mico Voice AI').getByRole('button', { name: 'Set up' }).waitFor();
    await remove('Fujitsu keys');
    await expect(listed(settings, 'Fujitsu keys').count()).resolves.toBe(0);
    let keys = (await storedKeys(settings)).keys;
    expect(keys).not.toContain('connection:mico');
    expect(keys).not.toContain('connection-token:mico');
    expect(keys.filter((k) => k.startsWith('connection:'))).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('connection-token:'))).toHaveLength(2);
    expect(keys).toEqual(expect.arrayContaining(['connection:fujitsu', 'connection-token:fujitsu']));

    card = await openCard(page);
    await region(card, 'Fujitsu legacy').waitFor();
    await region(card, 'Fujitsu AI platform').waitFor();
    await expect(region(card, 'Mico Voice AI').count()).resolves.toBe(0);
    await expect(card.getByLabel('Outbound call UID').count()).resolves.toBe(0);
    await expect(region(card, 'Fujitsu keys').count()).resolves.toBe(0);

    settings = await openSettings(page);
    await remove('Fujitsu AI platform');
    await remove('Fujitsu legacy');
    keys = (await storedKeys(settings)).keys;
    expect(keys.filter((k) => k.startsWith('connection:') || k.startsWith('connection-token:'))).toEqual([]);

    card = await openCard(page);
    await card.waitForTimeout(500); // the card decides from the store as it starts; give it time to show anything
    await expect(card.getByRole('heading', { name: 'Connections' }).count()).resolves.toBe(0);
    await expect(card.getByRole('button', { name: 'Run probe' }).count()).resolves.toBe(0);
  });
});
