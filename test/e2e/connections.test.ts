/**
 * External connections for the whole team, in real browsers (docs/connections.md): an admin sets up
 * each of the four sign-in methods on the settings page, the app server keeps the secrets, and an
 * agent in another browser context uses them from the card. Every request and answer either browser
 * sees is recorded, and no secret may be in any of them but the admin's one save of it.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { record, type Seen } from './record';
import { listed, openSettings, saveAndTest, secrets } from './settings-page';
import { openHost, useWorld } from './world';

const ADMIN = { username: 'team-admin', userKey: 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1', roles: [{ id: 1, name: 'Admin' }] };
const AGENT = { username: 'agent-ana', userKey: 'B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2', roles: [{ id: 2, name: 'Agent' }] };

// Admins are those with the Admin role: the portal answers no one, as for a marketplace app.
const { world, browser } = useWorld({ server: { env: { ADMIN_ROLES: 'Admin' } } });

async function fill(frame: Frame, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    const field = frame.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption({ label: value });
    else await field.fill(value);
  }
}

describe('connections through the app server', () => {
  const contexts: {
    admin?: { page: Page; seen: Seen[]; settled: () => Promise<unknown> };
    agent?: { page: Page; seen: Seen[]; settled: () => Promise<unknown> };
  } = {};

  it('an admin sets up each of the four methods on the settings page; the form opens where clicked and saving tests it', async () => {
    const w = world();
    w.sandbox.behave({ portal: '403', user: { ...ADMIN } });
    const page = await (await browser()).newPage();
    const recorded = record(page);
    contexts.admin = { page, ...recorded };
    const frame = await openSettings(page, world());

    // config.json suggests Mico and Fujitsu OAuth: only the secret is typed, the probe path is pre-filled.
    const mico = listed(frame, 'Mico Voice AI');
    await mico.getByRole('button', { name: 'Set up' }).click();
    await expect.poll(() => mico.getByLabel('Probe path', { exact: true }).inputValue()).toBe('/v1/campaigns');
    await mico.getByLabel('Client secret', { exact: true }).fill(w.mico.clientSecret);
    await saveAndTest(frame, 'Mico Voice AI');

    await listed(frame, 'Fujitsu AI platform').getByRole('button', { name: 'Set up' }).click();
    await fill(frame, { 'Client secret': w.fujitsu.clientSecret });
    await saveAndTest(frame, 'Fujitsu AI platform');

    const base = `${w.sandbox.url}/fujitsu`;
    await frame.getByRole('button', { name: 'Add a connection' }).click();
    await fill(frame, {
      Type: 'Fujitsu AI platform (API key)',
      Name: 'Fujitsu keys',
      'Base URL': base,
      'Primary key': w.fujitsu.primaryKey,
      'Secondary key': w.fujitsu.secondaryKey,
    });
    await saveAndTest(frame, 'Fujitsu keys');

    await frame.getByRole('button', { name: 'Add a connection' }).click();
    await fill(frame, {
      Type: 'Fujitsu AI platform (OAuth, legacy)',
      Name: 'Fujitsu legacy',
      'Base URL': base,
      'Client ID': w.fujitsu.clientId,
      'Client secret': w.fujitsu.clientSecret,
    });
    await saveAndTest(frame, 'Fujitsu legacy');

    // Editing shows that the secret is set, never the secret; the form opens under the connection.
    const keys = listed(frame, 'Fujitsu keys');
    // Exact: each of its actions has an Edit of its own ('Edit "Is it reachable?"').
    await keys.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => keys.getByLabel('Primary key', { exact: true }).inputValue()).toBe('');
    await keys.getByText('Set. Leave empty to keep it, or type a new value to replace it.').first().waitFor();
    await keys.getByRole('button', { name: 'Cancel' }).click();

    // The audit log names who did what.
    await frame.getByRole('cell', { name: 'created' }).first().waitFor();
    expect(await frame.getByRole('table').innerText()).toContain('team-admin');
  });

  it('an agent in another browser uses every connection from the card, and cannot change them (403)', async () => {
    const w = world();
    w.sandbox.behave({ portal: '403', user: { ...AGENT } });
    const page = await (await browser()).newPage();
    const recorded = record(page);
    contexts.agent = { page, ...recorded };
    const frame = await openHost(page, w, '');
    // Folded under their heading on the card, so the conversation keeps its room: opened on request.
    await frame.getByRole('button', { name: 'Connections' }).click({ timeout: 30_000 });

    // Each connection's presets: Mico's look-up by UID, and the reachability check.
    const mico = frame.getByRole('region', { name: 'Mico Voice AI' });
    const byUid = mico.getByRole('region', { name: 'Outbound call by UID' });
    await byUid.getByLabel('Call UID').fill('call_7f3a9c21');
    await byUid.getByRole('button', { name: 'Run' }).click();
    await mico.getByText('Customer confirmed pickup at the Main Street depot.').waitFor({ timeout: 20_000 });
    expect(await mico.locator('dt').allInnerTexts()).toEqual(expect.arrayContaining(['Campaign', 'Duration', 'Started']));

    for (const name of ['Fujitsu AI platform', 'Fujitsu keys', 'Fujitsu legacy']) {
      const section = frame.getByRole('region', { name });
      await section.getByRole('region', { name: 'Is it reachable?' }).getByRole('button', { name: 'Run' }).click();
      await section.getByText(/^Reachable · 200 · [\d,]+ ms$/).waitFor({ timeout: 20_000 });
    }

    // The settings page shows the connections but no way to change them; the server refuses anyway.
    const settings = await openSettings(page, world());
    await settings.getByText("Only the account's admins can change connections.").waitFor();
    expect(await settings.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await recorded.settled();
    const bearer = /"authorization":"Bearer ([\w-]+)"/.exec(recorded.seen.map((s) => s.text).join('\n'))?.[1];
    expect(bearer).toBeDefined();
    const change = await fetch(`${w.appServer?.url}/connections/mico`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'mico', baseUrl: 'https://attacker.example' }),
    });
    expect(change.status).toBe(403);
  });

  it('no request or answer either browser saw carries a secret, but the admin sending each once to the server', async () => {
    const w = world();
    await contexts.admin?.settled();
    await contexts.agent?.settled();
    const agentSeen = contexts.agent?.seen ?? [];
    const adminSeen = contexts.admin?.seen ?? [];
    expect(agentSeen.length).toBeGreaterThan(10);
    for (const secret of secrets(w)) {
      expect(agentSeen.filter((s) => s.text.includes(secret)).map((s) => s.what)).toEqual([]);
      const carriers = adminSeen.filter((s) => s.text.includes(secret)).map((s) => s.what);
      expect(carriers.length).toBeGreaterThan(0);
      // The form's Save tests the draft before storing it (?test=first); "Save anyway" stores it untested.
      for (const what of carriers) expect(what).toMatch(new RegExp(`^PUT ${w.appServer?.url}/connections/[\\w.-]+(\\?test=first)?$`));
    }
  });
});
