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

/** A bound on the statements kept prepared, should a caller ever build its SQL from its data. */
const MAX_PREPARED = 200;

export function openSqlite(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'exchange-card.sqlite'));
  // WAL: readers never wait for the writer; a crash loses no committed write.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Preparing costs as much as running a short statement; the server's statements are few and fixed.
  const prepared = new Map<string, Database.Statement<Param[]>>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (!found) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      found = db.prepare<Param[]>(sql);
      prepared.set(sql, found);
    }
    return found;
  };
  return {
    kind: 'sqlite',
    all: async (sql: string, params: Param[] = []) => statement(sql).all(...params) as Row[],
    run: async (sql: string, params: Param[] = []) => {
      statement(sql).run(...params);
    },
    // One process owns the embedded database, so an in-process queue is the whole lock.
    locked: inProcess,
    batch: async (statements) => {
      db.transaction(() => {
        for (const [sql, params] of statements) statement(sql).run(...params);
      })();
    },
    close: async () => {
      db.close();
    },
  };
}
