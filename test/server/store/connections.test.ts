/**
 * A connection's actions as the store keeps them: the presets while none were saved (following the
 * connection's own settings), a saved list read back and checked again, an action that no longer
 * passes left out and reported, and a save seen at once by the next run on this instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionStore } from '../../../src/server/store/connections';
import { migrate, type Db } from '../../../src/server/store/db';
import { createSealer } from '../../../src/server/store/seal';
import { openSqlite } from '../../../src/server/store/sqlite';
import { askAiPreset, byCustomerNumberPreset } from '../../../src/shared/action-presets';
import { newDraft } from '../../../src/shared/connection-fields';

const dir = mkdtempSync(join(tmpdir(), 'exchange-card-connections-'));
const db: Db = openSqlite(dir);
await migrate(db);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
const reported: [string, Record<string, unknown>][] = [];
const store = connectionStore(db, await createSealer(new Uint8Array(32).fill(3)), (message, fields) => reported.push([message, fields]));
const ACCOUNT = 'acc-1';
let n = 0;

async function saved(overrides: Record<string, string> = {}) {
  const id = `mico-${++n}`;
  const draft = { ...newDraft('mico', id), name: `Mico ${n}`, baseUrl: 'https://mico.example', clientId: 'client', clientSecret: 'secret', ...overrides };
  const result = await store.save(ACCOUNT, draft);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return id;
}
const viewOf = async (id: string) => (await store.list(ACCOUNT)).find((view) => view.id === id);

describe("a connection's actions in the store", () => {
  it('none saved: the presets, from its own probe and call paths', async () => {
    const id = await saved({ probePath: '/v1/health-check', callPath: '/api/v1/outbound_calls/{uid}' });
    const view = await viewOf(id);
    expect(view?.actionsChanged).toBe(false);
    expect(view?.actions.map((action) => [action.id, action.path])).toEqual([
      ['probe', '/v1/health-check'],
      ['call-by-uid', '/api/v1/outbound_calls/{input}'],
    ]);
    expect((await store.open(ACCOUNT, id))?.actions).toEqual(view?.actions);
  });

  it('a saved list is what the next run reads at once, and the changes name each action added or removed', async () => {
    const id = await saved();
    expect((await store.open(ACCOUNT, id))?.actions).toHaveLength(2);
    const list = [byCustomerNumberPreset(), askAiPreset()];
    const result = await store.saveActions(ACCOUNT, id, list);
    expect(result?.name).toBe(`Mico ${n}`);
    expect(result?.changes.map((change) => change.field)).toEqual(['actions.probe', 'actions.call-by-uid', 'actions.calls-with-customer', 'actions.summarise']);
    expect((await store.open(ACCOUNT, id))?.actions).toEqual(list);
    expect(await viewOf(id)).toMatchObject({ actionsChanged: true, actions: list });
    // Only the order changed: said so.
    expect((await store.saveActions(ACCOUNT, id, [...list].reverse()))?.changes).toEqual([
      { field: 'actions', from: 'calls-with-customer, summarise', to: 'summarise, calls-with-customer' },
    ]);
    expect(await store.saveActions(ACCOUNT, 'no-such', list)).toBeUndefined();
  });

  it('a stored action that does not pass the check is left out and reported; the others stay', async () => {
    const id = await saved();
    const good = byCustomerNumberPreset();
    await db.run('UPDATE connections SET actions = ? WHERE id = ?', [JSON.stringify([{ ...good, id: 'bad', path: 'https://elsewhere.example/' }, good]), id]);
    reported.length = 0;
    expect((await viewOf(id))?.actions).toEqual([good]);
    expect(reported).toContainEqual(['a stored action does not pass the check: it does not run', { account: ACCOUNT, connection: id, index: 0 }]);
    await db.run('UPDATE connections SET actions = ? WHERE id = ?', ['{not json', id]);
    expect((await viewOf(id))?.actions).toEqual([]);
    expect(reported.at(-1)?.[0]).toBe('stored actions are not a list: none run');
  });
});
