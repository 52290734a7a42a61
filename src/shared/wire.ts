/**
 * What the page and the app server say to each other: each request and answer defined once, imported
 * by both sides, so a change here fails the type check on the side that no longer matches.
 */
import type { ConnectionKind } from './connection';
import type { FieldName } from './connection-fields';

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
}

export interface AuditEntry {
  at: number;
  username: string;
  connectionId: string;
  what: string;
  result: string;
}
