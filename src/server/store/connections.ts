/**
 * An account's connections on the server: non-secret settings in the clear, secrets sealed (account,
 * connection and destination bound in), the last test's status beside them. What leaves the server is
 * the public view: the settings, which secrets are set, and that status — never a secret.
 */
import {
  checkDraft,
  COMMON_FIELDS,
  DEFAULTS,
  DESTINATION,
  destinationOf,
  FIELDS,
  isKind,
  KINDS,
  SECRETS,
  type Draft,
  type FieldName,
  type Problem,
} from '../../shared/connection-fields';
import { defaultActions } from '../../shared/action-presets';
import type { Connection, ConnectionKind } from '../../shared/connection';
import { checkAction, type ConnectionAction } from '../../shared/connection-action';
import { tokenKey } from './keys';
import type { AuditChange, ConnectionView, FieldProblem, LastStatus } from '../../shared/wire';
import type { Db, Row } from './db';
import { recent } from './recent';
import { SealError, type Sealer } from './seal';

type Settings = Partial<Record<FieldName, string>>;

/**
 * The name a connection's secrets are sealed under: its id and a hash of its destination (kind, base
 * URL, token path, client ID), so a row whose settings were edited in the database does not open.
 */
async function secretName(id: string, kind: ConnectionKind, settings: Settings): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(destinationOf(kind, settings)));
  return `connection:${id}:to:${Buffer.from(digest).toString('hex')}`;
}

/** The name secrets were sealed under before the destination was bound in: only the start-up re-seal opens it, to bind them. */
const legacyName = (id: string) => `connection:${id}`;

/** The server's words for each rule a field of a draft can break (the page words the form's own in its language). */
const WORDS: Record<Problem, string> = {
  required: 'is required',
  long: 'is too long (a name takes 200 characters, a secret 8,192, any other field 2,000)',
  url: 'must be an https URL without a query or fragment',
  path: 'must start with "/" and contain no spaces',
  uid: "must contain {uid} where the call's UID goes",
  scope: 'must be scopes separated by single spaces, without quotes',
  choice: 'must be one of the offered choices',
  destination: 'is an address the app server does not connect to',
  retype: 'must be typed again: the kind, base URL, token path or client ID changed, and a saved secret goes only where it was typed for',
  unreadable: 'must be typed again: the saved value can no longer be opened (edited in the database, or sealed under a key this server does not have)',
};

const refused = (field: string, code: FieldProblem['code'], words: string): FieldProblem => ({ field, code, words });

/** The draft as the request sent it: strings only, fields of its kind only; a field left out takes the kind's documented default. */
export function draftFrom(id: string, body: unknown): Draft | { problems: FieldProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: [refused('body', 'not-object', 'must be a JSON object')] };
  const raw = body as Record<string, unknown>;
  if (!isKind(raw.kind)) return { problems: [refused('kind', 'choice', `must be one of ${KINDS.join(', ')}`)] };
  const allowed = new Set<string>(['kind', 'id', ...COMMON_FIELDS, ...FIELDS[raw.kind]]);
  const draft: Draft = { id, kind: raw.kind, ...DEFAULTS[raw.kind] };
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(raw)) {
    if (!allowed.has(field)) problems.push(refused(field, 'not-a-field', `is not a field of a ${raw.kind} connection`));
    else if (field === 'id' && value !== id) problems.push(refused(field, 'id-mismatch', 'does not match the address'));
    else if (typeof value !== 'string') problems.push(refused(field, 'not-a-string', 'must be a string'));
    else if (field !== 'kind' && field !== 'id') draft[field as FieldName] = value;
  }
  return problems.length > 0 ? { problems } : draft;
}

function split(connection: Connection): { settings: Record<string, string>; secrets: Record<string, string> } {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [field, value] of Object.entries(connection)) {
    if (field === 'id' || field === 'kind') continue;
    (SECRETS.includes(field as FieldName) ? secrets : settings)[field] = value as string;
  }
  return { settings, secrets };
}

/** What the audit log keeps of a connection before or after a change: its settings, and its secrets when they open. */
interface Side {
  kind: ConnectionKind;
  settings: Settings;
  /** Undefined: none, or they do not open. */
  secrets?: Record<string, string>;
}

/**
 * What changed, for the audit log: the kind and destination fields always (where the secrets go, before
 * and after), other settings when they changed, and a secret only as "changed", never its text.
 */
