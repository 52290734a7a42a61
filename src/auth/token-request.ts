/**
 * What the two token endpoints (Infobip's, the app server's) share: their shape, one attempt per
 * request, the answer's body or the server's words, and a refresh's failure named as such.
 */
import { ApiError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import { readJson } from '../shared/http';
import { messageFrom, type RequestPolicy } from '../shared/http-attempt';
import type { TokenRecord } from '../shared/token-record';
import type { PendingFlow } from './pending-flow';

export interface EndpointOptions {
  now: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The token endpoint's two steps, at Infobip or through the app server (`tokenEndpoint(config)` picks). */
export interface TokenEndpoint {
  /** Exchanges the code of an answer authorization-answer.ts's checkCallback() accepted. */
  exchange(flow: PendingFlow, validated: URLSearchParams, options: EndpointOptions): Promise<TokenRecord>;
  /** A new token for `record`; a refusal is REFRESH_FAILED. */
  refresh(record: TokenRecord, options: EndpointOptions): Promise<TokenRecord>;
}

/** Never repeated (`retries: 0`): the first attempt spends the code or the token. */
export function oncePolicy(options: EndpointOptions): RequestPolicy {
  return { idempotent: true, retries: 0, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
}

/**
 * The JSON body of a sent request's answer, or an AuthError with the server's words; no answer at all
 * is http.ts's ApiError (NETWORK or TIMEOUT).
 */
export async function answerBody(sent: Promise<Response>): Promise<unknown> {
  const response = await sent;
  if (!response.ok) {
    const { detail } = await messageFrom(response);
    throw new AuthError('TOKEN_REQUEST_FAILED', `The sign-in server answered the token request with HTTP ${response.status}.`, detail, {
      status: response.status,
    });
  }
  try {
    return await readJson(response);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new AuthError('TOKEN_ANSWER_INVALID', "The sign-in server's token answer is not JSON.", undefined, { cause: error });
  }
}

/** A refresh refused or answered wrongly is REFRESH_FAILED, with the server's words. */
export function asRefreshFailure(refreshed: Promise<TokenRecord>): Promise<TokenRecord> {
  return refreshed.catch((error: unknown) => {
    throw error instanceof AuthError
      ? new AuthError('REFRESH_FAILED', error.message, error.detail, { cause: error, ...(error.status ? { status: error.status } : {}) })
      : error;
  });
}
