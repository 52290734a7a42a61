/**
 * Storage behind one small interface: SQL with `?` placeholders, written in the subset SQLite and
 * PostgreSQL share (TEXT, BIGINT, ON CONFLICT … DO UPDATE, RETURNING), so one schema and one set of
 * migrations serve both. `locked` is mutual exclusion across every server instance on the database, for
 * short work on the database only; what waits on the network (a token renewal) takes a lease (leases.ts).
 */
export type Row = Record<string, unknown>;
export type Param = string | number | null;

export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, params?: Param[]): Promise<Row[]>;
  run(sql: string, params?: Param[]): Promise<void>;
  /**
   * Runs `fn` while no other caller, in this process or another instance, holds the lock `name`.
   * `fn` may query the database but never wait on the network: the lock may hold a database connection.
   */
  locked<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Runs the statements as one transaction: one commit for all (a batch of audit entries). */
  batch(statements: [sql: string, params: Param[]][]): Promise<void>;
  /**
   * What every instance on the database is told when something it may remember changes (a session
   * ended, a connection saved): `notify` tells all, `listen` hears it ('*': messages may have been
   * missed, forget everything). Absent where one process owns the database (SQLite).
   */
  notify?(message: string): Promise<void>;
  listen?(fn: (message: string) => void): void;
  close(): Promise<void>;
}

/** The schema, in order; each runs once, recorded in schema_migrations. Never edit one that has shipped: add another. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     credential_hash TEXT PRIMARY KEY,
     account_key TEXT NOT NULL,
     user_key TEXT NOT NULL,
     username TEXT NOT NULL,
     roles TEXT NOT NULL,
     sealed_token TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     admin_checked_until BIGINT NOT NULL,
     admin INTEGER NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE connections (
     account_key TEXT NOT NULL,
     id TEXT NOT NULL,
     kind TEXT NOT NULL,
     settings TEXT NOT NULL,
     sealed_secrets TEXT NOT NULL,
     position BIGINT NOT NULL,
     last_status TEXT,
     PRIMARY KEY (account_key, id)
   );
   CREATE TABLE credentials (
     account_key TEXT NOT NULL,
     name TEXT NOT NULL,
     sealed_value TEXT NOT NULL,
     PRIMARY KEY (account_key, name)
   );
   CREATE TABLE audit (
     account_key TEXT NOT NULL,
     at BIGINT NOT NULL,
     username TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     what TEXT NOT NULL,
     result TEXT NOT NULL
   );
   CREATE INDEX audit_latest ON audit (account_key, at);
   CREATE TABLE rate_windows (
     name TEXT PRIMARY KEY,
     window_start BIGINT NOT NULL,
     count BIGINT NOT NULL
   )`,
  // Sessions with rotating credentials and an end: each refresh issues a new credential, the old ones
  // are kept (hashed) to detect their reuse, and no session outlives SESSION_MAX_HOURS. Sessions made
  // before this had neither and the old default lifetime: they end, and their agents sign in again.
  `DROP TABLE sessions;
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     credential_hash TEXT NOT NULL UNIQUE,
     account_key TEXT NOT NULL,
     user_key TEXT NOT NULL,
     username TEXT NOT NULL,
     roles TEXT NOT NULL,
     sealed_token TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     ends_at BIGINT NOT NULL,
     admin_checked_until BIGINT NOT NULL,
     admin INTEGER NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE rotated_credentials (
     credential_hash TEXT PRIMARY KEY,
     session_id TEXT NOT NULL,
     rotated_at BIGINT NOT NULL,
     forget_at BIGINT NOT NULL
   );
   CREATE INDEX rotated_credentials_session ON rotated_credentials (session_id);
   CREATE INDEX rotated_credentials_forget ON rotated_credentials (forget_at)`,
  // Who renews a connection's credential, until when: others wait on the row, not on a database connection.
  `CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   )`,
  // The audit log's kinds (filtered apart), a change's old and new values, and an id that orders entries of the same millisecond for paging.
  `ALTER TABLE audit ADD COLUMN kind TEXT NOT NULL DEFAULT 'action';
   UPDATE audit SET kind = 'change' WHERE what IN ('created', 'updated', 'removed');
   ALTER TABLE audit ADD COLUMN changes TEXT;
   ALTER TABLE audit ADD COLUMN entry_id TEXT NOT NULL DEFAULT '';
   CREATE INDEX audit_by_kind ON audit (account_key, kind, at);
   CREATE INDEX audit_age ON audit (at)`,
  // A connection's actions as an admin defined them (NULL: the presets, which follow its settings), and
  // what an audit entry is about by name as it was then (the connection, the action, the conversation).
  `ALTER TABLE connections ADD COLUMN actions TEXT;
   ALTER TABLE audit ADD COLUMN about TEXT`,
];

/** Applies the migrations not yet applied, under a lock so two instances starting together apply each once. */
export async function migrate(db: Db): Promise<void> {
  await db.locked('migrations', async () => {
    await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const done = new Set((await db.all('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (done.has(index + 1)) continue;
      for (const statement of sql.split(/;\s*\n/)) await db.run(statement);
      await db.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [index + 1, Date.now()]);
    }
  });
}
