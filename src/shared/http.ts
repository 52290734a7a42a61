/**
 * The one way this app talks to any server: a timeout on every request, bounded retries with backoff
 * for requests that are safe to repeat, and every failure turned into an ApiError carrying the
 * server's own message (Infobip's `requestError`, OAuth's `error_description`, or a plain `message`).
 * Every request here carries a credential, so none follows a redirect: a 3xx is an error.
 */
import { ApiError } from './api-error';
import { attempt, type RequestPolicy } from './http-attempt';

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
