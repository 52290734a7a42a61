/**
 * Server sessions: a credential of 256 random bits handed to the page once, kept here only as its
 * SHA-256, with the Infobip token it was made from (sealed), the account, user and roles Infobip named,
 * and the admin answer cached for the token's life. A session lives as long as its Infobip token; a
 * refresh through the server extends it.
 */
import type { TokenRecord } from '../../shared/token-record';
import type { Db } from './db';
import { hashCredential, newCredential, SealError, type Sealer } from './seal';
import { SESSION_CREDENTIAL } from '../../shared/wire';

/** Infobip refreshes a token up to five minutes after it expired; the session may ask that long. */
export const REFRESH_GRACE_MS = 5 * 60_000;

export interface SessionRow {
  hash: string;
  accountKey: string;
  userKey: string;
  username: string;
  roles: string[];
  expiresAt: number;
  adminCheckedUntil: number;
  admin: boolean;
}

const SEALED_NAME = 'session-token';

export async function createSession(db: Db, sealer: Sealer, record: TokenRecord): Promise<{ credential: string; session: SessionRow }> {
  const credential = newCredential();
  const hash = await hashCredential(credential);
  const identity = record.identity;
  const session: SessionRow = {
    hash,
    accountKey: identity.accountKey as string,
    userKey: identity.userKey as string,
    username: identity.username,
    roles: identity.roles.map((role) => role.name),
    expiresAt: record.expiresAt,
    adminCheckedUntil: 0,
    admin: false,
  };
  await db.run(
    'INSERT INTO sessions (credential_hash, account_key, user_key, username, roles, sealed_token, expires_at, admin_checked_until, admin) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)',
    [
      hash,
      session.accountKey,
      session.userKey,
      session.username,
      JSON.stringify(session.roles),
      await sealer.seal(record, session.accountKey, `${SEALED_NAME}:${hash}`),
      record.expiresAt,
    ],
  );
  // Expired sessions and old rate windows go when new sessions come: no table grows without bound.
  await db.run('DELETE FROM sessions WHERE expires_at < ?', [record.issuedAt - REFRESH_GRACE_MS]);
  await db.run('DELETE FROM rate_windows WHERE window_start < ?', [record.issuedAt - 120_000]);
  return { credential, session };
}

/** The session of `credential`, if it exists and has not expired (`graceMs` later, for a refresh). */
export async function findSession(db: Db, credential: string, now: number, graceMs = 0): Promise<SessionRow | undefined> {
  if (!SESSION_CREDENTIAL.test(credential)) return undefined;
  const hash = await hashCredential(credential);
  const [row] = await db.all('SELECT * FROM sessions WHERE credential_hash = ?', [hash]);
  if (!row || Number(row.expires_at) + graceMs <= now) return undefined;
  return {
    hash,
    accountKey: String(row.account_key),
    userKey: String(row.user_key),
    username: String(row.username),
    roles: JSON.parse(String(row.roles)) as string[],
    expiresAt: Number(row.expires_at),
    adminCheckedUntil: Number(row.admin_checked_until),
    admin: Number(row.admin) === 1,
  };
}

/** A session whose stored token does not open (its key was dropped, its row edited): the routes answer 401, sign in again. */
export class SessionUnreadable extends Error {
  override name = 'SessionUnreadable';
}

export async function sessionToken(db: Db, sealer: Sealer, session: SessionRow): Promise<TokenRecord> {
  const [row] = await db.all('SELECT sealed_token FROM sessions WHERE credential_hash = ?', [session.hash]);
  if (!row) throw new Error('session vanished');
  try {
    return (await sealer.open(String(row.sealed_token), session.accountKey, `${SEALED_NAME}:${session.hash}`)) as TokenRecord;
  } catch (error) {
    throw error instanceof SealError ? new SessionUnreadable(error.message) : error;
  }
}

/** After a refresh: the new token, the new expiry, and the admin answer asked again for the new token. */
export async function renewSession(db: Db, sealer: Sealer, session: SessionRow, record: TokenRecord): Promise<void> {
  await db.run('UPDATE sessions SET sealed_token = ?, expires_at = ?, admin_checked_until = 0 WHERE credential_hash = ?', [
    await sealer.seal(record, session.accountKey, `${SEALED_NAME}:${session.hash}`),
    record.expiresAt,
    session.hash,
  ]);
}

export async function rememberAdmin(db: Db, session: SessionRow, admin: boolean, until: number): Promise<void> {
  await db.run('UPDATE sessions SET admin = ?, admin_checked_until = ? WHERE credential_hash = ?', [admin ? 1 : 0, until, session.hash]);
}

export async function endSession(db: Db, session: SessionRow): Promise<void> {
  await db.run('DELETE FROM sessions WHERE credential_hash = ?', [session.hash]);
}
