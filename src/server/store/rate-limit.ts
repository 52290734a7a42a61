/**
 * Requests per minute: a fixed window per name (`user:…`, `account:…`, `admin:…`, `address:…`), counted
 * in this instance's memory and in the database, so every instance shares the count without a write per
 * request. The first request of a name in a window asks the database (one upsert, exact); later ones
 * count in memory, and what was counted is added to the database every FLUSH_MS (one statement per name
 * that changed), which answers the total of every instance. An instance thus sees the others' requests
 * up to FLUSH_MS late: across N instances a budget may be overspent by what the other N − 1 take in that
 * time, never by more.
 */
import type { Db } from './db';

const WINDOW_MS = 60_000;
export const FLUSH_MS = 1_000;

interface Count {
  start: number;
  /** The total of every instance as the database last answered it. */
  shared: number;
  /** Taken here since. */
  pending: number;
}

interface Counter {
  counts: Map<string, Count>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

const counters = new WeakMap<Db, Counter>();

function counterOf(db: Db): Counter {
  let counter = counters.get(db);
  if (!counter) {
    counter = { counts: new Map() };
    counters.set(db, counter);
  }
  return counter;
}

/** Adds `n` to the window of `name`; answers the total of every instance. */
async function add(db: Db, name: string, start: number, n: number): Promise<number> {
  const [row] = await db.all(
    `INSERT INTO rate_windows (name, window_start, count) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET
       count = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.count + excluded.count ELSE excluded.count END,
       window_start = excluded.window_start
     RETURNING count`,
    [name, start, n],
  );
  return Number(row?.count);
}

/** Takes one request from the budget `name` of `limit` a minute; over it, the seconds until the window ends. */
export async function take(db: Db, name: string, limit: number, now: number): Promise<number | undefined> {
  const start = now - (now % WINDOW_MS);
  const counter = counterOf(db);
  const count = counter.counts.get(name);
  let total: number;
  if (count?.start === start) {
    count.pending++;
    total = count.shared + count.pending;
    schedule(db, counter);
  } else {
    total = await add(db, name, start, 1);
    const current = counter.counts.get(name);
    // Two first requests at once: the later answer includes the earlier.
    if (current?.start === start) current.shared = Math.max(current.shared, total);
    else counter.counts.set(name, { start, shared: total, pending: 0 });
  }
  return total > limit ? Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) : undefined;
}

/** A flush FLUSH_MS from now, unless one is due; one that fails (the database away) is tried again. */
function schedule(db: Db, counter: Counter) {
  counter.timer ??= setTimeout(() => void flushCounts(db).catch(() => schedule(db, counter)), FLUSH_MS).unref();
}

/** Adds what this instance counted to the database (server.ts also calls it before closing). */
export async function flushCounts(db: Db): Promise<void> {
  const counter = counterOf(db);
  if (counter.timer) clearTimeout(counter.timer);
  counter.timer = undefined;
  await counter.flushing;
  counter.flushing = (async () => {
    const latest = Math.max(0, ...[...counter.counts.values()].map((count) => count.start));
    for (const [name, count] of counter.counts) {
      // A past window is over: nothing of it is needed again.
      if (count.start < latest) {
        counter.counts.delete(name);
        continue;
      }
      if (count.pending === 0) continue;
      const n = count.pending;
      const total = await add(db, name, count.start, n);
      count.pending -= n;
      count.shared = total;
    }
  })();
  try {
    await counter.flushing;
  } finally {
    counter.flushing = undefined;
  }
}

/** Forgets this instance's counts, as a restart does (tests start each with full budgets). */
export function forgetCounts(db: Db): void {
  const counter = counterOf(db);
  if (counter.timer) clearTimeout(counter.timer);
  counters.delete(db);
}

/** Removes windows that have ended (server.ts runs it on a schedule). */
export async function pruneRateWindows(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM rate_windows WHERE window_start < ?', [now - 2 * WINDOW_MS]);
}
