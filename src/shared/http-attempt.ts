/**
 * One try of a request under the policy, and the reader of an error answer's words: what the first
 * request needs, and what the retries (http-error.ts) share with it.
 */
import { ApiError } from './api-error';
import type { ErrorWords } from './error-answer';

export interface RequestPolicy {
  /** Safe to repeat (GET, or a token request for a credential that is not consumed). */
  idempotent: boolean;
  /** Each try's limit (DEFAULT_TIMEOUT_MS); 0: none of its own, the caller's signal bounds it (the app server's connection deadline). */
  timeoutMs?: number;
  retries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** One try: the answer, or why there was none. The caller's own abort is thrown. */
export interface Attempt {
  response?: Response;
  failure?: unknown;
}

export async function attempt(url: string | URL, init: RequestInit, policy: RequestPolicy): Promise<Attempt> {
  const ms = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = ms === 0 && init.signal ? undefined : AbortSignal.timeout(ms || DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await (policy.fetch ?? fetch)(url, {
      ...init,
      signal: !timeout ? init.signal : init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      credentials: 'omit',
      redirect: 'manual',
    });
  } catch (failure) {
    if (init.signal?.aborted) throw failure;
    return { failure };
  }
  // A browser shows a redirect only as an opaque answer with status 0; Node shows the 3xx itself.
  if (response.type === 'opaqueredirect' || ((response.status / 100) | 0) === 3) {
    throw new ApiError('REDIRECTED', 'The server answered a redirect, which is not followed.', { status: response.status });
  }
  return { response };
}

/**
 * Reads the server's own words from any error body we know; never throws. The reader loads with the
 * first error answer: a card that meets none never downloads it.
 */
export function messageFrom(response: Response): Promise<ErrorWords> {
  return import('./error-answer').then(
    (reader) => reader.messageFrom(response),
    () => ({ fields: [] }),
  );
}
