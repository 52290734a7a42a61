/**
 * The token endpoint through the app server (config.json `serverUrl`; CONTRACT §4): the server
 * exchanges the code itself (with the client secret, if it has one) and so knows who signed in. Its
 * answer is Infobip's wrapped with the server's session credential: `{ infobip, session: { credential } }`.
 */
import type { Config } from '../config/config';
import { AuthError } from '../shared/auth-error';
import { send } from '../shared/http';
import { parseTokenAnswer } from '../shared/token-answer';
import type { TokenRecord } from '../shared/token-record';
import { SESSION_CREDENTIAL, type SignInAnswer, type SignInRequest } from '../shared/wire';
import { answerBody, asRefreshFailure, oncePolicy, type EndpointOptions, type TokenEndpoint } from './token-request';

/** A JSON POST to the app server, sent like the token endpoint's: once, never redirected. */
function post(url: string, options: EndpointOptions, init: { body?: unknown; credential?: string }): Promise<Response> {
  return send(
    url,
    {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.credential ? { Authorization: `Bearer ${init.credential}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    },
    oncePolicy(options),
  );
}

/** Infobip's answer read as the direct endpoint's, with the server's credential beside it. */
function serverAnswer(config: Config, body: unknown, options: EndpointOptions): TokenRecord {
  // Untrusted until checked: every field may be missing or of another type.
  const { infobip, session } = (body ?? {}) as { [K in keyof SignInAnswer]?: { [F in keyof SignInAnswer[K]]?: unknown } };
  const credential = session?.credential;
  if (typeof credential !== 'string' || !SESSION_CREDENTIAL.test(credential))
    throw new AuthError('TOKEN_ANSWER_INVALID', "The app server's answer has no session.");
  return { ...parseTokenAnswer(infobip, options.now, config.tokenLifetimeSeconds), server: credential };
}

export function serverTokenEndpoint(config: Config, serverUrl: string): TokenEndpoint {
  const record = (sent: Promise<Response>, options: EndpointOptions) => answerBody(sent).then((body) => serverAnswer(config, body, options));
  return {
    exchange(flow, validated, options) {
      const body: Partial<SignInRequest> = { code: validated.get('code') ?? undefined, code_verifier: flow.verifier, redirect_uri: flow.redirectUri };
      return record(post(`${serverUrl}/auth/token`, options, { body }), options);
    },
    refresh(previous, options) {
      // Signed in before the server was configured: no server session, so sign in again, through it.
      if (!previous.server) return Promise.reject(new AuthError('REFRESH_FAILED', 'Sign in again: the app server has no session for this sign-in.'));
      // An empty JSON body: the server takes only JSON there, as at /auth/token.
      return asRefreshFailure(record(post(`${serverUrl}/auth/refresh`, options, { credential: previous.server, body: {} }), options));
    },
  };
}

/**
 * Ends the server session of `credential` (POST /auth/sign-out). True when the server said it is over
 * (204, or 401: it knew of no such session); false when it could not be told (no answer in time, 5xx).
 */
export async function endServerSession(serverUrl: string, credential: string, options: Omit<EndpointOptions, 'now'>): Promise<boolean> {
  try {
    const answer = await post(`${serverUrl}/auth/sign-out`, { now: 0, ...options }, { credential });
    await answer.body?.cancel().catch(() => undefined);
    return answer.ok || answer.status === 401;
  } catch {
    return false;
  }
}
