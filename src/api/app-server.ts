/**
 * The page's side of the app server's connection endpoints: the account's connections (a public view,
 * never a secret), saving one (secrets typed once, sent once), removing and testing it, the named
 * actions, and the audit log. Requests carry the server session credential; every failure is an
 * ApiError with the server's own words, and a connection's failure keeps the connection's error code.
 */
import { ApiError, type ApiErrorCode } from '../shared/api-error';
import { API_ERROR_CODES } from '../shared/api-error-codes';
import { errorFromResponse, readJson, send } from '../shared/http';
import type { AuditEntry, LastStatus, ProbeResult, ConnectionView } from '../shared/wire';
import { COMMON_FIELDS, FIELDS, type Draft, type FieldName, type Problem } from '../shared/connection-fields';

/** Where the server is, and the current session's credential (undefined: signed in without the server). */
export interface AppServer {
  url: string;
  credential(): Promise<string | undefined>;
}

const CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** Field problems the server found, by field, when it refused a save. */
export class FieldProblems extends Error {
  constructor(readonly problems: Partial<Record<FieldName, Problem>>) {
    super('The connection has fields that are not valid.');
  }
}

async function call<T>(server: AppServer, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
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
    // Every endpoint here may be repeated safely: PUT and DELETE by their nature, the actions read only.
    { idempotent: true },
  );
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await readJson(response)) as T;
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  let answer: { error?: unknown; message?: unknown; detail?: unknown; upstreamStatus?: unknown; fields?: unknown; retryable?: unknown } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // Not the server's JSON (a proxy's page): the generic error below.
  }
  if (response.status === 400 && typeof answer.fields === 'object' && answer.fields !== null)
    throw new FieldProblems(answer.fields as Partial<Record<FieldName, Problem>>);
  // A connection's failure, relayed: its own code and words, and the provider's status.
  if (response.status === 424 && CODES.has(answer.error as ApiErrorCode) && typeof answer.message === 'string') {
    throw new ApiError(answer.error as ApiErrorCode, answer.message, {
      ...(typeof answer.upstreamStatus === 'number' ? { status: answer.upstreamStatus } : {}),
      ...(typeof answer.detail === 'string' ? { detail: answer.detail.slice(0, 500) } : {}),
      retryable: answer.retryable === true,
    });
  }
  throw await errorFromResponse(response);
}

export const listConnections = (server: AppServer, signal?: AbortSignal) =>
  call<{ connections: ConnectionView[]; admin: boolean }>(server, 'GET', '/connections', undefined, signal);

/** Saves (secrets left empty keep the saved ones); the server tests it at once and answers the status. */
export function saveConnection(server: AppServer, draft: Draft): Promise<{ connection: ConnectionView; lastStatus: LastStatus }> {
  // The kind's own fields only: a draft may still hold another kind's (a secret input left empty).
  const body: Record<string, string> = { kind: draft.kind };
  for (const field of [...COMMON_FIELDS, ...FIELDS[draft.kind]]) if (draft[field] !== undefined) body[field] = draft[field];
  const { id } = draft;
  return call(server, 'PUT', `/connections/${encodeURIComponent(id)}`, body);
}

export const removeConnection = (server: AppServer, id: string) => call<void>(server, 'DELETE', `/connections/${encodeURIComponent(id)}`);

export const testConnection = (server: AppServer, id: string) =>
  call<{ lastStatus: LastStatus }>(server, 'POST', `/connections/${encodeURIComponent(id)}/test`);

export const runProbe = (server: AppServer, id: string) =>
  call<{ probe: ProbeResult }>(server, 'POST', `/connections/${encodeURIComponent(id)}/actions/probe`).then((answer) => answer.probe);

export const lookUpCall = (server: AppServer, id: string, uid: string) =>
  call<{ call: Record<string, unknown> }>(server, 'POST', `/connections/${encodeURIComponent(id)}/actions/lookup-call`, { uid: uid.trim() }).then(
    (answer) => answer.call,
  );

export const auditLog = (server: AppServer, signal?: AbortSignal) =>
  call<{ entries: AuditEntry[] }>(server, 'GET', '/audit', undefined, signal).then((answer) => answer.entries);
