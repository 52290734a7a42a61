/**
 * PostgreSQL storage (node-postgres), for several server instances behind a load balancer. Every wait
 * has a deadline: a free connection from the pool, a lock, a statement. Running out of any is an error
 * (the app answers 503), never a request that hangs.
 *
 * A lock is a session-level advisory lock held on a connection of its own small pool, never of the
 * pool the work inside it queries: work that holds the lock and needs a connection for its queries can
 * then always get one, however many requests wait for the lock.
 */
import pg from 'pg';
import type { Db, Param, Row } from './db';

/** `?` → `$1, $2…`: the SQL is written once, in the subset both databases share. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const BIGINT_OID = 20;

/** Longest wait for a free connection of the pool. */
export const CHECKOUT_TIMEOUT_MS = 3_000;
/** Longest a statement runs, and longest it waits for a lock (advisory locks included). */
const STATEMENT_TIMEOUT_MS = 5_000;
/** Client-side bound of a query, for a server that stopped answering without closing the connection. */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 1_000;
/** Connections that hold a lock; more waiters wait for one of them (up to the checkout timeout). */
const LOCK_POOL_MAX = 2;
/** The channel instances tell each other of changes on (db.ts `notify`). */
const CHANNEL = 'exchange_card_changes';
/** Pause before listening again after the listening connection was lost. */
const RELISTEN_MS = 1_000;

export interface PostgresOptions {
  /** Connections of the query pool (DATABASE_POOL_MAX). */
  poolMax: number;
}

function pool(url: string, max: number): pg.Pool {
  const created = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CHECKOUT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    // BIGINT holds epoch milliseconds here, well inside a double.
    types: {
      getTypeParser: (oid: number, format?: string) => (oid === BIGINT_OID ? Number : pg.types.getTypeParser(oid, format as 'text')),
    } as pg.CustomTypesConfig,
  });
  // An idle connection the server closes is replaced, not a crash.
  created.on('error', () => undefined);
  return created;
}

export async function openPostgres(url: string, options: PostgresOptions = { poolMax: 10 }): Promise<Db> {
  const queries = pool(url, options.poolMax);
  const locks = pool(url, LOCK_POOL_MAX);
  try {
    await queries.query('SELECT 1');
  } catch (error) {
    await Promise.all([queries.end(), locks.end()]);
    throw error;
  }
  const listeners = new Set<(message: string) => void>();
  const tell = (message: string) => {
    for (const fn of listeners) fn(message);
  };
  let listening: pg.Client | undefined;
  let closed = false;
  // One connection of its own, outside both pools, hears what the other instances change. Lost, it is
  // made again; what was said meanwhile is unknown, so everything remembered is forgotten ('*').
  const listen = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CHECKOUT_TIMEOUT_MS });
    client.on('notification', (notice) => tell(notice.payload ?? '*'));
    client.on('error', () => undefined);
    client.on('end', () => {
      if (listening === client) listening = undefined;
      tell('*');
      if (!closed) setTimeout(() => void listen().catch(() => undefined), RELISTEN_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (closed) await client.end();
    else listening = client;
  };
  try {
    await listen();
  } catch (error) {
    await Promise.all([queries.end(), locks.end()]);
    throw error;
  }
  return {
    kind: 'postgres',
    all: async (sql: string, params: Param[] = []) => (await queries.query(numbered(sql), params)).rows as Row[],
    run: async (sql: string, params: Param[] = []) => {
      await queries.query(numbered(sql), params);
    },
    async locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const client = await locks.connect();
      let healthy = true;
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await fn();
        } finally {
          // A connection whose unlock failed may still hold the lock: closed, not returned to the pool.
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {
            healthy = false;
          });
        }
      } finally {
        client.release(!healthy);
      }
    },
    async batch(statements) {
      const client = await queries.connect();
      let healthy = true;
      try {
        await client.query('BEGIN');
        for (const [sql, params] of statements) await client.query(numbered(sql), params);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          healthy = false;
        });
        throw error;
      } finally {
        client.release(!healthy);
      }
    },
    notify: async (message: string) => {
      await queries.query('SELECT pg_notify($1, $2)', [CHANNEL, message]);
    },
    listen: (fn) => {
      listeners.add(fn);
    },
    close: async () => {
      closed = true;
      await Promise.all([queries.end(), locks.end(), listening?.end()]);
    },
  };
}
