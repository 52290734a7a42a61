/**
 * Embedded storage: SQLite in a file under DATA_DIR, through libsql (better-sqlite3's API, with its
 * binary shipped as an npm package, so installing compiles nothing). No service to install; one server
 * process owns it, so a lock within the process is a lock for everyone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { inProcess } from '../../shared/in-process-lock';
import type { Db, Param, Row } from './db';

export function openSqlite(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'exchange-card.sqlite'));
  // WAL: readers never wait for the writer; a crash loses no committed write.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    kind: 'sqlite',
    all: async (sql: string, params: Param[] = []) => db.prepare(sql).all(...params) as Row[],
    run: async (sql: string, params: Param[] = []) => {
      db.prepare(sql).run(...params);
    },
    // One process owns the embedded database, so an in-process queue is the whole lock.
    locked: inProcess,
    batch: async (statements) => {
      db.transaction(() => {
        for (const [sql, params] of statements) db.prepare(sql).run(...params);
      })();
    },
    close: async () => {
      db.close();
    },
  };
}
