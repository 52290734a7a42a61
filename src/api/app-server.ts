/**
 * The page's side of the app server's connection endpoints: the account's connections (a public view,
 * never a secret), saving one (secrets typed once, sent once), removing and testing it, the named
 * actions, and the audit log. Requests carry the server session credential; every failure is an
 * ApiError with the server's own words, and a connection's failure keeps the connection's error code.
 */
import { ApiError, type ApiErrorCode } from '../shared/api-error';
import { API_ERROR_CODES } from '../shared/api-error-codes';
import { errorFromResponse, readJson, send } from '../shared/http';
import { ACTION_PROBLEMS, type ActionFieldProblem, type ConnectionAction } from '../shared/connection-action';
import type {
  ActionRunAnswer,
  ActionRunRequest,
  ActionsAnswer,
  ActionsRequest,
  ActionTryAnswer,
  ActionTryRequest,
  AuditAnswer,
  AuditKind,
  ConnectionsAnswer,
  ErrorAnswer,
  FieldProblem,
  LastStatus,
  SaveAnswer,
  SaveRequest,
  TestAnswer,
} from '../shared/wire';
import { COMMON_FIELDS, FIELDS, type Draft } from '../shared/connection-fields';

/** Where the server is, and the current session's credential (undefined: signed in without the server). */
export interface AppServer {
  url: string;
  credential(): Promise<string | undefined>;
}

const CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** The fields the server refused when it refused a save; each also in the error's fields, in the server's words. */
export class FieldProblems extends ApiError {
  constructor(
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super('BAD_REQUEST', message, { status: 400, fields: problems.map(({ field, words }) => ({ field, messages: [words] })) });
  }
}

/** The actions' fields the server refused (PUT /connections/:id/actions, a try), by their paths: `actions.2.path`. */
export class ActionProblems extends ApiError {
  constructor(
    message: string,
    readonly problems: ActionFieldProblem[],
  ) {
    super('BAD_REQUEST', message, { status: 400 });
  }
}

/** A save with `?test=first` whose test failed: nothing was stored; the field that caused it, and the test's outcome. */
export class TestFailed extends ApiError {
  constructor(
    message: string,
    readonly problems: FieldProblem[],
    readonly lastStatus: LastStatus,
  ) {
    super('TEST_FAILED', message, {
      status: 422,
      ...(lastStatus.detail ? { detail: lastStatus.detail } : {}),
      fields: problems.map(({ field, words }) => ({ field, messages: [words] })),
    });
  }
}

const bounded = (value: unknown, limit = 500): string | undefined => (typeof value === 'string' ? value.slice(0, limit) : undefined);

/** The server's field problems, each checked; undefined when the answer holds none or any is not one. */
function fieldProblems(raw: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const problems = raw.slice(0, 20).map((item: Partial<Record<keyof FieldProblem, unknown>>) => {
    const field = bounded(item?.field, 64);
    const code = bounded(item?.code, 32) as FieldProblem['code'] | undefined;
    const words = bounded(item?.words);
    return field && code && words ? { field, code, words } : undefined;
  });
  return problems.every((problem) => problem !== undefined) ? (problems as FieldProblem[]) : undefined;
}

/** The server's problems with actions, each checked; undefined when the answer holds none or any is not one. */
function actionProblems(raw: unknown): ActionFieldProblem[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const problems = raw.slice(0, 200).map((item: Partial<Record<keyof ActionFieldProblem, unknown>>) => {
    const field = bounded(item?.field, 100);
    const problem = item?.problem as ActionFieldProblem['problem'];
    return field !== undefined && ACTION_PROBLEMS.includes(problem) ? { field, problem } : undefined;
  });
  return problems.every((problem) => problem !== undefined) ? (problems as ActionFieldProblem[]) : undefined;
}

/** A last status as the server sends it, or undefined. */
function lastStatusOf(raw: unknown): LastStatus | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const status = raw as Partial<Record<keyof LastStatus, unknown>>;
  if (typeof status.at !== 'number' || typeof status.ok !== 'boolean') return undefined;
  return {
    at: status.at,
    ok: status.ok,
    ...(typeof status.status === 'number' ? { status: status.status } : {}),
    ...(typeof status.ms === 'number' ? { ms: status.ms } : {}),
    ...(typeof status.code === 'string' ? { code: bounded(status.code, 32) } : {}),
    ...(typeof status.detail === 'string' ? { detail: bounded(status.detail) } : {}),
  };
}

