/**
 * The app server's HTTP surface: one Hono app, Web-standard Request/Response, middleware as plain
 * functions. Every route but /healthz and /auth/token needs a session; every answer about an account
 * comes from the session's account, never from the request.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { ApiError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import type { Draft } from '../shared/connection-fields';
import { actionInput, limitedFetch, perform } from './actions';
import * as audit from './store/audit';
import type { ServerConfig } from './config';
import { SESSION_CREDENTIAL, type LastStatus } from '../shared/wire';
import { connectionStore, draftFrom } from './store/connections';
import { accountLock, credentialStore } from './store/credentials';
import type { Db } from './store/db';
import { canReadAppConfig, exchangeCode, refreshToken, UpstreamError, type InfobipAnswer } from './infobip';
import type { Log } from './log';
import { take } from './store/rate-limit';
import type { Sealer } from './store/seal';
import { createSession, endSession, findSession, REFRESH_GRACE_MS, rememberAdmin, renewSession, sessionToken, type SessionRow } from './store/sessions';

export interface AppDeps {
  config: ServerConfig;
  db: Db;
  sealer: Sealer;
  log: Log;
  now?: () => number;
  /** How the server reaches Infobip and the connections (tests: the sandbox's). */
  fetch?: typeof fetch;
  /** Retry pause of connection requests (tests: none). */
  sleep?: (ms: number) => Promise<void>;
}

type Env = { Variables: { session: SessionRow } };

const ID = /^[\w.-]{1,64}$/;

function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 429 | 502 | 503, code: string, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ error: code, message, ...extra }, status);
}

/** Bearer credential of the request, if any. */
function credentialOf(c: Context): string | undefined {
  const credential = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  return credential && SESSION_CREDENTIAL.test(credential) ? credential : undefined;
}

