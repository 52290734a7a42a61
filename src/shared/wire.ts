/**
 * What the page and the app server say to each other: each request and answer defined once, imported
 * by both sides, so a change here fails the type check on the side that no longer matches.
 */
import type { ConnectionKind } from './connection';
import type { ActionFieldProblem, ActionResult, ActionVariables, ConnectionAction } from './connection-action';
import type { Draft, FieldName, Problem } from './connection-fields';

/**
 * The app server's session credential, as the page receives it from /auth/token and sends it back as
 * `Authorization: Bearer …`: 256 random bits in base64url.
 */
export const SESSION_CREDENTIAL = /^[A-Za-z0-9_-]{43}$/;

/** A probe's outcome: whatever status came back, and the time taken. */
export interface ProbeResult {
  status: number;
  /** From just before signing in to the last byte of the answer's headers, in ms. */
  ms: number;
  /** The server's words when the status is not 2xx. */
  detail?: string;
}

/** The last test of a connection, as the server keeps it and sends it. */
export interface LastStatus {
  at: number;
  ok: boolean;
  status?: number;
  ms?: number;
  code?: string;
  detail?: string;
}

export interface ConnectionView {
  id: string;
  kind: ConnectionKind;
  settings: Partial<Record<FieldName, string>>;
  /** The secrets the server holds for it: shown as "set", never sent back. */
  secrets: FieldName[];
  lastStatus: LastStatus | null;
  /** Its actions: for an agent only those every agent may run; the presets while no admin has changed the list. */
  actions: ConnectionAction[];
  /** False while the list is the presets (defaultActions), which follow the connection's own settings. */
  actionsChanged: boolean;
}

/** The kinds of audit entry, each its own filter: admins' changes are never pushed out of view by agents' actions. */
export const AUDIT_KINDS = ['change', 'action', 'refusal', 'sign-in'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** One field of a changed connection: before and after (absent: none); a secret only as `secret: 'changed'`, never its text. */
export interface AuditChange {
  field: string;
  from?: string;
  to?: string;
  secret?: 'changed';
}

export interface AuditEntry {
  at: number;
  /** change: an admin's save or removal; action: an action or test; refusal: an admin request refused; sign-in: a sign-in or sign-out. */
  kind: AuditKind;
  username: string;
  /** Empty when the entry is about no connection (a sign-in). */
  connectionId: string;
  what: string;
  result: string;
  /** For a change: the kind and destination before and after, and every other field that changed. */
  changes?: AuditChange[];
  /** What the entry is about, by name as it was then: the connection's name, an action's labels, the conversation an action ran for. */
  about?: { connectionName?: string; actionId?: string; actionLabel?: string; actionLabelJa?: string; conversationId?: string };
}

/**
 * Why the server refused one field of a connection, as data: the field, the rule it broke (a form's
 * own `Problem`, or one only a hand-made request breaks, or `test`: the field that made the draft's
 * test fail, PUT /connections/:id?test=first), and the server's words for it.
 */
export interface FieldProblem {
  field: string;
  code: Problem | 'not-object' | 'not-a-field' | 'not-a-string' | 'id-mismatch' | 'test' | 'too-long' | 'pattern' | 'not-allowed';
  words: string;
}

/** Every error answer's body: a code from the API error list, the server's words, and what else it knows. */
export interface ErrorAnswer {
  error: string;
  message: string;
  /** The connection's own words, when a connection failed (424). */
  detail?: string;
  /** The connection's HTTP status, when a connection failed (424). */
  upstreamStatus?: number;
  retryable?: boolean;
  /** The fields of a connection that were refused (400). */
  fields?: FieldProblem[];
}

/** POST /auth/token: the authorization's answer, as the page received it (CONTRACT §4). */
export interface SignInRequest {
  code: string;
  code_verifier: string;
  redirect_uri: string;
}

/** /auth/token and /auth/refresh: Infobip's token answer as it came, and the server's session. */
export interface SignInAnswer {
  infobip: Record<string, unknown>;
  session: { credential: string; expiresAt: number };
}

/** GET /me. */
export interface MeAnswer {
  accountKey: string;
  userKey: string;
  username: string;
  admin: boolean;
}

/** GET /connections: the account's connections, and whether this user may change them. */
export interface ConnectionsAnswer {
  connections: ConnectionView[];
  admin: boolean;
}

/** PUT /connections/:id: the kind and the typed fields (a secret left out keeps the saved one). */
export type SaveRequest = Omit<Draft, 'id'>;

/**
 * PUT /connections/:id?test=first when the draft's test failed (422, nothing stored): the test's
 * outcome, and the field that caused it (`code: 'test'`). Without `?test=first` the save stores, then tests.
 */
export interface TestFailedAnswer extends ErrorAnswer {
  error: 'TEST_FAILED';
  lastStatus: LastStatus;
  fields: FieldProblem[];
}

/** PUT /connections/:id: the saved connection's view, and the test run at once. */
export interface SaveAnswer {
  connection: ConnectionView | null;
  lastStatus: LastStatus;
}

/** POST /connections/:id/test. */
export interface TestAnswer {
  lastStatus: LastStatus;
}

/** PUT /connections/:id/actions (admins): the whole list, replacing the presets or the last one saved. */
export interface ActionsRequest {
  actions: ConnectionAction[];
}

/** PUT /connections/:id/actions: the list as stored; a 400 names each problem (`actions.2.path`) in `problems`. */
export interface ActionsAnswer {
  actions: ConnectionAction[];
}

/** A 400 of PUT /connections/:id/actions and of a try: each field of an action that was refused. */
export interface ActionsRefusal extends ErrorAnswer {
  problems: ActionFieldProblem[];
}

/** POST /connections/:id/actions/:action: the values of the action's variables; `fresh` skips a kept answer. */
export interface ActionRunRequest {
  variables: ActionVariables;
  fresh?: boolean;
}

/** POST /connections/:id/actions/:action: what the card shows, when the connection answered it, and whether it was a kept answer. */
export interface ActionRunAnswer {
  result: ActionResult;
  fetchedAt: number;
  cached: boolean;
}

/** POST /connections/:id/try-action (admins): an action as edited, not yet saved, with sample values (agentUsername too). */
export interface ActionTryRequest {
  action: ConnectionAction;
  variables: ActionVariables & { agentUsername?: string };
}

/**
 * POST /connections/:id/try-action: the request the server sent (or would have, when a value was
 * refused), never a secret or a header; and what an agent would have seen, or the error they would have.
 */
export interface ActionTryAnswer {
  request: { method: 'GET' | 'POST'; url: string; body?: string } | null;
  answer?: ActionRunAnswer;
  error?: ErrorAnswer;
}

/** GET /audit?kind=…&before=…: the newest entries first (of one kind, when asked), a page at a time. */
export interface AuditAnswer {
  entries: AuditEntry[];
  /** Pass as `before` for the next, older page; absent on the last page. */
  next?: string;
}
