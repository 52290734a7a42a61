import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/session';
import { loadToken, saveToken } from '../../src/auth/token-store';
import { sealed } from '../../src/storage/store';
import { memoryStore, type KeyValueStore } from '../../src/shared/key-value-store';
import { requests, useSandbox } from '../support/sandbox';
import { issuedRecord } from '../support/token';

const { sandbox, config } = await useSandbox();
const TOKEN_PATH = '/exchange/1/oauth/token';

/** A clock `ahead` ms in the future: the session sees its token as due, the sandbox still accepts it. */
const clock = (ahead: number) => () => Date.now() + ahead;

async function shared(lifetimeSeconds = 60): Promise<{ store: KeyValueStore; record: ReturnType<typeof issuedRecord> }> {
  const store = sealed(memoryStore());
  const record = issuedRecord(sandbox, lifetimeSeconds);
  await saveToken(store, record);
  return { store, record };
}

describe('the session', () => {
  it('uses the stored token while it is valid: no request at all', async () => {
    const { store, record } = await shared(3600);
    const session = createSession({ config, store }, record);
    await expect(session.current()).resolves.toEqual(record);
    expect(sandbox.log).toHaveLength(0);
  });

  it('refreshes shortly before expiry, sending the token both as `code` and as `refresh_token`', async () => {
    const { store, record } = await shared(60);
    const session = createSession({ config, store, now: clock(50_000) }, record);
    const next = await session.current();
    expect(next.token).not.toBe(record.token);
    expect(await loadToken(store, Date.now())).toEqual(next);
    const [refresh] = requests(sandbox, TOKEN_PATH);
    expect(refresh!.form).toEqual({ grant_type: 'refresh_token', refresh_token: record.token, code: record.token, client_id: config.clientId });
  });

  it.each(['code', 'refresh_token'])('refreshes against a server that reads only `%s`', async (reading) => {
    sandbox.behave({ refreshParam: reading });
    const { store, record } = await shared(60);
    const session = createSession({ config, store, now: clock(50_000) }, record);
    await expect(session.current()).resolves.toMatchObject({ tokenType: 'IBSSO' });
  });

  it('makes exactly one refresh when three cards find the token due at once, and all three get the new token', async () => {
    const { store, record } = await shared(60);
    const cards = [1, 2, 3].map(() => createSession({ config, store, now: clock(50_000) }, record));
    const tokens = await Promise.all(cards.map((card) => card.current()));
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(tokens[0]!.token).not.toBe(record.token);
  });

  it('after a 401, takes the fresher token another card stored instead of refreshing again', async () => {
    const { store, record } = await shared(60);
    const first = createSession({ config, store, now: clock(50_000) }, record);
    const second = createSession({ config, store }, record);
    const fresh = await first.current();
    await expect(second.recover(record)).resolves.toEqual(fresh);
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(1);
  });

  it('says REFRESH_FAILED when the server refuses the refresh, or the token has already expired', async () => {
    const { store, record } = await shared(60);
    sandbox.behave({ refresh: 'fail' });
    await expect(createSession({ config, store }, record).recover(record)).rejects.toMatchObject({ code: 'REFRESH_FAILED' });

    const expired = await shared(60);
    const late = createSession({ config, store: expired.store, now: clock(61_000) }, expired.record);
    const before = requests(sandbox, TOKEN_PATH).length;
    await expect(late.recover(expired.record)).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(before);
  });

  it('keeps itself alive: refreshes on a timer before expiry, and tells listeners', async () => {
    const { store, record } = await shared(60);
    const session = createSession({ config, store, now: clock(59_000) }, record);
    const seen: string[] = [];
    session.subscribe((r) => r && seen.push(r.token));
    const lost: unknown[] = [];
    const stop = session.keepAlive((error) => lost.push(error));
    await expect.poll(() => seen.length).toBe(1);
    stop();
    expect(lost).toEqual([]);
    expect((await loadToken(store, Date.now()))?.token).toBe(seen[0]);
  });

  it('signing out removes the token from the store', async () => {
    const { store, record } = await shared(3600);
    const session = createSession({ config, store }, record);
    const seen: unknown[] = [];
    session.subscribe((r) => seen.push(r));
    await session.signOut();
    expect(await loadToken(store, Date.now())).toBeUndefined();
    expect(seen).toEqual([undefined]);
  });

  it('says it has signed out only once the token has left the store: a reload at that moment cannot find it', async () => {
    const { store, record } = await shared(3600);
    const session = createSession({ config, store }, record);
    /** What a reload started the moment the screen says "signed out" would read. */
    const read: Promise<unknown>[] = [];
    session.subscribe((r) => r === undefined && read.push(store.get('token')));
    await session.signOut();
    expect(read).toHaveLength(1);
    await expect(read[0]).resolves.toBeUndefined();
  });

  it('after signing out, never brings the token back: no refresh on the timer, and no token to hand out', async () => {
    const { store, record } = await shared(60);
    const session = createSession({ config, store, now: clock(59_000) }, record);
    const lost: unknown[] = [];
    const stop = session.keepAlive((error) => lost.push(error));
    await session.signOut();
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
    expect(await loadToken(store, Date.now())).toBeUndefined();
    await expect(session.current()).rejects.toMatchObject({ code: 'SIGNED_OUT' });
  });

  it('signing out in one card ends the session in the other cards: they hear it, hand out no token, and refresh nothing', async () => {
    const { store, record } = await shared(60);
    const here = createSession({ config, store }, record);
    const other = createSession({ config, store, now: clock(50_000) }, record);
    const heard: unknown[] = [];
    const unsubscribe = other.subscribe((r) => heard.push(r));
    await here.signOut();
    await expect.poll(() => heard).toEqual([undefined]);
    unsubscribe();
    await expect(other.current()).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    await expect(other.recover(record)).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
    expect(await store.get('token')).toBeUndefined();
  });

  it('a card that has not heard of the sign-out does not renew the deleted token from its memory', async () => {
    const { store, record } = await shared(60);
    const here = createSession({ config, store }, record);
    const deaf = createSession({ config, store, now: clock(50_000) }, record);
    await here.signOut();
    await expect(deaf.current()).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
    expect(await store.get('token')).toBeUndefined();
  });

  it('never hands out an expired token from the store: at its expiry or after, the user signs in again', async () => {
    const { store, record } = await shared(60);
    expect(await loadToken(store, record.expiresAt - 1)).toEqual(record);
    expect(await loadToken(store, record.expiresAt)).toBeUndefined();
    expect(await loadToken(store, record.expiresAt + 3_600_000)).toBeUndefined();
  });

  it('discards a corrupt or foreign stored record instead of crashing', async () => {
    const store = sealed(memoryStore());
    await store.set('token', { access_token: 'from another app' });
    expect(await loadToken(store, Date.now())).toBeUndefined();
    expect(await store.get('token')).toBeUndefined();
  });
});
