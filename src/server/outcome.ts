/**
 * Running an action for a session and keeping what came of it, in one place: the action is performed
 * with the connection's own sign-in method, and its outcome goes to the account's audit log, whoever
 * asked (an agent's action or an admin's test).
 */
import { ApiError } from '../shared/api-error';
import type { Connection } from '../shared/connection';
import type { ActionAnswer, LastStatus } from '../shared/wire';
import { perform, type ActionSpec } from './actions';
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

export type Outcome = { ok: true; result: ActionAnswer } | { ok: false; failure: Failure };

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

/** The audit log's words for an outcome. */
function resultWords(outcome: Outcome): string {
  if (outcome.ok) return 'probe' in outcome.result ? `HTTP ${outcome.result.probe.status}` : 'ok';
  const { code, upstreamStatus } = outcome.failure;
  return `${code}${upstreamStatus ? ` (HTTP ${upstreamStatus})` : ''}`;
}

/**
 * Performs the action `what` on the session's account's connection, and queues its outcome for the
 * audit log; `deps` other than the account's own: a draft's test (credential-cache.ts's throwawayCredentials).
 */
export async function runAction<Input extends object>(
  services: Services,
  session: SessionRow,
  connection: Connection,
  what: string,
  spec: ActionSpec<Input>,
  input: Input,
  deps: ConnectionDeps = services.connectionDeps(session.accountKey, connection.kind),
): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = { ok: true, result: await perform(spec, input, connection, deps) };
  } catch (error) {
    outcome = { ok: false, failure: failureOf(error) };
  }
  // Written with others in a moment (audit-queue.ts): the answer does not wait for a commit.
  queueAudit(services.db, session.accountKey, {
    at: services.now(),
    kind: 'action',
    username: session.username,
    connectionId: connection.id,
    what,
    result: resultWords(outcome),
  });
  return outcome;
}

/** A probe's outcome as the connection's last status: ok only for an answer below 400. */
export function lastStatusOf(outcome: Outcome, at: number): LastStatus {
  if (outcome.ok) {
    const probe = 'probe' in outcome.result ? outcome.result.probe : undefined;
    return {
      at,
      ok: probe !== undefined && probe.status < 400,
      ...(probe ? { status: probe.status, ms: probe.ms } : {}),
      ...(probe?.detail ? { detail: probe.detail } : {}),
    };
  }
  const { code, upstreamStatus, detail } = outcome.failure;
  return { at, ok: false, code, ...(upstreamStatus ? { status: upstreamStatus } : {}), ...(detail ? { detail } : {}) };
}
