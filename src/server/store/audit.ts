/**
 * The account's audit log: admins' changes (with old and new values, secrets only as "changed"),
 * actions, refused admin requests, sign-ins and sign-outs — who, when, which connection and the result,
 * and what it was about by name as it was then (the connection, the action, the conversation).
 * Read a page at a time, newest first, one kind at a time if asked; entries older than the retention go.
 */
import type { AuditAnswer, AuditEntry, AuditKind } from '../../shared/wire';
import type { Db, Param } from './db';

const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

const columns = (account: string, entry: AuditEntry): Param[] => [
  account,
  entry.at,
  entry.kind,
  entry.username,
  entry.connectionId,
  entry.what.slice(0, 200),
  entry.result.slice(0, 200),
  entry.changes ? JSON.stringify(entry.changes) : null,
  entry.about ? JSON.stringify(entry.about) : null,
  crypto.randomUUID(),
];

export async function record(db: Db, account: string, entry: AuditEntry): Promise<void> {
  await recordAll(db, [[account, entry]]);
}

/**
 * Entries written a few rows to a statement: in runs of 128, 64, … 1 rows, so a batch of any size is
 * at most eight statements of eight shapes (each prepared once), where a statement per entry was a
 * database round trip per action.
 */
export async function recordAll(db: Db, entries: readonly [account: string, entry: AuditEntry][]): Promise<void> {
  let at = 0;
  for (let size = 128; size >= 1; size /= 2) {
    for (; entries.length - at >= size; at += size) {
      const rows = entries.slice(at, at + size);
      await db.run(
        `INSERT INTO audit (account_key, at, kind, username, connection_id, what, result, changes, about, entry_id) VALUES ${rows.map(() => ROW).join(', ')}`,
        rows.flatMap(([account, entry]) => columns(account, entry)),
      );
    }
  }
}

/** Where a page ends: the last entry's time and id. */
const CURSOR = /^(\d{1,15})\.([0-9a-f-]{0,36})$/;

export const isCursor = (value: string) => CURSOR.test(value);

export interface PageQuery {
  kind?: AuditKind;
  /** A `next` of an earlier page: only entries older than its last. */
  before?: string;
  limit?: number;
}

export async function page(db: Db, account: string, query: PageQuery = {}): Promise<AuditAnswer> {
  const limit = query.limit ?? 50;
  const where = ['account_key = ?'];
  const params: Param[] = [account];
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  const cursor = query.before === undefined ? undefined : CURSOR.exec(query.before);
  if (cursor) {
    const at = Number(cursor[1]);
    where.push('(at < ? OR (at = ? AND entry_id < ?))');
    params.push(at, at, cursor[2] as string);
  }
  const rows = await db.all(
    `SELECT at, kind, username, connection_id, what, result, changes, about, entry_id FROM audit WHERE ${where.join(' AND ')} ORDER BY at DESC, entry_id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const entries = rows.slice(0, limit).map(
    (row): AuditEntry => ({
      at: Number(row.at),
      kind: String(row.kind) as AuditKind,
      username: String(row.username),
      connectionId: String(row.connection_id),
      what: String(row.what),
      result: String(row.result),
      ...(row.changes ? { changes: JSON.parse(String(row.changes)) } : {}),
      ...(row.about ? { about: JSON.parse(String(row.about)) } : {}),
    }),
  );
  const last = rows[limit - 1];
  return rows.length > limit && last ? { entries, next: `${Number(last.at)}.${String(last.entry_id)}` } : { entries };
}

/** Deletes every account's entries older than `before` (epoch ms). */
export async function prune(db: Db, before: number): Promise<void> {
  await db.run('DELETE FROM audit WHERE at < ?', [before]);
}
