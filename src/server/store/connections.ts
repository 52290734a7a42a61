/**
 * An account's connections on the server: non-secret settings in the clear, secrets sealed (account and
 * connection bound in), the last test's status beside them. What leaves the server is the public view:
 * the settings, which secrets are set, and that status — never a secret.
 */
import { checkDraft, COMMON_FIELDS, DEFAULTS, FIELDS, isKind, KINDS, SECRETS, type Draft, type FieldName, type Problem } from '../../shared/connection-fields';
import type { Connection, ConnectionKind } from '../../shared/connection';
import { tokenKey } from './keys';
import type { ConnectionView, FieldProblem, LastStatus } from '../../shared/wire';
import type { Db } from './db';
import { recent } from './recent';
import type { Sealer } from './seal';

const secretName = (id: string) => `connection:${id}`;

/** The server's words for each rule a field of a draft can break (the page words the form's own in its language). */
const WORDS: Record<Problem, string> = {
  required: 'is required',
  url: 'must be an https URL without a query or fragment',
  path: 'must start with "/" and contain no spaces',
  uid: "must contain {uid} where the call's UID goes",
  scope: 'must be scopes separated by single spaces, without quotes',
  choice: 'must be one of the offered choices',
  destination: 'is an address the app server does not connect to',
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

export interface ConnectionStore {
  list(account: string): Promise<ConnectionView[]>;
  /** The whole record, secrets opened: for the server's own use only. */
  get(account: string, id: string): Promise<Connection | undefined>;
  save(account: string, draft: Draft): Promise<{ ok: true; connection: Connection; created: boolean } | { ok: false; problems: FieldProblem[] }>;
  remove(account: string, id: string): Promise<boolean>;
  setStatus(account: string, id: string, status: LastStatus): Promise<void>;
  /** Re-seals every secret sealed under an older key; returns how many. */
  reseal(): Promise<number>;
}

export function connectionStore(db: Db, sealer: Sealer): ConnectionStore {
  const view = (row: Record<string, unknown>): ConnectionView => {
    const kind = String(row.kind) as ConnectionKind;
    return {
      id: String(row.id),
      kind,
      settings: JSON.parse(String(row.settings)) as Partial<Record<FieldName, string>>,
      secrets: FIELDS[kind].filter((field) => SECRETS.includes(field)),
      lastStatus: row.last_status ? (JSON.parse(String(row.last_status)) as LastStatus) : null,
    };
  };

  // Opened connections this instance read a moment ago (recent.ts): an action reads and decrypts none.
  const memory = recent<Connection>(db, 'connections');
  const topicOf = (account: string, id: string) => `connection:${JSON.stringify([account, id])}`;

  const read = async (account: string, id: string) => {
    const [row] = await db.all('SELECT * FROM connections WHERE account_key = ? AND id = ?', [account, id]);
    if (!row) return undefined;
    const secrets = (await sealer.open(String(row.sealed_secrets), account, secretName(id))) as Record<string, string>;
    return { id, kind: row.kind, ...JSON.parse(String(row.settings)), ...secrets } as Connection;
  };

  const get: ConnectionStore['get'] = async (account, id) => {
    const topic = topicOf(account, id);
    const kept = memory.get(topic);
    if (kept) return kept;
    const connection = await read(account, id);
    if (connection) memory.set(topic, topic, connection);
    return connection;
  };

  return {
    async list(account) {
      return (await db.all('SELECT * FROM connections WHERE account_key = ? ORDER BY position, id', [account])).map(view);
    },
    get,
    save(account, draft) {
      // One writer per account at a time: the read of the saved secrets and the write belong together.
      return db.locked(`connections:${account}`, async () => {
        const saved = await read(account, draft.id);
        const checked = checkDraft(draft, saved);
        if (!checked.ok) {
          const problems = Object.entries(checked.problems).map(([field, code]) => refused(field, code, WORDS[code]));
          return { ok: false as const, problems };
        }
        const { settings, secrets } = split(checked.connection);
        const sealed = await sealer.seal(secrets, account, secretName(draft.id));
        if (saved) {
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
        return { ok: true as const, connection: checked.connection, created: !saved };
      });
    },
    async remove(account, id) {
      return db.locked(`connections:${account}`, async () => {
        const existing = await db.all('SELECT id FROM connections WHERE account_key = ? AND id = ?', [account, id]);
        await db.run('DELETE FROM connections WHERE account_key = ? AND id = ?', [account, id]);
        await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [account, tokenKey(id)]);
        await memory.forget(topicOf(account, id));
        return existing.length > 0;
      });
    },
    async setStatus(account, id, status) {
      await db.run('UPDATE connections SET last_status = ? WHERE account_key = ? AND id = ?', [JSON.stringify(status), account, id]);
    },
    async reseal() {
      let count = 0;
      for (const row of await db.all('SELECT account_key, id, sealed_secrets FROM connections')) {
        const sealed = String(row.sealed_secrets);
        if (!sealer.isStale(sealed)) continue;
        const account = String(row.account_key);
        const name = secretName(String(row.id));
        const again = await sealer.seal(await sealer.open(sealed, account, name), account, name);
        await db.run('UPDATE connections SET sealed_secrets = ? WHERE account_key = ? AND id = ? AND sealed_secrets = ?', [
          again,
          account,
          row.id as string,
          sealed,
        ]);
        count++;
      }
      // Cached tokens are only a cache: ones under an old key are dropped, not re-sealed.
      for (const row of await db.all('SELECT account_key, name, sealed_value FROM credentials')) {
        if (sealer.isStale(String(row.sealed_value)))
          await db.run('DELETE FROM credentials WHERE account_key = ? AND name = ?', [row.account_key as string, row.name as string]);
      }
      return count;
    },
  };
}
