/**
 * The signed-in session shared by every card and settings page of this browser (one storage partition):
 * reads the token record, refreshes it shortly before expiry under a Web Lock so several cards make one
 * refresh, and after a 401 first looks for a fresher token another card stored.
 */
import type { Config } from '../config/config';
import { AuthError } from './auth-error';
import type { KeyValueStore } from './store';
import { renewalMargin } from './expiring';
import type { TokenCache } from './token-cache';
import { isTokenRecord, type TokenRecord } from './token-record';

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

export function clearToken(store: KeyValueStore): Promise<void> {
  return store.del(TOKEN_KEY);
}

export interface SessionDeps {
  config: Config;
  store: KeyValueStore;
  persistent: boolean;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Session {
  readonly persistent: boolean;
  record(): TokenRecord;
  /** A token that is not about to expire, refreshed if it is. */
  current(): Promise<TokenRecord>;
  /** After a 401 with `failed`: another card's fresher token, or a refresh; else REFRESH_FAILED. */
  recover(failed: TokenRecord): Promise<TokenRecord>;
  subscribe(listener: (record: TokenRecord | undefined) => void): () => void;
  /** Refreshes shortly before each expiry while the page is open; returns a stop function. */
  keepAlive(onLost: (error: unknown) => void): () => void;
  signOut(): Promise<void>;
}

export function createSession(deps: SessionDeps, initial: TokenRecord): Session {
  const now = deps.now ?? Date.now;
  const listeners = new Set<(record: TokenRecord | undefined) => void>();
  let record = initial;
  /** Signed out: this session hands out no token and refreshes nothing, or the timer would sign the user back in. */
  let ended = false;
  const signedOut = () => Promise.reject(new AuthError('REFRESH_FAILED', 'Signed out.'));

  const adopt = (next: TokenRecord) => {
    if (next.token !== record.token) {
      record = next;
      for (const listener of listeners) listener(record);
    }
    return record;
  };

  /** Renewing (a cache shared through the store, under a Web Lock) loads on first need: most card loads never renew. */
  let cache: Promise<TokenCache<TokenRecord>> | undefined;
  const renewal = () =>
    (cache ??= import('./token-cache').then(({ createTokenCache }) =>
      createTokenCache<TokenRecord>({
        store: deps.store,
        key: TOKEN_KEY,
        lock: 'exchange-card:session',
        now,
        initial: record,
        isValue: isTokenRecord,
        async obtain(previous) {
          if (ended) throw new AuthError('REFRESH_FAILED', 'Signed out.');
          const base = previous ?? record;
          if (base.expiresAt <= now()) throw new AuthError('REFRESH_FAILED', 'The sign-in expired before it could be renewed.');
          const { refreshToken } = await import('./token-endpoint');
          return refreshToken(deps.config, base, {
            now: now(),
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
          });
        },
      }),
    ));
  const due = () => record.expiresAt - renewalMargin(record) <= now();
  const fresh = () => (due() ? renewal().then((c) => c.current()).then(adopt) : Promise.resolve(record));

  return {
    persistent: deps.persistent,
    record: () => record,
    current: () => (ended ? signedOut() : fresh()),
    recover: (failed) => (ended ? signedOut() : renewal().then((c) => c.recover((stored) => stored.token === failed.token)).then(adopt)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    keepAlive(onLost) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const schedule = () => {
        if (stopped || ended) return;
        const delay = Math.max(0, record.expiresAt - renewalMargin(record) - now());
        timer = setTimeout(() => {
          if (ended) return;
          fresh().then(schedule, (error: unknown) => {
            if (!stopped && !ended) onLost(error);
          });
        }, delay);
      };
      schedule();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
    async signOut() {
      ended = true;
      await clearToken(deps.store);
      for (const listener of listeners) listener(undefined);
    },
  };
}
