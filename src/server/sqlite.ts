/**
 * Embedded storage: SQLite (better-sqlite3) in a file under DATA_DIR. No service to install; one server
 * process owns it, so a lock within the process is a lock for everyone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Param, Row } from './db';

export function openSqlite(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'exchange-card.sqlite'));
  // WAL: readers never wait for the writer; a crash loses no committed write.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const tails = new Map<string, Promise<unknown>>();
  return {
    kind: 'sqlite',
    all: async (sql: string, params: Param[] = []) => db.prepare(sql).all(...params) as Row[],
    run: async (sql: string, params: Param[] = []) => {
      db.prepare(sql).run(...params);
    },
    locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      tails.set(name, settled);
      void settled.then(() => {
        if (tails.get(name) === settled) tails.delete(name);
      });
      return run;
    },
    close: async () => {
      db.close();
    },
  };
}
