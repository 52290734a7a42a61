/**
 * Requests through a connection: its sign-in method's headers, shared/http.ts's timeouts and retries,
 * and one recovery when the server refuses the credential (401/403) — a renewed token or the other API
 * key, then the request once more. A refusal after that is an error naming the connection. The whole of
 * it — waiting for the credential, the request, its retries, the recovery — ends within the deadline.
 */
import { ApiError } from '../../shared/api-error';
import { errorFromResponse, readJson, send } from '../../shared/http';
import { messageFrom } from '../../shared/http-attempt';
import { fujitsuApiKeySignIn } from './fujitsu-api-key';
import { fujitsuLegacySignIn } from './fujitsu-legacy';
import { fujitsuOAuthSignIn } from './fujitsu-oauth';
import { micoSignIn } from './mico';
import { endpoint, policy } from './endpoint';
import type { Connection } from '../../shared/connection';
import type { ProbeResult } from '../../shared/wire';
import { DEFAULT_DEADLINE_MS, type ConnectionDeps, type SignInMethod } from './sign-in-method';

export interface ConnectionClient {
  readonly connection: Connection;
  /** GET `path` under the base URL: a 2xx JSON answer, else an ApiError with the server's words. */
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
  /**
   * An action's request to `url` (under the base URL, built by action-request.ts): whatever status comes
   * back, after the same sign-in recovery; a POST is not repeated on a failure that may have reached the server.
   */
  request(request: { method: 'GET' | 'POST'; url: URL; body?: string }, signal?: AbortSignal): Promise<Response>;
  /** GET the probe path: whatever status comes back and the time taken; throws only when it cannot sign in or reach the server. */
  probe(signal?: AbortSignal): Promise<ProbeResult>;
}

export function signInMethod(connection: Connection, deps: ConnectionDeps): SignInMethod {
  switch (connection.kind) {
    case 'mico':
      return micoSignIn(connection, deps);
    case 'fujitsu-api-key':
      return fujitsuApiKeySignIn(connection, deps);
    case 'fujitsu-oauth':
      return fujitsuOAuthSignIn(connection, deps);
    case 'fujitsu-legacy':
      return fujitsuLegacySignIn(connection, deps);
  }
}

const REFUSED = new Set([401, 403]);

/** One request as sent: a GET unless an action says otherwise, with its JSON body. */
interface Outgoing {
  url: URL;
  method?: 'GET' | 'POST';
  body?: string;
}

/** An answer we will not read: release its connection now rather than at garbage collection. */
const discard = (response: Response) => response.body?.cancel().catch(() => undefined);

/** `work`, or the signal's reason once it aborts: a wait shared with others (a renewal) is left, not ended. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Whether a server answered, as a probe tells it: the status, the time since `started`, and its words when not 2xx. */
export async function reachability(response: Response, started: number): Promise<ProbeResult> {
  const ms = Math.round(performance.now() - started);
  if (response.ok) {
    await discard(response);
    return { status: response.status, ms };
  }
  const { detail } = await messageFrom(response);
  return { status: response.status, ms, ...(detail === undefined ? {} : { detail }) };
}

export function connectionClient(connection: Connection, deps: ConnectionDeps): ConnectionClient {
  const method = signInMethod(connection, deps);
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;

  const attempt = async (outgoing: Outgoing, signal: AbortSignal) => {
    const headers = await untilAborted(method.headers(), signal);
    const { url, method: verb = 'GET', body } = outgoing;
    const init: RequestInit = {
      method: verb,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
      signal,
    };
    // The deadline's signal bounds every try: no timer and signal of its own per try (they cost CPU on every action).
    const response = await send(url, init, { ...policy(deps, verb === 'GET'), timeoutMs: deps.timeoutMs ?? 0 });
    return { headers, response };
  };

  const within = async (outgoing: Outgoing, signal: AbortSignal): Promise<Response> => {
    const first = await attempt(outgoing, signal);
    if (!REFUSED.has(first.response.status) || !(await untilAborted(method.recover(first.response.status, first.headers), signal))) return first.response;
    await discard(first.response);
    const { response } = await attempt(outgoing, signal);
    if (!REFUSED.has(response.status)) return response;
    const { detail } = await messageFrom(response);
    throw new ApiError('BAD_CREDENTIALS', `"${connection.name}": ${method.refusal} (HTTP ${response.status}).`, { status: response.status, detail });
  };

  const untilDeadline = async (outgoing: Outgoing, signal?: AbortSignal): Promise<Response> => {
    const deadline = AbortSignal.timeout(deadlineMs);
    try {
      return await within(outgoing, signal ? AbortSignal.any([signal, deadline]) : deadline);
    } catch (error) {
      if (!deadline.aborted || signal?.aborted) throw error;
      throw new ApiError('TIMEOUT', `"${connection.name}" did not answer within ${deadlineMs / 1000} s.`, { retryable: true, cause: error });
    }
  };

  const get = (path: string, signal?: AbortSignal) => untilDeadline({ url: endpoint(connection, path) }, signal);

  return {
    connection,
    request: (request, signal) => untilDeadline(request, signal),
    async getJson(path, signal) {
      const response = await get(path, signal);
      if (!response.ok) throw await errorFromResponse(response);
      return readJson(response);
    },
    async probe(signal) {
      const started = performance.now();
      return reachability(await get(connection.probePath, signal), started);
    },
  };
}
