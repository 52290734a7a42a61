/**
 * Connection tokens cached on the server, for the whole account: the KeyValueStore the sign-in methods
 * of server/providers already use, backed by the database (sealed, since a token is a credential), and
 * the lock it is renewed under (a lease, leases.ts), so every instance renews a token once.
 */
import type { KeyValueStore } from '../../shared/key-value-store';
import type { Db } from './db';
import type { Sealer } from './seal';

export function credentialStore(db: Db, sealer: Sealer, account: string): KeyValueStore {
  return {
    async get(name) {
      const [row] = await db.all('SELECT sealed_value FROM credentials WHERE account_key = ? AND name = ?', [account, name]);
      if (!row) return undefined;
      try {
        return await sealer.open(String(row.sealed_value), account, name);
      } catch {
        return undefined;
      }
    },
    async set(name, value) {
      const sealed = await sealer.seal(value, account, name);
      await db.run(
        'INSERT INTO credentials (account_key, name, sealed_value) VALUES (?, ?, ?) ON CONFLICT (account_key, name) DO UPDATE SET sealed_value = excluded.sealed_value',
        [account, name, sealed],
      );
    },
    async del(name) {
      await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [account, name]);
    },
  };
}

type Lock = <R>(name: string, fn: () => Promise<R>) => Promise<R>;

/** The account's lock named `name`: the token caches' locks, taken across instances. */
export const accountLock =
  (lock: Lock, account: string): Lock =>
  (name, fn) =>
    lock(`${account}:${name}`, fn);