export function changesOf(before: Side | undefined, after: Side | undefined): AuditChange[] {
  const fieldsOf = (side: Side | undefined) => (side ? [...COMMON_FIELDS, ...FIELDS[side.kind]] : []);
  const fields = [...new Set([...fieldsOf(before), ...fieldsOf(after)])];
  const value = (side: Side | undefined, field: FieldName) => (side ? side.settings[field] : undefined);
  const both = (field: string, from: string | undefined, to: string | undefined): AuditChange => ({
    field,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  const changes: AuditChange[] = [both('kind', before?.kind, after?.kind)];
  for (const field of fields) {
    if (SECRETS.includes(field)) {
      const from = before?.secrets?.[field];
      const to = after?.secrets?.[field];
      if (from !== to) changes.push({ field, secret: 'changed' });
    } else if (DESTINATION.includes(field) || value(before, field) !== value(after, field)) {
      changes.push(both(field, value(before, field), value(after, field)));
    }
  }
  return changes;
}

export interface ResealReport {
  /** Rows re-sealed under the current key or with their destination bound in. */
  resealed: number;
  /** Rows that do not open: left as they are, for an admin to type their secrets again. */
  unreadable: { account: string; id: string; reason: string }[];
}

/** A connection opened for use, with its actions as checked when read. */
export interface Opened {
  connection: Connection;
  actions: ConnectionAction[];
}

/** The topic a connection's remembered copies belong to (recent.ts): a save or removal forgets it on every instance. */
export const connectionTopic = (account: string, id: string) => `connection:${JSON.stringify([account, id])}`;

/** What the audit log keeps of a change of actions: each action added, removed or changed, as JSON; the order when only it changed. */
export function actionChanges(before: ConnectionAction[], after: ConnectionAction[]): AuditChange[] {
  // Keys in one order: a preset and the same action as checked and stored list their keys differently.
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([key, item]) => [key, canonical(item)]),
          )
        : value;
  const byId = (list: ConnectionAction[]) => new Map(list.map((action) => [action.id, JSON.stringify(canonical(action))]));
  const from = byId(before);
  const to = byId(after);
  const changes: AuditChange[] = [];
  for (const id of new Set([...from.keys(), ...to.keys()])) {
    const was = from.get(id);
    const is = to.get(id);
    if (was !== is) changes.push({ field: `actions.${id}`, ...(was === undefined ? {} : { from: was }), ...(is === undefined ? {} : { to: is }) });
  }
  const order = (list: ConnectionAction[]) => list.map((action) => action.id).join(', ');
  if (changes.length === 0 && order(before) !== order(after)) changes.push({ field: 'actions', from: order(before), to: order(after) });
  return changes;
}

export interface ConnectionStore {
  list(account: string): Promise<ConnectionView[]>;
  /** The whole record, secrets opened: for the server's own use only. Throws SealError when its secrets do not open. */
  get(account: string, id: string): Promise<Connection | undefined>;
  /** The record and its actions, remembered a moment (recent.ts): an action's run reads and decrypts nothing. Throws SealError like `get`. */
  open(account: string, id: string): Promise<Opened | undefined>;
  /** Replaces the connection's actions (checked by the caller); what changed, for the audit log, or undefined when there is no such connection. */
  saveActions(account: string, id: string, actions: ConnectionAction[]): Promise<{ changes: AuditChange[]; name: string } | undefined>;
  save(
    account: string,
    draft: Draft,
  ): Promise<{ ok: true; connection: Connection; created: boolean; changes: AuditChange[] } | { ok: false; problems: FieldProblem[] }>;
  /**
   * The connection `save` would store for `draft` (a secret left out keeps the saved one), checked the
   * same way, and whether it would be new; nothing is written (a draft tested before it is saved).
   */
  prepare(account: string, draft: Draft): Promise<{ ok: true; connection: Connection; created: boolean } | { ok: false; problems: FieldProblem[] }>;
  /** Removes it; what it was and its name, for the audit log, or undefined when there was none. */
  remove(account: string, id: string): Promise<{ changes: AuditChange[]; name: string } | undefined>;
  setStatus(account: string, id: string, status: LastStatus): Promise<void>;
  /**
   * Re-seals, row by row, every secret sealed under an older key or before destinations were bound in;
   * a row that does not open is reported and skipped.
   */
  reseal(): Promise<ResealReport>;
}

