/** Where a connection's requests go, and how: under its base URL, with shared/http.ts's timeouts and retries. */
import type { RequestPolicy } from '../../shared/http-attempt';
import type { Connection } from '../../shared/connection';
import type { ConnectionDeps } from './sign-in-method';

/** `path` (starting with /) under the connection's base URL, which may itself end in a path prefix. */
export function endpoint(connection: Connection, path: string): URL {
  return new URL(connection.baseUrl + path);
}

/** `idempotent`: safe to repeat (a GET, or a credential that is not consumed). */
export function policy(deps: ConnectionDeps, idempotent: boolean): RequestPolicy {
  return { idempotent, timeoutMs: deps.timeoutMs, retries: deps.retries, fetch: deps.fetch, sleep: deps.sleep };
}
