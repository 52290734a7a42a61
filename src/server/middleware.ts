/**
 * The app server's middleware, as plain functions of what each needs, and the pieces every route
 * shares: the error answer, the session credential of a request, its JSON body.
 */
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { SESSION_CREDENTIAL, type ErrorAnswer } from '../shared/wire';
import type { ServerConfig } from './config';
import type { Log } from './log';
import type { Services } from './services';
import * as audit from './store/audit';
import type { Db } from './store/db';
import { take } from './store/rate-limit';
import { findSession, type SessionRow } from './store/sessions';

export type Env = { Variables: { session: SessionRow } };

export function problem(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 415 | 424 | 429 | 502 | 503,
  code: string,
  message: string,
  extra: Omit<ErrorAnswer, 'error' | 'message'> = {},
) {
  const answer: ErrorAnswer = { error: code, message, ...extra };
  return c.json(answer, status);
}

/** Bearer credential of the request, if any. */
export function credentialOf(c: Context): string | undefined {
  const credential = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  return credential && SESSION_CREDENTIAL.test(credential) ? credential : undefined;
}

/** `application/json`, with or without parameters (`; charset=utf-8`), and nothing else (not `text/plain; x=json`). */
export const isJsonType = (header: string | undefined) => header?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** The request's JSON body; undefined when it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!isJsonType(c.req.header('content-type'))) return undefined;
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

export const requestLog =
  (log: Log): MiddlewareHandler =>
  async (c, next) => {
    const started = performance.now();
    await next();
    // Path and status only: no header, query or body can carry a secret into the log.
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  };

export const requireSession =
  (db: Db, now: () => number): MiddlewareHandler<Env> =>
  async (c, next) => {
    const credential = credentialOf(c);
    const session = credential ? await findSession(db, credential, now()) : undefined;
    if (!session) return problem(c, 401, 'UNAUTHORIZED', 'The session is unknown or has expired: sign in again.');
    c.set('session', session);
    return next();
  };

/** Takes one from each budget in turn; the first one spent is a 429 with the seconds until it refills. */
async function overBudget(c: Context, db: Db, budgets: [name: string, limit: number][], now: number): Promise<Response | undefined> {
  for (const [name, limit] of budgets) {
    const wait = await take(db, name, limit, now);
    if (wait === undefined) continue;
    c.header('Retry-After', String(wait));
    return problem(c, 429, 'RATE_LIMITED', 'Too many requests: try again shortly.');
  }
  return undefined;
}

/**
 * After a session. Budgets count per person, however many sign-ins they have: `agent` endpoints the
 * user's; `action`s (which call a connection) also the account's; `admin` endpoints a budget of the
 * admin's own, so agents spending the account's never lock an admin out of fixing a connection.
 */
export const rateLimit =
  (db: Db, limits: ServerConfig['rateLimit'], now: () => number, kind: 'agent' | 'action' | 'admin'): MiddlewareHandler<Env> =>
  async (c, next) => {
    const { accountKey, userKey } = c.get('session');
    const user = `${accountKey}:${userKey}`;
    const budgets: [string, number][] =
      kind === 'admin'
        ? [[`admin:${user}`, limits.admin]]
        : [[`user:${user}`, limits.user], ...(kind === 'action' ? [[`account:${accountKey}`, limits.account] as [string, number]] : [])];
    return (await overBudget(c, db, budgets, now())) ?? next();
  };

/**
 * After a session: only the account's admins pass (`fresh`: asked again of Infobip, before a change); a
 * refusal goes to the account's audit log.
 */
export const requireAdmin =
  ({ isAdmin, db, now }: Pick<Services, 'isAdmin' | 'db' | 'now'>, fresh = false): MiddlewareHandler<Env> =>
  async (c, next) => {
    const session = c.get('session');
    if (!(await isAdmin(session, fresh))) {
      const what = `${c.req.method} ${new URL(c.req.url).pathname}`;
      await audit.record(db, session.accountKey, {
        at: now(),
        kind: 'refusal',
        username: session.username,
        connectionId: c.req.param('id') ?? '',
        what,
        result: 'refused: not an admin',
      });
      return problem(c, 403, 'FORBIDDEN', "Only the account's admins may change its connections.");
    }
    return next();
  };

/** The address the request came from: the socket's, or with TRUST_PROXY the last X-Forwarded-For entry (the one our proxy added). */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  if (forwarded && isIP(forwarded)) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by Node's HTTP server (app.fetch called directly): one budget for all such callers.
    return 'unknown';
  }
}

/**
 * Before the sign-in exchange and the refresh, which reach Infobip: only the app's own pages (an Origin
 * in APP_ORIGINS) with a JSON body (not a form or text/plain, which any site can make a browser send
 * without asking), within the budget of the client's address and the server's total.
 */
export const signInGate =
  (db: Db, config: ServerConfig, now: () => number): MiddlewareHandler<Env> =>
  async (c, next) => {
    const budgets: [string, number][] = [
      [`address:${clientAddress(c, config.trustProxy)}`, config.rateLimit.address],
      ['sign-in', config.rateLimit.signIn],
    ];
    const limited = await overBudget(c, db, budgets, now());
    if (limited) return limited;
    const origin = c.req.header('origin');
    if (!origin || !config.appOrigins.includes(origin))
      return problem(c, 403, 'FORBIDDEN', "Sign-in is accepted only from the app's own pages: an origin in APP_ORIGINS.");
    if (!isJsonType(c.req.header('content-type'))) return problem(c, 415, 'BAD_REQUEST', 'Send the request as Content-Type: application/json.');
    return next();
  };
