/**
 * Server sessions. The page holds a credential of 256 random bits; the server keeps only its SHA-256,
 * with the Infobip token the session was made from (sealed, bound to the account and the session), the
 * account, user and roles Infobip named, and the admin answer, asked again every few minutes.
 *
 * A session lives as long as its Infobip token, and never longer than SESSION_MAX_HOURS from sign-in.
 * Every refresh replaces the credential. The replaced ones are kept, hashed, as long as their session
 * could exist: one presented again after a few seconds is in a second pair of hands (a copy, or the
 * owner racing whoever took it), so the session ends, as refresh-token rotation does.
 */
import { randomUUID } from 'node:crypto';
import type { TokenRecord } from '../../shared/token-record';
import { SESSION_CREDENTIAL } from '../../shared/wire';
import type { Db, Row } from './db';
import { recent } from './recent';
import { hashCredential, newCredential, SealError, type Sealer } from './seal';

/** Infobip refreshes a token up to five minutes after it expired; the session may ask that long. */
export const REFRESH_GRACE_MS = 5 * 60_000;
/**
 * A request sent with the credential a refresh has just replaced (another card of the same browser, a
 * call in flight) is still served this long; later it is reuse. The page reads the newest credential
 * before each call, so its own calls land inside it.
 */
export const ROTATION_GRACE_MS = 5_000;
/** An admin answer is asked of Infobip again after this, and before every change to a connection. */
export const ADMIN_CHECK_MS = 5 * 60_000;

export interface SessionRow {
  /** Never leaves the server: the key its replaced credentials and its sealed token are bound to. */
  id: string;
  /** SHA-256 of the current credential. */
  hash: string;
  accountKey: string;
  userKey: string;
  username: string;
  roles: string[];
  /** When the Infobip token expires, held to endsAt. */
  expiresAt: number;
  /** SESSION_MAX_HOURS after sign-in: no refresh extends it. */
  endsAt: number;
  adminCheckedUntil: number;
  admin: boolean;
}

/** A credential as presented: its session, and when the credential was replaced if it was. */
export interface Presented {
  session: SessionRow;
  replacedAt?: number;
}

const sealedName = (session: { id: string }) => `session-token:${session.id}`;

/** Sessions this instance read a moment ago, by their current credential's hash (recent.ts). */
const remembered = (db: Db) => recent<SessionRow>(db, 'sessions');
const topicOf = (session: { id: string }) => `session:${session.id}`;

function sessionOf(row: Row): SessionRow {
  return {
    id: String(row.id),
    hash: String(row.credential_hash),
    accountKey: String(row.account_key),
    userKey: String(row.user_key),
    username: String(row.username),
    roles: JSON.parse(String(row.roles)) as string[],
    expiresAt: Number(row.expires_at),
    endsAt: Number(row.ends_at),
    adminCheckedUntil: Number(row.admin_checked_until),
    admin: Number(row.admin) === 1,
  };
}

