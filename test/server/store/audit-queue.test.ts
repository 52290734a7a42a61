/**
 * The audit entries of many actions, written together: every entry arrives whole under its own account,
 * in one transaction of a few statements however many entries wait, on the embedded database and on
 * PostgreSQL (where each statement is a round trip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/shared/wire';
import { flushAudit, queueAudit } from '../../../src/server/store/audit-queue';
import { migrate, type Db } from '../../../src/server/store/db';
import { openPostgres } from '../../../src/server/store/postgres';
import { openSqlite } from '../../../src/server/store/sqlite';
import { startPostgres } from '../postgres';
import { countingDb } from '../support';

const dir = mkdtempSync(join(tmpdir(), 'exchange-card-audit-queue-'));
const postgres = await startPostgres();
const stores: [string, Db][] = [
  ['embedded SQLite', openSqlite(dir)],
  ['PostgreSQL', await openPostgres(postgres.url, { poolMax: 4 })],
];
for (const [, db] of stores) await migrate(db);
afterAll(async () => {
  for (const [, db] of stores) await db.close();
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (i: number): AuditEntry => ({
  at: 1_700_000_000_000 + i,
  kind: 'action',
  username: `agent-${i % 7}`,
  connectionId: 'mico',
  what: 'call-by-uid',
  result: i % 5 === 0 ? 'refused: HTTP 401' : 'ok',
  about: { connectionName: 'Mico', conversationId: `c${i}` },
});

describe.each(stores)('the audit entries of 300 actions, on %s', (_, store) => {
  it('are written whole, each under its account, a few statements of many rows to a transaction', async () => {
    const { db, asked } = countingDb(store);
    for (let i = 0; i < 300; i++) queueAudit(db, i % 2 ? 'account-a' : 'account-b', entry(i));
    await flushAudit(db);
    // A transaction takes up to 200 entries: 200 is 128 + 64 + 8 rows, the other 100 are 64 + 32 + 4.
    expect(asked).toEqual(['batch of 3', 'batch of 3']);
    const rows = await store.all('SELECT account_key, at, username, result, about FROM audit ORDER BY at');
    expect(rows).toHaveLength(300);
    expect(rows.filter((row) => row.account_key === 'account-a')).toHaveLength(150);
    expect(rows[5]).toMatchObject({ account_key: 'account-a', username: 'agent-5', result: 'refused: HTTP 401' });
    expect(JSON.parse(String(rows[299]?.about))).toEqual({ connectionName: 'Mico', conversationId: 'c299' });
  });
});