async function jsonBody(c: Context): Promise<unknown> {
  if (!/\bjson\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** What a refused or failed call to a connection becomes: the error's code and words, never a secret (the sign-in methods never put one in). */
function upstreamFailure(error: unknown): { code: string; message: string; detail?: string; upstreamStatus?: number; retryable: boolean } {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.status === undefined ? {} : { upstreamStatus: error.status }),
      retryable: error.retryable,
    };
  }
  return { code: 'SERVER', message: 'The connection could not be used.', retryable: true };
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { config, db, sealer, log } = deps;
  const now = deps.now ?? Date.now;
  const infobip = { config, now, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const connections = connectionStore(db, sealer);
  const app = new Hono<Env>();

  const requestLog: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    // Path and status only: no header, query or body can carry a secret into the log.
    log.info('request', { method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round(performance.now() - started) });
  };

  const requireSession: MiddlewareHandler<Env> = async (c, next) => {
    const credential = credentialOf(c);
    const session = credential ? await findSession(db, credential, now()) : undefined;
    if (!session) return problem(c, 401, 'UNAUTHORIZED', 'The session is unknown or has expired: sign in again.');
    c.set('session', session);
    return next();
  };

  const rateLimit: MiddlewareHandler<Env> = async (c, next) => {
    const session = c.get('session');
    const at = now();
    const wait =
      (await take(db, `session:${session.hash}`, config.rateLimit.session, at)) ??
      (await take(db, `account:${session.accountKey}`, config.rateLimit.account, at));
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return problem(c, 429, 'RATE_LIMITED', 'Too many requests: try again shortly.');
    }
    return next();
  };

  const isAdmin = async (session: SessionRow): Promise<boolean> => {
    if (session.adminCheckedUntil > now()) return session.admin;
    if (session.roles.some((role) => config.adminRoles.includes(role))) {
      await rememberAdmin(db, session, true, session.expiresAt);
      return true;
    }
    const answer = await canReadAppConfig(infobip, await sessionToken(db, sealer, session));
    if (answer !== undefined) await rememberAdmin(db, session, answer, session.expiresAt);
    return answer ?? false;
  };

  const requireAdmin: MiddlewareHandler<Env> = async (c, next) => {
    if (!(await isAdmin(c.get('session')))) return problem(c, 403, 'FORBIDDEN', "Only the account's admins may change its connections.");
    return next();
  };

  /** The answer the page gets for a sign-in or refresh: Infobip's, as it came, plus the server's credential. */
  const signedIn = (c: Context, answer: InfobipAnswer, credential: string, expiresAt: number) =>
    c.json({ infobip: answer.raw, session: { credential, expiresAt } });

  const signInFailure = (c: Context, error: unknown) => {
    if (error instanceof UpstreamError) {
      const status = error.status >= 500 ? 502 : error.status === 401 ? 401 : 400;
      return c.json(typeof error.body === 'object' && error.body !== null ? error.body : { error: 'upstream' }, status);
    }
    if (error instanceof AuthError) return problem(c, 502, error.code, error.message);
    log.error('sign-in failed', { error: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : undefined });
    return problem(c, 503, 'NETWORK', 'Infobip could not be reached.');
  };

  app.use('*', requestLog);
  app.use(
    '*',
    cors({
      origin: config.appOrigins,
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => problem(c, 400, 'BAD_REQUEST', 'The request body is too large.') }));

  app.get('/healthz', async (c) => {
    try {
      await db.all('SELECT 1');
      return c.json({ ok: true });
    } catch {
      return problem(c, 503, 'SERVER', 'The database cannot be reached.');
    }
  });

  app.post('/auth/token', async (c) => {
    const body = (await jsonBody(c)) as Record<string, unknown> | undefined;
    const { code, code_verifier: verifier, redirect_uri: redirectUri } = body ?? {};
    if (typeof code !== 'string' || typeof verifier !== 'string' || typeof redirectUri !== 'string') {
      return problem(c, 400, 'BAD_REQUEST', 'Send code, code_verifier and redirect_uri as JSON strings.');
    }
    try {
      const answer = await exchangeCode(infobip, code, verifier, redirectUri);
      const { credential, session } = await createSession(db, sealer, answer.record);
      log.info('signed in', { account: session.accountKey });
      return signedIn(c, answer, credential, session.expiresAt);
    } catch (error) {
      return signInFailure(c, error);
    }
  });

  app.post('/auth/refresh', async (c) => {
    const credential = credentialOf(c);
    const session = credential ? await findSession(db, credential, now(), REFRESH_GRACE_MS) : undefined;
    if (!credential || !session) return problem(c, 401, 'UNAUTHORIZED', 'The session is unknown or has expired: sign in again.');
    try {
      // One refresh per session at a time: Infobip's refresh ends the old token.
      return await db.locked(`refresh:${session.hash}`, async () => {
        const current = await sessionToken(db, sealer, session);
        const answer = await refreshToken(infobip, current.token);
        if (answer.record.identity.accountKey !== session.accountKey || answer.record.identity.userKey !== session.userKey) {
          return problem(c, 401, 'UNAUTHORIZED', 'The refreshed token belongs to someone else: sign in again.');
        }
        await renewSession(db, sealer, session, answer.record);
        return signedIn(c, answer, credential, answer.record.expiresAt);
      });
    } catch (error) {
      return signInFailure(c, error);
    }
  });

  app.use('/me', requireSession, rateLimit);
  app.use('/auth/sign-out', requireSession);
  // `/connections/*` matches `/connections` too.
  app.use('/connections/*', requireSession, rateLimit);
  app.use('/audit', requireSession, rateLimit, requireAdmin);

  app.post('/auth/sign-out', async (c) => {
    await endSession(db, c.get('session'));
    return c.body(null, 204);
  });

  app.get('/me', async (c) => {
    const session = c.get('session');
    return c.json({ accountKey: session.accountKey, userKey: session.userKey, username: session.username, admin: await isAdmin(session) });
  });

  app.get('/connections', async (c) => {
    const session = c.get('session');
    return c.json({ connections: await connections.list(session.accountKey), admin: await isAdmin(session) });
  });

  app.get('/audit', async (c) => c.json({ entries: await audit.latest(db, c.get('session').accountKey) }));

  const connectionDeps = (account: string) => ({
    store: credentialStore(db, sealer, account),
    withLock: accountLock(db, account),
    now,
    fetch: limitedFetch(undefined, deps.fetch),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });

  /** Tests the saved connection (the probe), keeps the result as its last status, and records it. */
  const test = async (session: SessionRow, id: string, what: string): Promise<LastStatus> => {
    const connection = await connections.get(session.accountKey, id);
    if (!connection) throw new Error('connection vanished');
    let status: LastStatus;
    try {
      const result = await perform({ name: 'probe' }, connection, connectionDeps(session.accountKey));
      const probe = 'probe' in result ? result.probe : undefined;
      status = {
        at: now(),
        ok: probe !== undefined && probe.status < 400,
        ...(probe ? { status: probe.status, ms: probe.ms } : {}),
        ...(probe?.detail ? { detail: probe.detail } : {}),
      };
    } catch (error) {
      const failure = upstreamFailure(error);
      status = {
        at: now(),
        ok: false,
        code: failure.code,
        ...(failure.upstreamStatus ? { status: failure.upstreamStatus } : {}),
        ...(failure.detail ? { detail: failure.detail } : {}),
      };
    }
    await connections.setStatus(session.accountKey, id, status);
    await audit.record(db, session.accountKey, {
      at: now(),
      username: session.username,
      connectionId: id,
      what,
      result: status.ok ? `ok (HTTP ${status.status})` : `${status.code ?? 'failed'}${status.status ? ` (HTTP ${status.status})` : ''}`,
    });
    return status;
  };

  app.put('/connections/:id', requireAdmin, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    if (!ID.test(id)) return problem(c, 400, 'BAD_REQUEST', 'A connection id is 1 to 64 letters, digits, ".", "_" or "-".');
    const draft = draftFrom(id, await jsonBody(c));
    if ('problems' in draft) return problem(c, 400, 'BAD_REQUEST', 'The connection has fields that are not valid.', { fields: draft.problems });
    const saved = await connections.save(session.accountKey, draft as Draft);
    if (!saved.ok) return problem(c, 400, 'BAD_REQUEST', 'The connection has fields that are not valid.', { fields: saved.problems });
    await audit.record(db, session.accountKey, {
      at: now(),
      username: session.username,
      connectionId: id,
      what: saved.created ? 'created' : 'updated',
      result: 'ok',
    });
    const lastStatus = await test(session, id, 'tested');
    const view = (await connections.list(session.accountKey)).find((item) => item.id === id);
    return c.json({ connection: view ?? null, lastStatus }, saved.created ? 201 : 200);
  });

  app.delete('/connections/:id', requireAdmin, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    if (!(await connections.remove(session.accountKey, id))) return problem(c, 404, 'NOT_FOUND', 'There is no such connection.');
    await audit.record(db, session.accountKey, { at: now(), username: session.username, connectionId: id, what: 'removed', result: 'ok' });
    return c.body(null, 204);
  });

  app.post('/connections/:id/test', requireAdmin, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    if (!(await connections.get(session.accountKey, id))) return problem(c, 404, 'NOT_FOUND', 'There is no such connection.');
    return c.json({ lastStatus: await test(session, id, 'tested') });
  });

  app.post('/connections/:id/actions/:action', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const connection = await connections.get(session.accountKey, id);
    if (!connection) return problem(c, 404, 'NOT_FOUND', 'There is no such connection.');
    const name = c.req.param('action');
    const input = actionInput(name);
    // An action that does not exist is one answer, whatever was sent with it.
    if (!input) return problem(c, 404, 'NOT_FOUND', `There is no action "${name}".`);
    const sent = (await jsonBody(c)) ?? {};
    const body: Record<string, unknown> = typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>) : {};
    const extra = Object.keys(body).filter((field) => !input.fields.includes(field));
    // The upstream URL, path and credentials come from the stored connection only.
    if (extra.length > 0) return problem(c, 400, 'BAD_REQUEST', `"${extra[0]}" cannot be sent: only the action's own inputs are accepted.`);
    const action = input.read(body, connection);
    if (typeof action === 'string') return problem(c, 400, 'BAD_REQUEST', action);
    try {
      const result = await perform(action, connection, connectionDeps(session.accountKey));
      const probe = 'probe' in result ? result.probe : undefined;
      await audit.record(db, session.accountKey, {
        at: now(),
        username: session.username,
        connectionId: id,
        what: action.name,
        result: probe ? `HTTP ${probe.status}` : 'ok',
      });
      return c.json(result);
    } catch (error) {
      const failure = upstreamFailure(error);
      await audit.record(db, session.accountKey, {
        at: now(),
        username: session.username,
        connectionId: id,
        what: action.name,
        result: `${failure.code}${failure.upstreamStatus ? ` (HTTP ${failure.upstreamStatus})` : ''}`,
      });
      if (failure.code === 'RATE_LIMITED') c.header('Retry-After', '5');
      // 424: this request was fine, the connection it depends on failed (not 502, which a client may read as "maybe sent").
      return c.json(
        {
          error: failure.code,
          message: failure.message,
          ...(failure.detail ? { detail: failure.detail } : {}),
          ...(failure.upstreamStatus ? { upstreamStatus: failure.upstreamStatus } : {}),
          retryable: failure.retryable,
        },
        424,
      );
    }
  });

  app.notFound((c) => problem(c, 404, 'NOT_FOUND', 'There is no such endpoint.'));
  app.onError((error, c) => {
    // The name only: a message may quote a value.
    log.error('unhandled', { error: error.name });
    return problem(c, 503, 'SERVER', 'The server could not answer.');
  });
  return app;
}
