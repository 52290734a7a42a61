import { describe, expect, it } from 'vitest';
import { memoryStore, openStore, sealed, type KeyValueStore } from '../../src/storage/store';
import { connectionClient } from '../../src/connections/client';
import { recordKey, tokenKey } from '../../src/connections/keys';
import { listConnections, removeConnection, saveConnection } from '../../src/connections/store';
import { useProviders } from './support';

const p = await useProviders();

/** A sealed store over a memory store we can look inside, as someone copying the profile could. */
function inspectable() {
  const inner = memoryStore();
  const raw = new Map<string, unknown>();
  const spy: KeyValueStore = {
    get: inner.get,
    set: async (key, value) => (raw.set(key, value), inner.set(key, value)),
    del: async (key) => (raw.delete(key), inner.del(key)),
  };
  const rawText = () => [...raw.values()].map((v) => (v && typeof v === 'object' && 'data' in v ? Buffer.from(v.data as ArrayBuffer).toString('latin1') : JSON.stringify(v))).join('\n');
  return { store: sealed(spy), raw, rawText };
}

describe('the connection store', () => {
  it('lists what was saved, in order; saving again replaces', async () => {
    const store = sealed(memoryStore());
    const mico = p.connection('mico');
    const keys = p.connection('fujitsu-api-key');
    await saveConnection(store, mico);
    await saveConnection(store, keys);
    await saveConnection(store, { ...mico, name: 'Renamed' });
    expect(await listConnections(store)).toEqual([{ ...mico, name: 'Renamed' }, keys]);
  });

  it('keeps every secret sealed: the raw stored values contain no secret text, and survive a reopen', async () => {
    const { store, rawText } = inspectable();
    const oauth = p.connection('fujitsu-oauth');
    const keys = p.connection('fujitsu-api-key');
    await saveConnection(store, oauth);
    await saveConnection(store, keys);
    await connectionClient(oauth, p.deps(store)).getJson('/v1/health'); // caches a token too
    const text = rawText();
    for (const secret of [oauth.clientSecret, keys.primaryKey, keys.secondaryKey, 'Bearer', 'aispf']) expect(text).not.toContain(secret);

    const { store: idb } = await openStore('connections-test');
    await saveConnection(idb, keys);
    const { store: reopened } = await openStore('connections-test');
    expect(await listConnections(reopened)).toEqual([keys]);
  });

  it('removing a connection wipes its record (with the secrets) and its cached token', async () => {
    const { store, raw } = inspectable();
    const oauth = p.connection('fujitsu-oauth');
    await saveConnection(store, oauth);
    await connectionClient(oauth, p.deps(store)).getJson('/v1/health');
    expect(raw.has(tokenKey(oauth.id))).toBe(true);
    await removeConnection(store, oauth.id);
    expect(raw.has(recordKey(oauth.id))).toBe(false);
    expect(raw.has(tokenKey(oauth.id))).toBe(false);
    expect(await listConnections(store)).toEqual([]);
  });

  it('saving a connection forgets its cached token: the next request signs in with the new credentials', async () => {
    const store = sealed(memoryStore());
    const mico = p.connection('mico');
    await saveConnection(store, mico);
    await connectionClient(mico, p.deps(store)).getJson('/v1/campaigns');
    await saveConnection(store, { ...mico, clientSecret: 'replaced' });
    expect(await store.get(tokenKey(mico.id))).toBeUndefined();
    await expect(connectionClient({ ...mico, clientSecret: 'replaced' }, p.deps(store)).getJson('/v1/campaigns')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
  });

  it('leaves out a stored record that no longer checks', async () => {
    const store = sealed(memoryStore());
    const keys = p.connection('fujitsu-api-key');
    await saveConnection(store, keys);
    await store.set(recordKey(keys.id), { ...keys, baseUrl: 'http://example.com' });
    expect(await listConnections(store)).toEqual([]);
  });
});
