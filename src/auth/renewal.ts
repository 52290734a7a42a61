/**
 * Renewing the session's token: a cache shared through the store under a Web Lock, so several cards
 * make one refresh, and the refresh itself at the token endpoint. Loaded on first need.
 */
import { createTokenCache } from '../shared/token-cache';
import { withLock } from '../storage/lock';
import { AuthError } from '../shared/auth-error';
import { TOKEN_KEY, type SessionDeps } from './token-store';
import { isTokenRecord, type TokenRecord } from '../shared/token-record';

export interface SessionEnd {
  /** Signed out, here or in another frame. */
  ended(): boolean;
  /** Ends the session and rejects with SIGNED_OUT. */
  signedOut(): Promise<never>;
}

export function createRenewal(deps: SessionDeps, now: () => number, initial: TokenRecord, session: SessionEnd) {
  return createTokenCache<TokenRecord>({
    store: deps.store,
    key: TOKEN_KEY,
    lock: 'exchange-card:session',
    withLock,
    now,
    initial,
    isValue: isTokenRecord,
    async obtain(previous) {
      // No record in the store: another frame signed out, and this one has not heard yet.
      if (session.ended() || !previous) return session.signedOut();
      if (previous.expiresAt <= now()) throw new AuthError('REFRESH_FAILED', 'The sign-in expired before it could be renewed.');
      // Loaded on first use: a card with a fresh token never needs the token endpoint's code.
      const { tokenEndpoint } = await import('./token-endpoint');
      return tokenEndpoint(deps.config).refresh(previous, {
        now: now(),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
    },
  });
}
