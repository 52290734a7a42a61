/**
 * Running an action for a session and keeping what came of it, in one place: the action is performed
 * with the connection's own sign-in method, and its outcome goes to the account's audit log, whoever
 * asked (an agent's action, an admin's try or test) — its result in words, never the answer's content.
 */
import { ApiError } from '../shared/api-error';
import type { Connection } from '../shared/connection';
import type { ActionResult } from '../shared/connection-action';
import type { AuditEntry, LastStatus, ProbeResult } from '../shared/wire';
import type { ConnectionDeps } from './providers/sign-in-method';
import type { Services } from './services';
import { queueAudit } from './store/audit-queue';
import type { SessionRow } from './store/sessions';

/** A refused or failed call to a connection: its code and words, never a secret (the sign-in methods never put one in). */
export interface Failure {
  code: string;
  message: string;
  detail?: string;
  upstreamStatus?: number;
  retryable: boolean;
}

export type Outcome<T> = { ok: true; result: T } | { ok: false; failure: Failure };

function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.status === undefined ? {} : { upstreamStatus: error.status }),
      retryable: error.retryable,
    };
  }
  return { code: 'SERVER', message: 'The connection could not be used.', retryable: true };
}

/** The audit log's words for an outcome: `ok`, `HTTP 404` for a reachability check, the code of a failure. Never the answer's content. */
function resultWords(outcome: Outcome<ActionResult | ProbeResult>): string {
  if (!outcome.ok) {
    const { code, upstreamStatus } = outcome.failure;
    return `${code}${upstreamStatus ? ` (HTTP ${upstreamStatus})` : ''}`;
  }
  const result = outcome.result;
  return 'status' in result ? `HTTP ${result.status}` : 'ok';
}

/**
 * Does `work` with the connection's own sign-in method for the session's account (`deps` other than
 * the account's own: a draft's test, credential-cache.ts's throwawayCredentials), and queues its outcome
 * for the audit log as `what` (an action's id, "tried" or "tested"), with what it was about by name.
 */
export async function runAction<T extends ActionResult | ProbeResult>(
  services: Services,
  session: SessionRow,
  connection: Connection,
  entry: { what: string; about?: Omit<NonNullable<AuditEntry['about']>, 'connectionName'> },
  work: (deps: ConnectionDeps) => Promise<T>,
  deps: ConnectionDeps = services.connectionDeps(session.accountKey, connection.kind),
): Promise<Outcome<T>> {
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, result: await work(deps) };
  } catch (error) {
    outcome = { ok: false, failure: failureOf(error) };
  }
  // Written with others in a moment (audit-queue.ts): the answer does not wait for a commit.
  queueAudit(services.db, session.accountKey, {
    at: services.now(),
    kind: 'action',
    username: session.username,
    connectionId: connection.id,
    what: entry.what,
    result: resultWords(outcome),
    about: { connectionName: connection.name, ...entry.about },
  });
  return outcome;
}

/** A probe's outcome as the connection's last status: ok only for an answer below 400. */
export function lastStatusOf(outcome: Outcome<ProbeResult>, at: number): LastStatus {
  if (outcome.ok) {
    const { status, ms, detail } = outcome.result;
    return { at, ok: status < 400, status, ms, ...(detail ? { detail } : {}) };
  }
  const { code, upstreamStatus, detail } = outcome.failure;
  return { at, ok: false, code, ...(upstreamStatus ? { status: upstreamStatus } : {}), ...(detail ? { detail } : {}) };
}