/** Where the store reports a stored action it will not run (the server's log; the store sits below it). */
export type Unchecked = (message: string, fields: Record<string, unknown>) => void;

export function connectionStore(db: Db, sealer: Sealer, unchecked: Unchecked = () => undefined): ConnectionStore {
  const settingsOf = (row: Row) => JSON.parse(String(row.settings)) as Settings;

  /**
   * The row's actions: the presets while none were saved; a saved list checked again as it is read, so
   * an action stored by hand or under older rules runs only if it passes today's check. One that does
   * not is logged and left out (the others still run), and the admin sees the list without it.
   */
  const actionsOf = (account: string, row: Row): ConnectionAction[] => {
    const settings = settingsOf(row);
    if (row.actions === null || row.actions === undefined) return defaultActions({ kind: row.kind as ConnectionKind, ...settings });
    let stored: unknown;
    try {
      stored = JSON.parse(String(row.actions));
    } catch {
      stored = undefined;
    }
    if (!Array.isArray(stored)) {
      unchecked('stored actions are not a list: none run', { account, connection: String(row.id) });
      return [];
    }
    const actions: ConnectionAction[] = [];
    for (const [index, item] of stored.entries()) {
      const checked = checkAction(item);
      if (checked.ok && !actions.some((action) => action.id === checked.action.id)) actions.push(checked.action);
      else unchecked('a stored action does not pass the check: it does not run', { account, connection: String(row.id), index });
    }
    return actions;
  };

  const view = (account: string, row: Row): ConnectionView => {
    const kind = String(row.kind) as ConnectionKind;
    return {
      id: String(row.id),
      kind,
      settings: settingsOf(row),
      secrets: FIELDS[kind].filter((field) => SECRETS.includes(field)),
      lastStatus: row.last_status ? (JSON.parse(String(row.last_status)) as LastStatus) : null,
      actions: actionsOf(account, row),
      actionsChanged: row.actions !== null && row.actions !== undefined,
    };
  };

  /** The row's secrets, opened for the destination its settings name. */
  const open = async (account: string, row: Row) =>
    (await sealer.open(String(row.sealed_secrets), account, await secretName(String(row.id), row.kind as ConnectionKind, settingsOf(row)))) as Record<
      string,
      string
    >;

  const rowOf = async (account: string, id: string) => (await db.all('SELECT * FROM connections WHERE account_key = ? AND id = ?', [account, id]))[0];

  // Opened connections, with their actions, this instance read a moment ago (recent.ts): an action reads and decrypts none.
  const memory = recent<Opened>(db, 'connections');
  const topicOf = connectionTopic;

  const read = async (account: string, id: string): Promise<Opened | undefined> => {
    const row = await rowOf(account, id);
    if (!row) return undefined;
    const connection = { id, kind: row.kind, ...settingsOf(row), ...(await open(account, row)) } as Connection;
    return { connection, actions: actionsOf(account, row) };
  };

  const opened: ConnectionStore['open'] = async (account, id) => {
    const topic = topicOf(account, id);
    const kept = memory.get(topic);
    if (kept) return kept;
    const found = await read(account, id);
    if (found) memory.set(topic, topic, found);
    return found;
  };

  /** The draft checked against the saved row, as `save` and `prepare` both do it. */
  const check = async (account: string, draft: Draft) => {
    const row = await rowOf(account, draft.id);
    let secrets: Record<string, string> | undefined;
    try {
      secrets = row ? await open(account, row) : undefined;
    } catch (error) {
      // A row that does not open may still be replaced by a save that types every secret again.
      if (!(error instanceof SealError)) throw error;
    }
    const before: Side | undefined = row ? { kind: row.kind as ConnectionKind, settings: settingsOf(row), ...(secrets ? { secrets } : {}) } : undefined;
    const saved = before && secrets ? ({ id: draft.id, kind: before.kind, ...before.settings, ...secrets } as Connection) : undefined;
    const checked = checkDraft(draft, saved);
    if (checked.ok) return { ok: true as const, row, before, connection: checked.connection };
    const problems = Object.entries(checked.problems).map(([field, code]) => {
      const why: Problem = row && !secrets && code === 'required' && SECRETS.includes(field as FieldName) ? 'unreadable' : code;
      return refused(field, why, WORDS[why]);
    });
    return { ok: false as const, problems };
  };

  return {
    async list(account) {
      return (await db.all('SELECT * FROM connections WHERE account_key = ? ORDER BY position, id', [account])).map((row) => view(account, row));
    },
    get: async (account, id) => (await opened(account, id))?.connection,
    open: opened,
    saveActions(account, id, actions) {
      return db.locked(`connections:${account}`, async () => {
        const row = await rowOf(account, id);
        if (!row) return undefined;
        const before = actionsOf(account, row);
        await db.run('UPDATE connections SET actions = ? WHERE account_key = ? AND id = ?', [JSON.stringify(actions), account, id]);
        await memory.forget(topicOf(account, id));
        return { changes: actionChanges(before, actions), name: String(settingsOf(row).name ?? id) };
      });
    },
    async prepare(account, draft) {
      const checked = await check(account, draft);
      return checked.ok ? { ok: true, connection: checked.connection, created: !checked.row } : checked;
    },
    save(account, draft) {
      // One writer per account at a time: the read of the saved secrets and the write belong together.
      return db.locked(`connections:${account}`, async () => {
        const checked = await check(account, draft);
        if (!checked.ok) return checked;
        const { row, before } = checked;
        const { settings, secrets: typed } = split(checked.connection);
        const sealed = await sealer.seal(typed, account, await secretName(draft.id, draft.kind, settings));
        if (row) {
          await db.run('UPDATE connections SET kind = ?, settings = ?, sealed_secrets = ?, last_status = NULL WHERE account_key = ? AND id = ?', [
            draft.kind,
            JSON.stringify(settings),
            sealed,
            account,
            draft.id,
          ]);
        } else {
          await db.run('INSERT INTO connections (account_key, id, kind, settings, sealed_secrets, position, last_status) VALUES (?, ?, ?, ?, ?, ?, NULL)', [
            account,
            draft.id,
            draft.kind,
            JSON.stringify(settings),
            sealed,
            Date.now(),
          ]);
        }
        // The cached token came from the old secret or URL.
        await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [account, tokenKey(draft.id)]);
        await memory.forget(topicOf(account, draft.id));
        const changes = changesOf(before, { kind: draft.kind, settings, secrets: typed });
        return { ok: true as const, connection: checked.connection, created: !row, changes };
      });
    },
    async remove(account, id) {
      return db.locked(`connections:${account}`, async () => {
        const row = await rowOf(account, id);
        if (!row) return undefined;
        await db.run('DELETE FROM connections WHERE account_key = ? AND id = ?', [account, id]);
        await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [account, tokenKey(id)]);
        await memory.forget(topicOf(account, id));
        const settings = settingsOf(row);
        return { changes: changesOf({ kind: row.kind as ConnectionKind, settings }, undefined), name: String(settings.name ?? id) };
      });
    },
    async setStatus(account, id, status) {
      await db.run('UPDATE connections SET last_status = ? WHERE account_key = ? AND id = ?', [JSON.stringify(status), account, id]);
    },
    async reseal() {
      const report: ResealReport = { resealed: 0, unreadable: [] };
      for (const row of await db.all('SELECT account_key, id, kind, settings, sealed_secrets FROM connections')) {
        const account = String(row.account_key);
        const id = String(row.id);
        const sealed = String(row.sealed_secrets);
        const name = await secretName(id, row.kind as ConnectionKind, settingsOf(row));
        let value: unknown;
        try {
          value = await sealer.open(sealed, account, name);
          if (!sealer.isStale(sealed)) continue;
        } catch (error) {
          if (!(error instanceof SealError)) throw error;
          try {
            // Sealed before destinations were bound in: opened this once, and bound to the destination it has now.
            value = await sealer.open(sealed, account, legacyName(id));
          } catch (legacy) {
            if (!(legacy instanceof SealError)) throw legacy;
            report.unreadable.push({ account, id, reason: (legacy.unknownKey ? legacy : error).message });
            continue;
          }
        }
        // One statement per row, its own transaction; only if no save replaced the row meanwhile.
        await db.run('UPDATE connections SET sealed_secrets = ? WHERE account_key = ? AND id = ? AND sealed_secrets = ?', [
          await sealer.seal(value, account, name),
          account,
          id,
          sealed,
        ]);
        report.resealed++;
      }
      // Cached tokens are only a cache: ones under an old key are dropped, not re-sealed.
      for (const row of await db.all('SELECT account_key, name, sealed_value FROM credentials')) {
        if (sealer.isStale(String(row.sealed_value)))
          await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [row.account_key as string, row.name as string]);
      }
      return report;
    },
  };
}