async function call<T>(server: AppServer, method: string, path: string, body?: unknown, signal?: AbortSignal, repeatable = true): Promise<T> {
  const credential = await server.credential();
  if (!credential) throw new ApiError('UNAUTHORIZED', 'Sign in again to use the connections.');
  const response = await send(
    `${server.url}${path}`,
    {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    },
    // PUT and DELETE may be repeated by their nature, and so may reads; an action that POSTs to its provider may not.
    { idempotent: repeatable },
  );
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await readJson(response)) as T;
  // Read once, not from a clone: a clone's body can come back empty (happy-dom's, for one).
  const text = await response.text().catch(() => '');
  let answer: Partial<Record<keyof ErrorAnswer | 'problems' | 'lastStatus', unknown>> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) answer = parsed;
  } catch {
    // Not the server's JSON (a proxy's page): the generic error below.
  }
  const refused = response.status === 400 ? actionProblems(answer.problems) : undefined;
  if (refused) throw new ActionProblems(bounded(answer.message) ?? 'The actions have fields that are not valid.', refused);
  const lastStatus = response.status === 422 && answer.error === 'TEST_FAILED' ? lastStatusOf(answer.lastStatus) : undefined;
  const failedAt = lastStatus ? fieldProblems(answer.fields) : undefined;
  if (lastStatus && failedAt) throw new TestFailed(bounded(answer.message) ?? 'The connection failed its test, so it was not saved.', failedAt, lastStatus);
  const problems = response.status === 400 ? fieldProblems(answer.fields) : undefined;
  if (problems) throw new FieldProblems(bounded(answer.message) ?? 'The connection has fields that are not valid.', problems);
  // A connection's failure, relayed: its own code and words, and the provider's status.
  if (response.status === 424 && CODES.has(answer.error as ApiErrorCode) && typeof answer.message === 'string') {
    throw new ApiError(answer.error as ApiErrorCode, answer.message, {
      ...(typeof answer.upstreamStatus === 'number' ? { status: answer.upstreamStatus } : {}),
      ...(typeof answer.detail === 'string' ? { detail: bounded(answer.detail) } : {}),
      retryable: answer.retryable === true,
    });
  }
  throw await errorFromResponse(new Response(text, response));
}

export const listConnections = (server: AppServer, signal?: AbortSignal) => call<ConnectionsAnswer>(server, 'GET', '/connections', undefined, signal);

/**
 * Saves (secrets left empty keep the saved ones); the server tests it at once and answers the status.
 * With `testFirst` the server tests the draft before storing it, and a failed test is a TestFailed with nothing stored.
 */
export function saveConnection(server: AppServer, draft: Draft, { testFirst = false } = {}): Promise<SaveAnswer> {
  // The kind's own fields only: a draft may still hold another kind's (a secret input left empty).
  const body: SaveRequest = { kind: draft.kind };
  for (const field of [...COMMON_FIELDS, ...FIELDS[draft.kind]]) if (draft[field] !== undefined) body[field] = draft[field];
  const { id } = draft;
  return call(server, 'PUT', `/connections/${encodeURIComponent(id)}${testFirst ? '?test=first' : ''}`, body);
}

/** Replaces a connection's actions (admins); a refused list is an ActionProblems naming each field (`actions.2.path`). */
export const saveActions = (server: AppServer, id: string, actions: ConnectionAction[]) =>
  call<ActionsAnswer>(server, 'PUT', `/connections/${encodeURIComponent(id)}/actions`, { actions } satisfies ActionsRequest);

/** Runs an action as edited, not saved, with sample values (admins): the request the server sent, and what an agent would see. */
export const tryAction = (server: AppServer, id: string, action: ConnectionAction, variables: ActionTryRequest['variables']) =>
  call<ActionTryAnswer>(
    server,
    'POST',
    `/connections/${encodeURIComponent(id)}/try-action`,
    { action, variables } satisfies ActionTryRequest,
    undefined,
    action.method === 'GET',
  );

export const removeConnection = (server: AppServer, id: string) => call<void>(server, 'DELETE', `/connections/${encodeURIComponent(id)}`);

export const testConnection = (server: AppServer, id: string) => call<TestAnswer>(server, 'POST', `/connections/${encodeURIComponent(id)}/test`);

/**
 * Runs one of a connection's actions with the conversation's values (the server builds the request from
 * the admin's template); `fresh` skips an answer the server kept for this conversation. A value the
 * server refused is a FieldProblems (`variables.input`); a connection's failure keeps its own code.
 */
export const runAction = (
  server: AppServer,
  connectionId: string,
  actionId: string,
  request: ActionRunRequest,
  { signal, repeatable = true }: { signal?: AbortSignal; repeatable?: boolean } = {},
) =>
  call<ActionRunAnswer>(
    server,
    'POST',
    `/connections/${encodeURIComponent(connectionId)}/actions/${encodeURIComponent(actionId)}`,
    { variables: request.variables, ...(request.fresh ? { fresh: true } : {}) } satisfies ActionRunRequest,
    signal,
    // `repeatable: false` for an action that POSTs: a lost answer is "maybe sent", never a second request to the provider.
    repeatable,
  );

/** A page of the audit log, newest first: of one kind when given, older than an earlier page's `next` when given. */
export function auditLog(server: AppServer, query: { kind?: AuditKind; before?: string; limit?: number } = {}, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return call<AuditAnswer>(server, 'GET', search ? `/audit?${search}` : '/audit', undefined, signal);
}
