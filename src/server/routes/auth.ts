/**
 * Sign-in through the server (CONTRACT §4): the code exchange and the refresh at Infobip, each
 * answered with Infobip's answer as it came plus the server's session credential; sign-out; who is
 * signed in.
 */
import { Hono, type Context } from 'hono';
import { AuthError } from '../../shared/auth-error';
import type { MeAnswer, SignInAnswer, SignInRequest } from '../../shared/wire';
import { exchangeCode, refreshToken, UpstreamError, type InfobipAnswer } from '../infobip';
import { credentialOf, jsonBody, problem, rateLimit, requireSession, signInGate, type Env } from '../middleware';
import type { Services } from '../services';
import * as audit from '../store/audit';
import { createSession, endSession, isLive, presented, REFRESH_GRACE_MS, rotateSession, SessionUnreadable, sessionToken } from '../store/sessions';

const SIGN_IN_AGAIN = 'The session is unknown or has expired: sign in again.';

export function authRoutes(services: Services): Hono<Env> {
  const { db, sealer, log, now, infobip, config } = services;
  const app = new Hono<Env>();
  const gate = signInGate(db, config, now);

  const signedIn = (c: Context, answer: InfobipAnswer, credential: string, expiresAt: number) =>
    c.json({ infobip: answer.raw, session: { credential, expiresAt } } satisfies SignInAnswer);

  const signInFailure = (c: Context, error: unknown) => {
    if (error instanceof UpstreamError) {
      const status = error.status >= 500 ? 502 : error.status === 401 ? 401 : 400;
      return c.json(error.body, status);
    }
    if (error instanceof AuthError) return problem(c, 502, error.code, error.message);
    if (error instanceof SessionUnreadable) return problem(c, 401, 'UNAUTHORIZED', 'The session can no longer be read by the server: sign in again.');
    log.error('sign-in failed', { error: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : undefined });
    return problem(c, 503, 'NETWORK', 'Infobip could not be reached.');
  };

  app.post('/auth/token', gate, async (c) => {
    const body = (await jsonBody(c)) as Partial<Record<keyof SignInRequest, unknown>> | undefined;
    const { code, code_verifier: verifier, redirect_uri: redirectUri } = body ?? {};
    if (typeof code !== 'string' || typeof verifier !== 'string' || typeof redirectUri !== 'string') {
      return problem(c, 400, 'BAD_REQUEST', 'Send code, code_verifier and redirect_uri as JSON strings.');
    }
    if (!config.redirectUris.includes(redirectUri)) {
      return problem(c, 400, 'BAD_REQUEST', "This redirect_uri is not one of the server's (REDIRECT_URIS): the page's redirectUri must be listed there.");
    }
    try {
      const answer = await exchangeCode(infobip, code, verifier, redirectUri);
      const { credential, session } = await createSession(db, sealer, answer.record, config.sessionMaxMs);
      log.info('signed in', { account: session.accountKey });
      await audit.record(db, session.accountKey, { at: now(), kind: 'sign-in', username: session.username, connectionId: '', what: 'signed in', result: 'ok' });
      return signedIn(c, answer, credential, session.expiresAt);
    } catch (error) {
      return signInFailure(c, error);
    }
  });

  app.post('/auth/refresh', gate, async (c) => {
    const credential = credentialOf(c);
    if (!credential) return problem(c, 401, 'UNAUTHORIZED', SIGN_IN_AGAIN);
    const known = await presented(db, credential);
    if (!known) return problem(c, 401, 'UNAUTHORIZED', SIGN_IN_AGAIN);
    try {
      // One refresh per session at a time (Infobip's refresh ends the old token), the credential looked
      // up again under the lock: a second refresh with the same credential finds it replaced.
      return await db.locked(`refresh:${known.session.id}`, async () => {
        const found = await presented(db, credential);
        if (!found) return problem(c, 401, 'UNAUTHORIZED', SIGN_IN_AGAIN);
        const { session } = found;
        if (found.replacedAt !== undefined) {
          // The page refreshes under a lock shared by its frames: a replaced credential here is a copy.
          await endSession(db, session);
          log.info('replaced credential used again: session ended', { account: session.accountKey });
          return problem(c, 401, 'UNAUTHORIZED', 'This sign-in was used from somewhere else, so it has ended: sign in again.');
        }
        if (!isLive(session, now(), REFRESH_GRACE_MS)) return problem(c, 401, 'UNAUTHORIZED', SIGN_IN_AGAIN);
        let answer: InfobipAnswer;
        try {
          answer = await refreshToken(infobip, (await sessionToken(db, sealer, session)).token);
        } catch (error) {
          // Infobip will not renew this token (revoked, too old): the session cannot go on either.
          if (error instanceof UpstreamError && error.status < 500) await endSession(db, session);
          throw error;
        }
        const { identity } = answer.record;
        if (identity.accountKey !== session.accountKey || identity.userKey !== session.userKey) {
          await endSession(db, session);
          return problem(c, 401, 'UNAUTHORIZED', 'The refreshed token belongs to someone else: sign in again.');
        }
        const next = await rotateSession(db, sealer, session, answer.record, now());
        return signedIn(c, answer, next.credential, next.session.expiresAt);
      });
    } catch (error) {
      return signInFailure(c, error);
    }
  });

  // A credential replaced a moment ago signs out too (another card may have just refreshed); one
  // replaced earlier has ended the session already, as any reuse does.
  app.post('/auth/sign-out', requireSession(db, now), async (c) => {
    await endSession(db, c.get('session'));
    const { accountKey, username } = c.get('session');
    await audit.record(db, accountKey, { at: now(), kind: 'sign-in', username, connectionId: '', what: 'signed out', result: 'ok' });
    return c.body(null, 204);
  });

  app.get('/me', requireSession(db, now), rateLimit(db, config.rateLimit, now, 'agent'), async (c) => {
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
