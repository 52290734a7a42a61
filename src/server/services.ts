/**
 * What the routes use, built once from the app's dependencies: the clock, Infobip, the account's
 * connections, the admin check, and what a connection's sign-in method needs for an account.
 */
import type { ServerConfig } from './config';
import { actionCache, type ActionCache } from './action-cache';
import { canReadAppConfig, type InfobipDeps } from './infobip';
import type { Log } from './log';
import { credentialMemory } from './providers/credential-cache';
import type { OutboundPolicy } from './outbound';
import type { ConnectionDeps } from './providers/sign-in-method';
import type { ConnectionKind } from '../shared/connection';
import { connectionStore, type ConnectionStore } from './store/connections';
import { accountLock, credentialStore } from './store/credentials';
import type { Db } from './store/db';
import { leaseLock } from './store/leases';
import type { Sealer } from './store/seal';
import { ADMIN_CHECK_MS, rememberAdmin, sessionToken, type SessionRow } from './store/sessions';

export interface AppDeps {
  config: ServerConfig;
  db: Db;
  sealer: Sealer;
  log: Log;
  now?: () => number;
  /** How the server reaches Infobip (operator-configured URLs). */
  fetch?: typeof fetch;
  /** How connections reach their servers: the one policy of every request for a connection. */
  outbound: OutboundPolicy;
  /** Retry pause of connection requests (tests: none). */
  sleep?: (ms: number) => Promise<void>;
}

export interface Services {
  config: ServerConfig;
  db: Db;
  sealer: Sealer;
  log: Log;
  now: () => number;
  infobip: InfobipDeps;
  connections: ConnectionStore;
  /** Answers of actions that run when the card opens, kept by this instance for their cacheSeconds. */
  actionCache: ActionCache;
  outbound: OutboundPolicy;
  /**
   * Whether the session's user is an admin of its account, asked of Infobip with the session's token
   * (which must still be accepted, also for ADMIN_ROLES holders) and remembered a few minutes; `fresh`:
   * asked now, before a change.
   */
  isAdmin(session: SessionRow, fresh?: boolean): Promise<boolean>;
  /** What a connection's sign-in method needs, for one account's connection of `kind`. */
  connectionDeps(account: string, kind: ConnectionKind): ConnectionDeps;
}

export function services(deps: AppDeps): Services {
  const { config, db, sealer } = deps;
  const now = deps.now ?? Date.now;
  const infobip: InfobipDeps = { config, now, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const deadlineMs = config.connectionDeadlineMs;
  // A renewal ends within the deadline; its lease outlasts it by the time its database writes may take.
  const renewalLock = leaseLock(db, { ttlMs: deadlineMs + 5_000, waitMs: deadlineMs });
  const remembered = credentialMemory();
  return {
    config,
    db,
    sealer,
    log: deps.log,
    now,
    infobip,
    connections: connectionStore(db, sealer, (message, fields) => deps.log.error(message, fields)),
    actionCache: actionCache(db, now),
    outbound: deps.outbound,
    async isAdmin(session, fresh = false) {
      if (!fresh && session.adminCheckedUntil > now()) return session.admin;
      const answer = await canReadAppConfig(infobip, await sessionToken(db, sealer, session));
      // The portal could not say: no admin for now, and nothing remembered.
      if (answer === undefined) return false;
      const admin = answer === true || (answer === false && session.roles.some((role) => config.adminRoles.includes(role)));
      await rememberAdmin(db, session, admin, Math.min(now() + ADMIN_CHECK_MS, session.expiresAt));
      return admin;
    },
    connectionDeps: (account, kind) => ({
      store: credentialStore(db, sealer, account),
      withLock: accountLock(renewalLock, account),
      remember: remembered(account),
      deadlineMs,
      now,
      fetch: deps.outbound.fetchFor(kind),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    }),
  };
}
