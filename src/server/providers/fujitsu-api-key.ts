/**
 * Fujitsu AI platform, API keys: `X-Api-Key` with the Primary key. Keys never expire but are
 * regenerated after a leak, so on 401/403 the other key is tried once, and the one that works is
 * remembered (in the store, for every card) until it too is refused. The remembered choice is a cached
 * credential that never expires: the same cache, lock and re-read as the token methods, so two cards
 * that see the Primary refused at once switch once, not back and forth.
 */
import type { Expiring } from '../../shared/token-cache';
import { credentialCache } from './credential-cache';
import type { FujitsuApiKeyConnection } from '../../shared/connection';
import type { ConnectionDeps, SignInMethod } from './sign-in-method';

type KeyName = 'primary' | 'secondary';

interface KeyChoice extends Expiring {
  use: KeyName;
}

const isKeyChoice = (value: unknown): value is KeyChoice => {
  const use = (value as KeyChoice | null)?.use;
  return use === 'primary' || use === 'secondary';
};

const HEADER = 'X-Api-Key';

export function fujitsuApiKeySignIn(connection: FujitsuApiKeyConnection, deps: ConnectionDeps): SignInMethod {
  const now = deps.now ?? Date.now;
  const key = (choice: KeyChoice) => (choice.use === 'primary' ? connection.primaryKey : connection.secondaryKey);
  // No previous choice: the Primary. After a refusal of `previous`: the other one.
  const cache = credentialCache(
    connection,
    deps,
    isKeyChoice,
    async (previous): Promise<KeyChoice> => ({
      use: previous?.use === 'primary' ? 'secondary' : 'primary',
      issuedAt: now(),
      expiresAt: Number.MAX_SAFE_INTEGER,
    }),
  );
  return {
    refusal: 'both the Primary and the Secondary API key were refused',
    async headers() {
      return { [HEADER]: key(await cache.current()) };
    },
    async recover(status, sent) {
      if (status !== 401 && status !== 403) return false;
      await cache.recover((choice) => key(choice) === sent[HEADER]);
      return true;
    },
  };
}
