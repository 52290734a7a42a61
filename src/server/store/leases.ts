/**
 * A lease: a row in `leases` naming who holds a name, until when. It is the lock a connection's
 * credential is renewed under, across every instance on the database, without holding a database
 * connection while the renewal waits on the provider: taking, checking and giving up a lease are one
 * short statement each. Waiters in this process queue behind one another (only the first asks the
 * database); waiters elsewhere ask again every little while, up to a deadline. A holder that dies
 * leaves a lease that expires by itself.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api-error';
import { inProcess } from '../../shared/in-process-lock';
import type { Db } from './db';

export interface LeaseOptions {
  /** How long a lease lasts: longer than anything its holder does (a renewal, within its deadline). */
  ttlMs: number;
  /** How long a caller waits for another instance's lease before giving up. */
  waitMs: number;
  /** Pause between two tries, growing to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes the lease `name` unless someone else holds one that has not expired; true when taken. */
async function take(db: Db, name: string, owner: string, ttlMs: number): Promise<boolean> {
  // Lease times are this machine's clock, not the app's (which tests move): a lease is about real time passing.
  const now = Date.now();
  const rows = await db.all(
    `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at WHERE leases.expires_at <= ?
     RETURNING owner`,
    [name, owner, now + ttlMs, now],
  );
  return rows.length === 1 && rows[0]?.owner === owner;
}

/** The lease lock of `db`: `(name, fn)` runs `fn` while holding the lease `name`. */
export function leaseLock(db: Db, options: LeaseOptions) {
  const { ttlMs, waitMs, pollMs = 20, maxPollMs = 200 } = options;
  return <R>(name: string, fn: () => Promise<R>): Promise<R> =>
    inProcess(`lease:${name}`, async () => {
      const owner = randomUUID();
      const deadline = Date.now() + waitMs;
      for (let pause = pollMs; !(await take(db, name, owner, ttlMs)); pause = Math.min(pause * 2, maxPollMs)) {
        if (Date.now() + pause > deadline)
          throw new ApiError('TIMEOUT', 'Another server is renewing this connection’s credential and has not finished: try again shortly.', {
            retryable: true,
          });
        await sleep(pause);
      }
      try {
        return await fn();
      } finally {
        // If the database cannot be reached now, the lease expires by itself.
        await db.run('DELETE FROM leases WHERE name = ? AND owner = ?', [name, owner]).catch(() => undefined);
      }
    });
}
