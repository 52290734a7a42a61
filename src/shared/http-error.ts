/**
 * What happens when an answer fails: bounded retries with backoff for requests that are safe to repeat,
 * and the ApiError for an answer's status with the server's own words.
 * Loaded with the first failure: an answer that succeeds never needs it.
 */
import { ApiError, type ApiErrorCode } from './api-error';
import { attempt, messageFrom, type Attempt, type RequestPolicy } from './http-attempt';

const MAX_RETRY_AFTER_MS = 10_000;
const TRANSIENT = new Set([502, 503, 504]);

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A pause before a retry, cut short by the caller's abort (its deadline): no retry is slept into after it. */
function pause(ms: number, policy: RequestPolicy, signal: AbortSignal | null | undefined): Promise<void> {
  const sleeping = (policy.sleep ?? wait)(ms);
  if (!signal) return sleeping;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    sleeping.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

function backoffMs(attempt: number): number {
  return 250 * 2 ** attempt + Math.floor(Math.random() * 100);
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** After a first attempt that failed, got a 429 or a 502/503/504: retries what may be retried, else the answer or the error. */
export async function settle(url: string | URL, init: RequestInit, policy: RequestPolicy, first: Attempt): Promise<Response> {
  const retries = policy.retries ?? 2;
  let { response, failure } = first;
  for (let n = 0; ; n++) {
    // The fetch itself refused the answer (the app server's size limit): a verdict, not a lost request.
    if (failure instanceof ApiError) throw failure;
    const transient = !response || TRANSIENT.has(response.status);
    if (transient && !policy.idempotent) {
      throw new ApiError(
        'MAYBE_SENT',
        'The request may or may not have reached the server.',
        response ? { status: response.status, detail: (await messageFrom(response)).detail } : { cause: failure },
      );
    }
    const delay = response?.status === 429 ? (retryAfterMs(response) ?? backoffMs(n)) : transient ? backoffMs(n) : undefined;
    if (delay !== undefined && n < retries && delay <= MAX_RETRY_AFTER_MS) {
      await pause(delay, policy, init.signal);
      ({ response, failure } = await attempt(url, init, policy));
      continue;
    }
    if (response) return response;
    throw isTimeout(failure)
      ? new ApiError('TIMEOUT', 'The server took too long to answer.', { retryable: true, cause: failure })
      : new ApiError('NETWORK', 'The server could not be reached.', { retryable: true, cause: failure });
  }
}

function codeFor(status: number): ApiErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER';
  return 'BAD_REQUEST';
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  const { detail, fields } = await messageFrom(response);
  const code = codeFor(response.status);
  const retryable = code === 'SERVER' || code === 'RATE_LIMITED';
  return new ApiError(code, `The server answered HTTP ${response.status}.`, {
    status: response.status,
    fields,
    retryable,
    ...(detail === undefined ? {} : { detail }),
  });
}
