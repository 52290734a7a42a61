/** The Infobip token record in the browser's store: what the session, its renewal and sign-in read and write. */
import type { Config } from '../config/config';
import type { KeyValueStore } from '../shared/key-value-store';
import { isTokenRecord, type TokenRecord } from '../shared/token-record';

export const TOKEN_KEY = 'token';

export async function loadToken(store: KeyValueStore, now: number): Promise<TokenRecord | undefined> {
  return usableToken(store, await store.get(TOKEN_KEY), now);
}

/** The token record `value` read from the store, if it is one and still valid; a foreign value is deleted. */
export async function usableToken(store: KeyValueStore, value: unknown, now: number): Promise<TokenRecord | undefined> {
  if (value === undefined) return undefined;
  if (!isTokenRecord(value)) {
    await store.del(TOKEN_KEY);
    return undefined;
  }
  return value.expiresAt > now ? value : undefined;
}

export function saveToken(store: KeyValueStore, record: TokenRecord): Promise<void> {
  return store.set(TOKEN_KEY, record);
}

export interface SessionDeps {
  config: Config;
  store: KeyValueStore;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}
