/**
 * The settings page's connections section, through the app server: the account's connections with
 * each one's last test, the ones config.json suggests, the form to add or edit one (opened where the
 * admin clicked, tested on save), and the audit log. A secret is a password input that starts empty: the
 * server says only that one is set, and an empty input keeps it — as long as the kind, base URL, token
 * path and client ID stay as they were; when they change, the form asks for the secrets again.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConnectionDefaults } from '../../config/config';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { enConnections } from '../../i18n/en-connections';
import { enErrors } from '../../i18n/en-errors';
import { ErrorAlert } from '../ErrorAlert';
import { Field } from '../Field';
import { useLoad } from '../use-load';
import { useRun } from '../use-run';
import { FieldProblems, listConnections, removeConnection, saveConnection, TestFailed, testConnection, type AppServer } from '../../api/app-server';
import type { LastStatus, ConnectionView } from '../../shared/wire';
import { draftFromDefaults } from '../../config/connection-defaults';
import {
  COMMON_FIELDS,
  destinationOf,
  FIELDS,
  KINDS,
  maxLengthOf,
  newDraft,
  PROBLEMS,
  SECRETS,
  type Draft,
  type FieldName,
  type Problem,
} from '../../shared/connection-fields';
import type { ConnectionKind } from '../../shared/connection';
import { ActionsEditor } from './ActionsEditor';
import { AuditLog } from './AuditLog';

export interface ConnectionsSettingsProps {
  /** The app server; undefined when config.json names none (connections then need one). */
  server: AppServer | undefined;
  /** config.json's `connections`: non-secret defaults, offered for setting up. */
  defaults: ConnectionDefaults[];
  /** True when this browser still held connections from an older version (now deleted). */
  hadBrowserConnections: boolean;
}

const HINTS: Partial<Record<FieldName, MessageKey>> = {
  probePath: 'conn.field.probePath.hint',
  scope: 'conn.field.scope.hint',
  callPath: 'conn.field.callPath.hint',
};

const kindKey = (kind: ConnectionKind): MessageKey => `conn.kind.${kind}`;

interface Editing {
  /** Where the form opens: under this connection, or at the end for a new one. */
  at: string;
  draft: Draft;
  /** The saved connection being edited: its secrets are set, and an empty input keeps them. */
  saved?: ConnectionView;
  kindChoice: boolean;
}

/** `{uid}` is typed into the call path as it is: the words that name it show it literally. */
const LITERAL_UID = { uid: '{uid}' };

/** The last test in words: reachable and how fast, the HTTP error, or why it failed, with what `name`'s server said. */
export function statusText(t: Translate, status: LastStatus | null, name: string): string {
  if (!status) return t('conn.status.none');
  if (status.ok) return t('conn.status.ok', { ms: status.ms ?? 0 });
  if (status.code === undefined && status.status !== undefined) return t('conn.status.httpError', { status: status.status });
  return t('conn.status.failed', { reason: failureText(t, status, name) });
}

/** What to check at the field a failed test points at. */
const testNext = (field: FieldName): MessageKey =>
  SECRETS.includes(field)
    ? 'conn.form.testNext.secret'
    : field === 'scope'
      ? 'conn.form.testNext.scope'
      : field === 'baseUrl'
        ? 'conn.form.testNext.baseUrl'
        : 'conn.form.testNext.path';

/** Why a test failed, in words: the reason, the status `name` answered, and its own words. */
function failureText(t: Translate, status: LastStatus, name: string): string {
  const answered = status.status === undefined ? '' : t('conn.status.answered', { name, status: status.status });
  const said = status.detail ? t('conn.status.said', { name, words: status.detail }) : '';
  const reason = status.code ? t.with(enErrors)(`error.${status.code}` as MessageKey, { server: name }) : '';
  return `${reason} ${answered} ${said}`.replace(/\s+/g, ' ').trim();
}

