/**
 * PostgreSQL storage (node-postgres), for several server instances behind a load balancer. A lock is
 * a session-level advisory lock held on one pooled connection for the duration of the work, so every
 * instance on the database waits for it.
 */
import pg from 'pg';
import type { Db, Param, Row } from './db';

/** `?` → `$1, $2…`: the SQL is written once, in the subset both databases share. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const BIGINT_OID = 20;

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // BIGINT holds epoch milliseconds here, well inside a double.
    types: {
      getTypeParser: (oid: number, format?: string) => (oid === BIGINT_OID ? Number : pg.types.getTypeParser(oid, format as 'text')),
    } as pg.CustomTypesConfig,
  });
  // An idle connection the server closes is replaced, not a crash.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    all: async (sql: string, params: Param[] = []) => (await pool.query(numbered(sql), params)).rows as Row[],
    run: async (sql: string, params: Param[] = []) => {
      await pool.query(numbered(sql), params);
    },
    async locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
