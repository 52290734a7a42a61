/**
 * The app server's middleware, as plain functions of what each needs, and the pieces every route
 * shares: the error answer, the session credential of a request, its JSON body.
 */
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
  status: 400 | 401 | 403 | 404 | 409 | 424 | 429 | 502 | 503,
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

/** The request's JSON body; undefined when it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!/\bjson\b/i.test(c.req.header('content-type') ?? '')) return undefined;
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
    log.info('request', { method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round(performance.now() - started) });
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

/** The session's and then its account's budget; after a session. */
export const rateLimit =
  (db: Db, limits: ServerConfig['rateLimit'], now: () => number): MiddlewareHandler<Env> =>
  async (c, next) => {
    const session = c.get('session');
    const at = now();
    const wait = (await take(db, `session:${session.hash}`, limits.session, at)) ?? (await take(db, `account:${session.accountKey}`, limits.account, at));
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return problem(c, 429, 'RATE_LIMITED', 'Too many requests: try again shortly.');
    }
    return next();
  };

/** After a session: only the account's admins pass; a refusal goes to the account's audit log. */
export const requireAdmin =
  ({ isAdmin, db, now }: Pick<Services, 'isAdmin' | 'db' | 'now'>): MiddlewareHandler<Env> =>
  async (c, next) => {
    const session = c.get('session');
    if (!(await isAdmin(session))) {
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
