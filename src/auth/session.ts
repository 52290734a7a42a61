/**
 * The signed-in session shared by every card and settings page of this browser (one storage partition):
 * reads the token record, refreshes it shortly before expiry under a Web Lock so several cards make one
 * refresh, and after a 401 first looks for a fresher token another card stored. Signing out in one
 * frame ends the session in all of them: the record leaves the store, and the others are told.
 */
import { AuthError } from '../shared/auth-error';
import { renewalMargin } from '../shared/expiring';
import type { TokenCache } from '../shared/token-cache';
import type { TokenRecord } from '../shared/token-record';
import { loadToken, type SessionDeps } from './token-store';

/** Every frame of this storage partition hears a sign-out here: the only message it carries. */
const SIGNED_OUT_CHANNEL = 'exchange-card:signed-out';

export interface Session {
  /** A token that is not about to expire, refreshed if it is. */
  current(): Promise<TokenRecord>;
  /** After a 401 with `failed`: another card's fresher token, or a refresh; else REFRESH_FAILED. */
  recover(failed: TokenRecord): Promise<TokenRecord>;
  /** Hears each new token, and `undefined` when the session ends by signing out here or in another frame. */
  subscribe(listener: (record: TokenRecord | undefined) => void): () => void;
  /** Refreshes shortly before each expiry while the page is open; returns a stop function. */
  keepAlive(onLost: (error: unknown) => void): () => void;
  /**
   * The app server's session credential of the newest token: another card may have refreshed (and so
   * replaced it) since this one last looked, and the server ends a session whose old credential comes back.
   */
  serverCredential(): Promise<string | undefined>;
  /**
   * Ends the session in every frame, and the app server's session: later calls here and in other frames
   * reject with SIGNED_OUT. `serverUnreachable`: the server could not be told, so its session lasts until it expires.
   */
  signOut(): Promise<{ serverUnreachable: boolean }>;
}

export function createSession(deps: SessionDeps, initial: TokenRecord): Session {
  const now = deps.now ?? Date.now;
  const listeners = new Set<(record: TokenRecord | undefined) => void>();
  let record = initial;
  /** Signed out, here or in another frame: this session hands out no token and refreshes nothing. */
  let ended = false;
  const signedOut = () => Promise.reject(new AuthError('SIGNED_OUT', 'Signed out.'));
  const tell = (next: TokenRecord | undefined) => {
    for (const listener of listeners) listener(next);
  };
  const end = () => {
    if (!ended) tell(undefined);
    ended = true;
  };

  const adopt = (next: TokenRecord) => {
    if (next.token !== record.token) {
      record = next;
      tell(record);
    }
    return record;
  };

  /** Renewing loads on first need: most card loads never renew. */
  let cache: Promise<TokenCache<TokenRecord>> | undefined;
  const renewal = () =>
    (cache ??= import('./renewal').then((renewal) =>
      renewal.createRenewal(deps, now, record, {
        ended: () => ended,
        signedOut: () => {
          end();
          return signedOut();
        },
      }),
    ));
  const due = () => record.expiresAt - renewalMargin(record) <= now();
  const fresh = () =>
    due()
      ? renewal()
          .then((c) => c.current())
          .then(adopt)
      : Promise.resolve(record);

  /** The stored record, when it is newer than this page's: another card renewed it. */
  const newest = async (current: TokenRecord) => {
    const stored = await loadToken(deps.store, now()).catch(() => undefined);
    return stored && stored.expiresAt > current.expiresAt ? adopt(stored) : current;
  };

  return {
    current: () => (ended ? signedOut() : fresh()),
    serverCredential: () => (ended ? signedOut() : fresh().then(newest)).then((current) => current.server),
    recover: (failed) =>
      ended
        ? signedOut()
        : renewal()
            .then((c) => c.recover((stored) => stored.token === failed.token))
            .then(adopt),
    subscribe(listener) {
      listeners.add(listener);
      const channel = new BroadcastChannel(SIGNED_OUT_CHANNEL);
      channel.onmessage = end;
      return () => {
        listeners.delete(listener);
        channel.close();
      };
    },
    keepAlive(onLost) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const schedule = () => {
        if (stopped || ended) return;
        const delay = Math.max(0, record.expiresAt - renewalMargin(record) - now());
        // Signed out meanwhile: the store has no record, so the cache renews nothing.
        timer = setTimeout(() => {
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
      // No call uses the token from now on, but the screen says "signed out" only once the record has
      // left the store (a reload right after that message must not find the token still there) and the
      // server has ended its session (a copy of the credential is refused from then on).
      const announce = !ended;
      ended = true;
      try {
        // Loaded now: most sessions never sign out here.
        return await import('./sign-out').then((signOut) => signOut.forgetEverywhere(deps, newest(record), renewal));
      } finally {
        if (announce) tell(undefined);
        const channel = new BroadcastChannel(SIGNED_OUT_CHANNEL);
        channel.postMessage(true);
        channel.close();
      }
    },
  };
}
