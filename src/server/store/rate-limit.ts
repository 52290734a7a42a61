/**
 * Requests per minute, counted in the database so every instance shares the count: a fixed window per
 * name (`session:<hash>`, `account:<key>`). Over the limit: the seconds until the window ends.
 */
import type { Db } from './db';

const WINDOW_MS = 60_000;

export async function take(db: Db, name: string, limit: number, now: number): Promise<number | undefined> {
  const start = now - (now % WINDOW_MS);
  const [row] = await db.all(
    `INSERT INTO rate_windows (name, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (name) DO UPDATE SET
       count = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.count + 1 ELSE 1 END,
       window_start = excluded.window_start
     RETURNING count`,
    [name, start],
  );
  return Number(row?.count) > limit ? Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) : undefined;
}