export async function createSession(db: Db, sealer: Sealer, record: TokenRecord, maxMs: number): Promise<{ credential: string; session: SessionRow }> {
  const credential = newCredential();
  const identity = record.identity;
  const endsAt = record.issuedAt + maxMs;
  const session: SessionRow = {
    id: randomUUID(),
    hash: await hashCredential(credential),
    accountKey: identity.accountKey as string,
    userKey: identity.userKey as string,
    username: identity.username,
    roles: identity.roles.map((role) => role.name),
    expiresAt: Math.min(record.expiresAt, endsAt),
    endsAt,
    adminCheckedUntil: 0,
    admin: false,
  };
  await db.run(
    `INSERT INTO sessions (id, credential_hash, account_key, user_key, username, roles, sealed_token, expires_at, ends_at, admin_checked_until, admin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
    [
      session.id,
      session.hash,
      session.accountKey,
      session.userKey,
      session.username,
      JSON.stringify(session.roles),
      await sealer.seal(record, session.accountKey, sealedName(session)),
      session.expiresAt,
      session.endsAt,
    ],
  );
  return { credential, session };
}

/** The session `credential` belongs to, whether it is the current credential or a replaced one. */
export async function presented(db: Db, credential: string): Promise<Presented | undefined> {
  if (!SESSION_CREDENTIAL.test(credential)) return undefined;
  const hash = await hashCredential(credential);
  const [current] = await db.all('SELECT * FROM sessions WHERE credential_hash = ?', [hash]);
  if (current) return { session: sessionOf(current) };
  const [replaced] = await db.all(
    'SELECT s.*, r.rotated_at AS replaced_at FROM rotated_credentials r JOIN sessions s ON s.id = r.session_id WHERE r.credential_hash = ?',
    [hash],
  );
  return replaced ? { session: sessionOf(replaced), replacedAt: Number(replaced.replaced_at) } : undefined;
}

/** Whether the session may still be used at `now` (`graceMs` after its token's expiry, for a refresh). */
export const isLive = (session: SessionRow, now: number, graceMs = 0) => session.expiresAt + graceMs > now && session.endsAt > now;

/**
 * The live session of a request's credential. A replaced credential is served for a few seconds after
 * its replacement; presented later, it ends the session.
 */
export async function findSession(db: Db, credential: string, now: number): Promise<SessionRow | undefined> {
  if (!SESSION_CREDENTIAL.test(credential)) return undefined;
  const memory = remembered(db);
  const hash = await hashCredential(credential);
  const kept = memory.get(hash);
  if (kept) return isLive(kept, now) ? kept : undefined;
  const found = await presented(db, credential);
  if (!found) return undefined;
  if (found.replacedAt !== undefined && found.replacedAt + ROTATION_GRACE_MS <= now) {
    await endSession(db, found.session);
    return undefined;
  }
  if (!isLive(found.session, now)) return undefined;
  // Only a current credential is remembered: a replaced one is looked up each time, to see its grace end.
  if (found.replacedAt === undefined) memory.set(hash, topicOf(found.session), found.session);
  return found.session;
}

/** A session whose stored token does not open (its key was dropped, its row edited): the routes answer 401, sign in again. */
export class SessionUnreadable extends Error {
  override name = 'SessionUnreadable';
}

export async function sessionToken(db: Db, sealer: Sealer, session: SessionRow): Promise<TokenRecord> {
  const [row] = await db.all('SELECT sealed_token FROM sessions WHERE id = ?', [session.id]);
  if (!row) throw new Error('session vanished');
  try {
    return (await sealer.open(String(row.sealed_token), session.accountKey, sealedName(session))) as TokenRecord;
  } catch (error) {
    throw error instanceof SealError ? new SessionUnreadable(error.message) : error;
  }
}

/**
 * After a refresh: a new credential, the new token, who Infobip now says the user is (their roles
 * may have changed), the new expiry (held to the session's end), and admin to be asked again.
 */
export async function rotateSession(
  db: Db,
  sealer: Sealer,
  session: SessionRow,
  record: TokenRecord,
  now: number,
): Promise<{ credential: string; session: SessionRow }> {
  const credential = newCredential();
  const next: SessionRow = {
    ...session,
    hash: await hashCredential(credential),
    username: record.identity.username,
    roles: record.identity.roles.map((role) => role.name),
    expiresAt: Math.min(record.expiresAt, session.endsAt),
    adminCheckedUntil: 0,
    admin: false,
  };
  await db.run(
    'UPDATE sessions SET credential_hash = ?, sealed_token = ?, username = ?, roles = ?, expires_at = ?, admin_checked_until = 0, admin = 0 WHERE id = ?',
    [next.hash, await sealer.seal(record, session.accountKey, sealedName(session)), next.username, JSON.stringify(next.roles), next.expiresAt, session.id],
  );
  await db.run('INSERT INTO rotated_credentials (credential_hash, session_id, rotated_at, forget_at) VALUES (?, ?, ?, ?)', [
    session.hash,
    session.id,
    now,
    session.endsAt + REFRESH_GRACE_MS,
  ]);
  await remembered(db).forget(topicOf(session));
  return { credential, session: next };
}

export async function rememberAdmin(db: Db, session: SessionRow, admin: boolean, until: number): Promise<void> {
  await db.run('UPDATE sessions SET admin = ?, admin_checked_until = ? WHERE id = ?', [admin ? 1 : 0, until, session.id]);
  await remembered(db).forget(topicOf(session));
}

/**
 * Ends the session: its current and every replaced credential are refused from now on — on this
 * instance at once, on the others as they hear of it (within RECENT_MS) — and its token is gone.
 */
export async function endSession(db: Db, session: SessionRow): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id = ?', [session.id]);
  await db.run('DELETE FROM rotated_credentials WHERE session_id = ?', [session.id]);
  await remembered(db).forget(topicOf(session));
}

/**
 * Removes what has ended: sessions past their end (or their token's expiry and the refresh grace) and
 * replaced credentials past their forget time. Run on a schedule (server.ts), so the tables hold only
 * what may still be presented.
 */
export async function pruneSessions(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE expires_at < ? OR ends_at < ?', [now - REFRESH_GRACE_MS, now]);
  await db.run('DELETE FROM rotated_credentials WHERE forget_at < ?', [now]);
}