function ConnectionForm({
  editing,
  server,
  onSaved,
  onCancel,
}: {
  editing: Editing;
  server: AppServer;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const t = useT(enConnections);
  // Secrets start empty: the server never sends them back.
  const [draft, setDraft] = useState<Draft>(() => ({ ...editing.draft, ...Object.fromEntries(SECRETS.map((s) => [s, ''])) }));
  const [problems, setProblems] = useState<Partial<Record<FieldName, Problem>>>({});
  // A test that failed before anything was stored: shown at the field the server named, with "Save anyway".
  const [failed, setFailed] = useState<{ field: FieldName; status: LastStatus }>();
  const [run, start] = useRun<void>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const secretSet = (field: FieldName) => editing.saved?.kind === draft.kind && editing.saved.secrets.includes(field);
  // The server sends a saved secret only where it was typed for: the hint says so as soon as the destination changes,
  // and the server's refusal (with any other field's) lands at the field.
  const moved = editing.saved !== undefined && destinationOf(editing.saved.kind, editing.saved.settings) !== destinationOf(draft.kind, draft);

  const name = draft.name?.trim() || draft.id;
  const save = (testFirst: boolean) =>
    start(async () => {
      try {
        const { lastStatus } = await saveConnection(server, draft, { testFirst });
        setProblems({});
        setFailed(undefined);
        onSaved(lastStatus.ok ? t('conn.settings.saved', { name }) : t('conn.settings.savedFailing', { name, reason: failureText(t, lastStatus, name) }));
      } catch (error) {
        const shown: string[] = [...COMMON_FIELDS, ...FIELDS[draft.kind]];
        if (error instanceof TestFailed) {
          setProblems({});
          // The field the server blames, else the base URL: the form always shows the failure beside a field.
          const field = (error.problems.map((problem) => problem.field).find((item) => shown.includes(item)) ?? 'baseUrl') as FieldName;
          setFailed({ field, status: error.lastStatus });
          return;
        }
        if (!(error instanceof FieldProblems)) throw error;
        setFailed(undefined);
        // A problem the form cannot show beside its field is an error of its own, in the server's words, not silence.
        const known = error.problems.every(({ field, code }) => shown.includes(field) && (PROBLEMS as readonly string[]).includes(code));
        if (!known) throw error;
        setProblems(Object.fromEntries(error.problems.map(({ field, code }) => [field, code])));
      }
    });
  const submit = (event: Event) => {
    event.preventDefault();
    save(true);
  };
  const set = (field: FieldName) => (value: string) => setDraft({ ...draft, [field]: value });

  return (
    <form class="form" onSubmit={submit} noValidate>
      <h3 tabIndex={-1} ref={heading}>
        {editing.saved ? t('conn.form.editHeading', { name: editing.saved.settings.name ?? editing.saved.id }) : t('conn.form.addHeading')}
      </h3>
      {editing.kindChoice && (
        <Field id="conn-kind" label={t('conn.form.kind')}>
          {(aria) => (
            <select {...aria} value={draft.kind} onChange={(e) => setDraft(newDraft(e.currentTarget.value as ConnectionKind, draft.id))}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(kindKey(kind))}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {[...COMMON_FIELDS, ...FIELDS[draft.kind]].map((field) => {
        const hint = secretSet(field) ? (moved ? 'conn.form.secretRetype' : 'conn.form.secretSet') : HINTS[field];
        const problem = problems[field];
        const testFailure =
          failed?.field === field ? t('conn.form.testFailedAt', { reason: failureText(t, failed.status, name), next: t(testNext(field)) }) : undefined;
        return (
          <Field
            key={field}
            id={`conn-field-${field}`}
            label={t(`conn.field.${field}` as MessageKey)}
            hint={hint && t(hint, LITERAL_UID)}
            error={problem ? t(`conn.problem.${problem}`, { ...LITERAL_UID, max: String(maxLengthOf(field)) }) : testFailure}
          >
            {(aria) =>
              field === 'basicEncoding' ? (
                <select {...aria} value={draft[field]} onChange={(e) => set(field)(e.currentTarget.value)}>
                  <option value="form">{t('conn.field.basicEncoding.form')}</option>
                  <option value="plain">{t('conn.field.basicEncoding.plain')}</option>
                </select>
              ) : SECRETS.includes(field) ? (
                <input
                  {...aria}
                  type="password"
                  value={draft[field] ?? ''}
                  autoComplete="off"
                  spellcheck={false}
                  onInput={(e) => set(field)(e.currentTarget.value)}
                />
              ) : (
                <input
                  {...aria}
                  type="text"
                  value={draft[field] ?? ''}
                  autoComplete="off"
                  spellcheck={false}
                  onInput={(e) => set(field)(e.currentTarget.value)}
                />
              )
            }
          </Field>
        );
      })}
      {failed && run.state !== 'running' && (
        <p class="note" role="alert">
          {t('conn.form.notSaved')}
        </p>
      )}
      {run.state === 'failed' && <ErrorAlert title={t('conn.settings.saveFailed')} error={run.error} />}
      {run.state === 'running' && (
        <p role="status" class="quiet">
          {t('conn.settings.testing')}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={run.state === 'running'}>
          {t('conn.form.save')}
        </button>
        {failed && (
          <button type="button" onClick={() => save(false)} disabled={run.state === 'running'}>
            {t('conn.form.saveAnyway')}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('conn.form.cancel')}
        </button>
      </div>
    </form>
  );
}

function ConnectionItem({
  connection,
  server,
  admin,
  onEdit,
  onChanged,
}: {
  connection: ConnectionView;
  server: AppServer;
  admin: boolean;
  onEdit: () => void;
  onChanged: (message?: string) => void;
}) {
  const t = useT(enConnections);
  const [test, startTest] = useRun<void>();
  const [removal, startRemoval] = useRun<void>();
  const [confirming, setConfirming] = useState(false);
  const name = connection.settings.name ?? connection.id;
  const runTest = () => startTest(() => testConnection(server, connection.id).then(() => onChanged()));
  const remove = () => startRemoval(() => removeConnection(server, connection.id).then(() => onChanged(t('conn.settings.removed', { name }))));
  const heading = `conn-item-${connection.id}`;
  return (
    <>
      <h3 id={heading}>{name}</h3>
      <p class="meta">
        {t(kindKey(connection.kind))} · <code>{connection.settings.baseUrl}</code>
      </p>
      <p class={connection.lastStatus && !connection.lastStatus.ok ? 'note' : 'quiet'}>
        {statusText(t, connection.lastStatus, connection.settings.name ?? connection.id)}
      </p>
      {admin && (
        <div class="actions">
          <button type="button" onClick={onEdit} aria-describedby={heading}>
            {t('conn.settings.edit')}
          </button>
          <button type="button" onClick={runTest} disabled={test.state === 'running'} aria-describedby={heading}>
            {t('conn.settings.test')}
          </button>
          <button type="button" onClick={() => setConfirming(true)} aria-expanded={confirming} aria-describedby={heading}>
            {t('conn.settings.remove')}
          </button>
        </div>
      )}
      {confirming && (
        <div class="note" role="group" aria-label={t('conn.settings.remove')}>
          <p>{t('conn.settings.removeConfirm', { name })}</p>
          <button type="button" onClick={remove} disabled={removal.state === 'running'}>
            {t('conn.settings.removeYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('conn.form.cancel')}
          </button>
        </div>
      )}
      {removal.state === 'failed' && <ErrorAlert title={t('conn.settings.removeFailed')} error={removal.error} />}
      {test.state === 'running' && (
        <p role="status" class="quiet">
          {t('conn.settings.testing')}
        </p>
      )}
      {test.state === 'failed' && <ErrorAlert title={t('conn.settings.testFailed', { name })} error={test.error} server={name} onRetry={runTest} />}
    </>
  );
}

export function ConnectionsSettings({ server, defaults, hadBrowserConnections }: ConnectionsSettingsProps) {
  const t = useT(enConnections);
  const [version, setVersion] = useState(0);
  const [list, retry] = useLoad(server ? (signal) => listConnections(server, signal) : undefined, version);
  const [editing, setEditing] = useState<Editing>();
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  /** Where focus goes when the form closes: back to what opened it, else the heading. */
  const opener = useRef<HTMLElement | null>(null);
  const [closed, setClosed] = useState(0);
  useEffect(() => {
    if (closed) (opener.current?.isConnected ? opener.current : heading.current)?.focus();
    opener.current = null;
  }, [closed]);
  const open = (next: Editing) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditing(next);
  };
  // A bad config.json entry is shown here, naming the field, rather than silently skipped.
  const suggested = useMemo(() => {
    try {
      return { drafts: defaults.map(draftFromDefaults) };
    } catch (error) {
      return { error };
    }
  }, [defaults]);

  const changed = (message?: string) => {
    if (message !== undefined) {
      setClosed((n) => n + 1);
      setEditing(undefined);
      setAnnouncement(message);
    }
    setVersion((v) => v + 1);
  };
  const close = () => {
    setClosed((n) => n + 1);
    setEditing(undefined);
  };

  const intro = (
    <>
      <h2 ref={heading} tabIndex={-1}>
        {t('conn.settings.heading')}
      </h2>
      {hadBrowserConnections && <p class="note">{t('conn.settings.legacyRemoved')}</p>}
    </>
  );
  if (!server) {
    return (
      <section class="connections">
        {intro}
        <p class="note">
          {t('conn.settings.needsServer')}{' '}
          <a href="docs/connections.md" target="_blank" rel="noopener">
            {t('conn.settings.docs')}
          </a>
        </p>
      </section>
    );
  }

  const saved = list.state === 'ready' ? list.value.connections : [];
  const admin = list.state === 'ready' && list.value.admin;
  const notSetUp = (suggested.drafts ?? []).filter((d) => !saved.some((c) => c.id === d.id));
  const form = (at: string) =>
    editing?.at === at && <ConnectionForm key={editing.draft.id} editing={editing} server={server} onSaved={changed} onCancel={close} />;

  return (
    <section class="connections">
      {intro}
      <p class="quiet">{t('conn.settings.intro')}</p>
      {suggested.error !== undefined && <ErrorAlert title={t('conn.settings.loadFailed')} error={suggested.error} />}
      {list.state === 'loading' ? (
        <p role="status" class="quiet">
          {t('conn.settings.loading')}
        </p>
      ) : list.state === 'failed' ? (
        <ErrorAlert title={t('conn.settings.loadFailed')} error={list.error} onRetry={retry} forceRetry />
      ) : (
        <>
          {!admin && <p class="note">{t('conn.settings.onlyAdmins')}</p>}
          {saved.length === 0 && notSetUp.length === 0 && <p class="quiet">{t('conn.settings.none')}</p>}
          <ul class="plain">
            {saved.map((connection) => (
              <li key={connection.id}>
                <ConnectionItem
                  connection={connection}
                  server={server}
                  admin={admin}
                  onEdit={() =>
                    open({
                      at: connection.id,
                      draft: { id: connection.id, kind: connection.kind, ...connection.settings },
                      saved: connection,
                      kindChoice: false,
                    })
                  }
                  onChanged={changed}
                />
                {form(connection.id)}
                <ActionsEditor server={server} connection={connection} admin={admin} onChanged={changed} />
              </li>
            ))}
            {admin &&
              notSetUp.map((draft) => (
                <li key={draft.id}>
                  <h3 id={`connection-suggested-${draft.id}`}>{draft.name}</h3>
                  <p class="meta">
                    {t(kindKey(draft.kind))} · {t('conn.settings.suggested')}
                  </p>
                  {editing?.at === draft.id ? (
                    form(draft.id)
                  ) : (
                    <button
                      type="button"
                      onClick={() => open({ at: draft.id, draft, kindChoice: false })}
                      aria-describedby={`connection-suggested-${draft.id}`}
                    >
                      {t('conn.settings.setUp')}
                    </button>
                  )}
                </li>
              ))}
          </ul>
          {admin &&
            (editing?.at === '' ? (
              form('')
            ) : (
              <button type="button" onClick={() => open({ at: '', draft: newDraft('mico'), kindChoice: true })}>
                {t('conn.settings.add')}
              </button>
            ))}
          {admin && <AuditLog server={server} version={version} />}
        </>
      )}
      <p role="status" class="quiet">
        {announcement}
      </p>
    </section>
  );
}
