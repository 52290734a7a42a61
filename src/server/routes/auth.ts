/**
 * Sign-in through the server (CONTRACT §4): the code exchange and the refresh at Infobip, each
 * answered with Infobip's answer as it came plus the server's session credential; sign-out; who is
 * signed in.
 */
import { Hono, type Context } from 'hono';
import { AuthError } from '../../shared/auth-error';
import type { MeAnswer, SignInAnswer, SignInRequest } from '../../shared/wire';
import { exchangeCode, refreshToken, UpstreamError, type InfobipAnswer } from '../infobip';
import { credentialOf, jsonBody, problem, requireSession, rateLimit, type Env } from '../middleware';
import type { Services } from '../services';
import * as audit from '../store/audit';
import { createSession, endSession, findSession, REFRESH_GRACE_MS, renewSession, SessionUnreadable, sessionToken } from '../store/sessions';

export function authRoutes(services: Services): Hono<Env> {
  const { db, sealer, log, now, infobip } = services;
  const app = new Hono<Env>();

  const signedIn = (c: Context, answer: InfobipAnswer, credential: string, expiresAt: number) =>
    c.json({ infobip: answer.raw, session: { credential, expiresAt } } satisfies SignInAnswer);

  const signInFailure = (c: Context, error: unknown) => {
    if (error instanceof UpstreamError) {
      const status = error.status >= 500 ? 502 : error.status === 401 ? 401 : 400;
      return c.json(typeof error.body === 'object' && error.body !== null ? error.body : { error: 'upstream' }, status);
    }
    if (error instanceof AuthError) return problem(c, 502, error.code, error.message);
    if (error instanceof SessionUnreadable) return problem(c, 401, 'UNAUTHORIZED', 'The session can no longer be read by the server: sign in again.');
    log.error('sign-in failed', { error: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : undefined });
    return problem(c, 503, 'NETWORK', 'Infobip could not be reached.');
  };

  app.post('/auth/token', async (c) => {
    const body = (await jsonBody(c)) as Partial<Record<keyof SignInRequest, unknown>> | undefined;
    const { code, code_verifier: verifier, redirect_uri: redirectUri } = body ?? {};
    if (typeof code !== 'string' || typeof verifier !== 'string' || typeof redirectUri !== 'string') {
      return problem(c, 400, 'BAD_REQUEST', 'Send code, code_verifier and redirect_uri as JSON strings.');
    }
    try {
      const answer = await exchangeCode(infobip, code, verifier, redirectUri);
      const { credential, session } = await createSession(db, sealer, answer.record);
      log.info('signed in', { account: session.accountKey });
      await audit.record(db, session.accountKey, { at: now(), kind: 'sign-in', username: session.username, connectionId: '', what: 'signed in', result: 'ok' });
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

  app.post('/auth/sign-out', requireSession(db, now), async (c) => {
    await endSession(db, c.get('session'));
    const { accountKey, username } = c.get('session');
    await audit.record(db, accountKey, { at: now(), kind: 'sign-in', username, connectionId: '', what: 'signed out', result: 'ok' });
    return c.body(null, 204);
  });

  app.get('/me', requireSession(db, now), rateLimit(db, services.config.rateLimit, now), async (c) => {
    const session = c.get('session');
    return c.json({
      accountKey: session.accountKey,
      userKey: session.userKey,
      username: session.username,
      admin: await services.isAdmin(session),
    } satisfies MeAnswer);
  });

  return app;
}
