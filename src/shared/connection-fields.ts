/**
 * A connection's fields: which each kind has, their defaults, config.json's non-secret defaults, and
 * the one check every record passes before it is stored or used (the settings form, and whatever the
 * store hands back).
 */
import { isSecureUrl } from './secure-url';
import type { Connection, ConnectionKind } from './connection';

export const KINDS: readonly ConnectionKind[] = ['mico', 'fujitsu-api-key', 'fujitsu-oauth', 'fujitsu-legacy'];

export type FieldName =
  | 'name'
  | 'baseUrl'
  | 'probePath'
  | 'clientId'
  | 'clientSecret'
  | 'scope'
  | 'tokenPath'
  | 'callPath'
  | 'primaryKey'
  | 'secondaryKey'
  | 'basicEncoding';

/** Typed into the settings page only: never from config.json, never shown again once saved. */
export const SECRETS: readonly FieldName[] = ['clientSecret', 'primaryKey', 'secondaryKey'];

export const COMMON_FIELDS: readonly FieldName[] = ['name', 'baseUrl', 'probePath'];

/** Each kind's own fields, in form order. */
export const FIELDS: Record<ConnectionKind, readonly FieldName[]> = {
  mico: ['clientId', 'clientSecret', 'scope', 'tokenPath', 'callPath'],
  'fujitsu-api-key': ['primaryKey', 'secondaryKey'],
  'fujitsu-oauth': ['clientId', 'clientSecret', 'tokenPath', 'basicEncoding'],
  'fujitsu-legacy': ['clientId', 'clientSecret', 'tokenPath'],
};

/** The four scopes Mico documents. */
export const MICO_SCOPE = 'campaigns:write campaigns:read outbound_calls:write outbound_calls:read';

const FUJITSU = { name: 'Fujitsu AI platform', baseUrl: 'https://api.aispf.global.fujitsu.com', probePath: '/v1/health' };

/** What the documents say; the admin or config.json may change any of it. */
export const DEFAULTS: Record<ConnectionKind, Partial<Record<FieldName, string>>> = {
  // Mico's probe lists campaigns: a read the documented scopes allow, with no call UID needed.
  mico: {
    name: 'Mico Voice AI',
    baseUrl: 'https://api.micovoice.com',
    probePath: '/v1/campaigns',
    scope: MICO_SCOPE,
    tokenPath: '/oauth/token',
    callPath: '/v1/outbound_calls/{uid}',
  },
  'fujitsu-api-key': FUJITSU,
  'fujitsu-oauth': { ...FUJITSU, tokenPath: '/auth/v2/tokens', basicEncoding: 'form' },
  'fujitsu-legacy': { ...FUJITSU, tokenPath: '/auth/v1/tokens' },
};

/** A connection being edited: every field as typed. */
export type Draft = { id: string; kind: ConnectionKind } & Partial<Record<FieldName, string>>;

/**
 * The rules a field of a draft can break; the form words each in its language. `destination` only the
 * app server finds: an address it does not connect to. `retype`: a secret left empty while the
 * destination changed; `unreadable`: a secret left empty whose saved value no longer opens.
 */
export const PROBLEMS = ['required', 'long', 'url', 'path', 'uid', 'scope', 'choice', 'destination', 'retype', 'unreadable'] as const;

export type Problem = (typeof PROBLEMS)[number];

export type Checked = { ok: true; connection: Connection } | { ok: false; problems: Partial<Record<FieldName, Problem>> };

export const isKind = (value: unknown): value is ConnectionKind => KINDS.includes(value as ConnectionKind);

export function newDraft(kind: ConnectionKind, id: string = crypto.randomUUID()): Draft {
  return { id, kind, ...DEFAULTS[kind] };
}

/** The longest value a field takes, in characters: a name is read in lists and messages; a secret may be a long token. */
export const maxLengthOf = (field: FieldName): number => (field === 'name' ? 200 : SECRETS.includes(field) ? 8192 : 2000);

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

function problemOf(field: FieldName, value: string, kind: ConnectionKind): Problem | undefined {
  if (value.length > maxLengthOf(field)) return 'long';
  if (field === 'scope') return value === '' || SCOPE.test(value) ? undefined : 'scope';
  if (value === '') return 'required';
  if (field === 'baseUrl') return baseUrlOk(value) ? undefined : 'url';
  if (field === 'basicEncoding') return value === 'form' || value === 'plain' ? undefined : 'choice';
  if (field === 'probePath' || field === 'tokenPath' || field === 'callPath') {
    if (!/^\/\S*$/.test(value)) return 'path';
    if (field === 'callPath' && kind === 'mico' && !value.includes('{uid}')) return 'uid';
  }
  return undefined;
}

/** A secure URL as config.ts checks it, with no query or fragment: paths are appended to it. */
function baseUrlOk(value: string): boolean {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return !!url && isSecureUrl(url) && url.search === '' && url.hash === '';
}

/** A field's value as it is stored: trimmed, and a base URL without a trailing slash. */
const normalised = (field: FieldName, raw: string | undefined) => {
  const value = (raw ?? '').trim();
  return field === 'baseUrl' ? value.replace(/\/+$/, '') : value;
};

/** What decides where a connection's secrets are sent: besides the kind, these fields. */
export const DESTINATION: readonly FieldName[] = ['baseUrl', 'tokenPath', 'clientId'];

/** A connection's destination as one comparable value: its kind and its destination fields, as stored. */
export function destinationOf(kind: ConnectionKind, fields: Partial<Record<FieldName, string>>): string {
  return JSON.stringify([kind, ...DESTINATION.map((field) => normalised(field, fields[field]))]);
}

/**
 * Checks a draft. A secret left empty keeps the `saved` connection's only when it goes where the saved
 * one went (same id, kind, base URL, token path and client ID), so the form never needs the saved
 * secret back to edit the other fields, and a saved secret never follows an edit to another host.
 */
export function checkDraft(draft: Draft, saved?: Connection): Checked {
  const problems: Partial<Record<FieldName, Problem>> = {};
  const record: Record<string, string> = { id: draft.id, kind: draft.kind };
  const mine = saved?.id === draft.id ? saved : undefined;
  const same = mine !== undefined && destinationOf(mine.kind, mine as Partial<Record<FieldName, string>>) === destinationOf(draft.kind, draft);
  const savedFields = (mine ?? {}) as Record<string, string | undefined>;
  for (const field of [...COMMON_FIELDS, ...FIELDS[draft.kind]]) {
    let value = normalised(field, draft[field]);
    const secret = SECRETS.includes(field);
    if (value === '' && secret && same) value = savedFields[field] ?? '';
    const problem = value === '' && secret && !same && savedFields[field] ? 'retype' : problemOf(field, value, draft.kind);
    if (problem) problems[field] = problem;
    record[field] = value;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, connection: record as unknown as Connection };
}

/** A record read back from the store, if it is still a valid connection. */
export function asConnection(value: unknown): Connection | undefined {
  const v = value as Draft | null;
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string' || !isKind(v.kind)) return undefined;
  const checked = checkDraft(v);
  return checked.ok ? checked.connection : undefined;
}
