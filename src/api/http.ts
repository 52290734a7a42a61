/**
 * The one way this app talks to any server: a timeout on every request, bounded retries with backoff
 * for requests that are safe to repeat, and every failure turned into an ApiError carrying the
 * server's own message (Infobip's `requestError`, OAuth's `error_description`, or a plain `message`).
 * Every request here carries a credential, so none follows a redirect: a 3xx is an error.
 */
import { ApiError, type ApiErrorCode } from './api-error';
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
const MAX_RETRY_AFTER_MS = 10_000;
const TRANSIENT = new Set([502, 503, 504]);

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

/**
 * Sends one request under the policy; a non-2xx answer is returned, not thrown, unless it was retried out.
 * A request that is not safe to repeat is never repeated: a failure that may have reached the server
 * is MAYBE_SENT (a 429 did not, so it alone is retried).
 */
export async function send(url: string | URL, init: RequestInit, policy: RequestPolicy): Promise<Response> {
  const retries = policy.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await (policy.fetch ?? fetch)(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout, credentials: 'omit', redirect: 'manual' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      failure = error;
    }
    // A browser shows a redirect only as an opaque answer with status 0; Node shows the 3xx itself.
    if (response && (response.type === 'opaqueredirect' || ((response.status / 100) | 0) === 3)) {
      throw new ApiError('REDIRECTED', 'The server answered a redirect, which is not followed.', { status: response.status });
    }
    const transient = !response || TRANSIENT.has(response.status);
    if (transient && !policy.idempotent) {
      throw new ApiError('MAYBE_SENT', 'The request may or may not have reached the server.', response ? { status: response.status, detail: (await messageFrom(response)).detail } : { cause: failure });
    }
    const delay = response?.status === 429 ? (retryAfterMs(response) ?? backoffMs(attempt)) : transient ? backoffMs(attempt) : undefined;
    if (delay !== undefined && attempt < retries && delay <= MAX_RETRY_AFTER_MS) {
      await (policy.sleep ?? wait)(delay);
      continue;
    }
    if (response) return response;
    throw isTimeout(failure)
      ? new ApiError('TIMEOUT', 'The server took too long to answer.', { retryable: true, cause: failure })
      : new ApiError('NETWORK', 'The server could not be reached.', { retryable: true, cause: failure });
  }
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
