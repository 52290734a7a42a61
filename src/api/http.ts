/**
 * The one way this app talks to any server: a timeout on every request, bounded retries with backoff
 * for requests that are safe to repeat, and every failure turned into an ApiError carrying the
 * server's own message (Infobip's `requestError`, OAuth's `error_description`, or a plain `message`).
 * Every request here carries a credential, so none follows a redirect: a 3xx is an error.
 */
import { ApiError } from './api-error';
import type { ErrorWords } from './error-answer';

export interface RequestPolicy {
  /** Safe to repeat (GET, or a token request for a credential that is not consumed). */
  idempotent: boolean;
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
  const timeout = AbortSignal.timeout(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await (policy.fetch ?? fetch)(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
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
 * Sends one request under the policy; a non-2xx answer is returned, not thrown, unless it was retried out.
 * A request that is not safe to repeat is never repeated: a failure that may have reached the server
 * is MAYBE_SENT (a 429 did not, so it alone is retried). Most answers need none of that: the retries
 * load with the first one that does.
 */
export async function send(url: string | URL, init: RequestInit, policy: RequestPolicy): Promise<Response> {
  const first = await attempt(url, init, policy);
  const status = first.response?.status ?? 0;
  if (first.response && status !== 429 && (status < 502 || status > 504)) return first.response;
  return import('./http-error').then((failed) => failed.settle(url, init, policy, first));
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

/** The ApiError for a non-2xx answer, with the server's own words. Loaded with the first failure. */
export const errorFromResponse = (response: Response) => import('./http-error').then((failed) => failed.errorFromResponse(response));

/** Parses a 2xx JSON answer; anything else (HTML from a proxy, broken JSON) is INVALID_RESPONSE. */
export async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text().catch(() => '');
  if (!/\bjson\b/i.test(type)) {
    throw new ApiError('INVALID_RESPONSE', 'The server answered something other than JSON.', { status: response.status, retryable: true });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ApiError('INVALID_RESPONSE', 'The server answered broken JSON.', { status: response.status, retryable: true, cause });
  }
}
