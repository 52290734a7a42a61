/** The account's audit log: every change an admin makes and every action, with who, when, which connection and the result. */
import type { AuditEntry } from '../../shared/wire';
import type { Db } from './db';

export async function record(db: Db, account: string, entry: AuditEntry): Promise<void> {
  await db.run('INSERT INTO audit (account_key, at, username, connection_id, what, result) VALUES (?, ?, ?, ?, ?, ?)', [
    account,
    entry.at,
    entry.username,
    entry.connectionId,
    entry.what,
    entry.result.slice(0, 200),
  ]);
}

export async function latest(db: Db, account: string, limit = 50): Promise<AuditEntry[]> {
  const rows = await db.all('SELECT at, username, connection_id, what, result FROM audit WHERE account_key = ? ORDER BY at DESC LIMIT ?', [account, limit]);
  return rows.map((row) => ({
    at: Number(row.at),
    username: String(row.username),
    connectionId: String(row.connection_id),
    what: String(row.what),
    result: String(row.result),
  }));
}
