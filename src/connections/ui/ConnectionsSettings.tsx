/**
 * The settings page's connections section: the saved connections (edit, test, remove), the ones
 * config.json suggests but this browser has not set up, and the form to add or edit one. Secrets are
 * password inputs that start empty: a saved secret is never put back into the page, only replaced.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KeyValueStore } from '../../storage/store';
import type { ConnectionDefaults } from '../../config/config';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useLoad } from '../../ui/use-load';
import { connectionClient, type ProbeResult } from '../client';
import { checkDraft, COMMON_FIELDS, draftFromDefaults, FIELDS, KINDS, newDraft, SECRETS, type Draft, type FieldName, type Problem } from '../record';
import { listConnections, removeConnection, saveConnection } from '../store';
import type { Connection, ConnectionKind } from '../types';
import { ProbeOutcome } from './ProbeOutcome';
import { kindKey, SETTINGS, type SettingsKey } from './settings-strings';
import { useStrings } from './strings';
import { useRun } from './use-run';

export interface ConnectionsSettingsProps {
  /** The app's sealed store (openStore().store): records, secrets and cached tokens go there. */
  store: KeyValueStore;
  /** config.json's `connections`: non-secret defaults, offered for setting up. */
  defaults: ConnectionDefaults[];
}

const HINTS: Partial<Record<FieldName, SettingsKey>> = {
  probePath: 'field.probePath.hint',
  scope: 'field.scope.hint',
  callPath: 'field.callPath.hint',
};

interface Editing {
  draft: Draft;
  /** The saved connection being edited, whose secrets an empty input keeps. */
  saved?: Connection;
  /** Whether the type may still change: only for a connection added from scratch. */
  kindChoice: boolean;
}

function Field({ field, draft, saved, problem, onInput }: { field: FieldName; draft: Draft; saved?: Connection; problem?: Problem; onInput: (value: string) => void }) {
  const say = useStrings(SETTINGS);
  const id = `conn-field-${field}`;
  const secret = SECRETS.includes(field);
  const kept = secret && saved !== undefined && saved.kind === draft.kind;
  const hint = kept ? 'form.secretSaved' : HINTS[field];
  const describedBy = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy };
  const text = { ...common, value: draft[field] ?? '', autoComplete: 'off', spellcheck: false, onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value) };
  return (
    <div class="field">
      <label for={id}>{say(`field.${field}` as SettingsKey)}</label>
      {field === 'basicEncoding' ? (
        <select {...common} value={draft[field]} onChange={(e) => onInput(e.currentTarget.value)}>
          <option value="form">{say('field.basicEncoding.form')}</option>
          <option value="plain">{say('field.basicEncoding.plain')}</option>
        </select>
      ) : secret ? (
        <input {...text} type="password" />
      ) : (
        <input {...text} type="text" />
      )}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {say(hint)}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} class="field-error">
          {say(`problem.${problem}`)}
        </p>
      )}
    </div>
  );
}

function ConnectionForm({ editing, store, onSaved, onCancel }: { editing: Editing; store: KeyValueStore; onSaved: (c: Connection) => void; onCancel: () => void }) {
  const say = useStrings(SETTINGS);
  // Secrets start empty: what is saved stays out of the page.
  const [draft, setDraft] = useState<Draft>(() => ({ ...editing.draft, ...Object.fromEntries(SECRETS.map((s) => [s, ''])) }));
  const [problems, setProblems] = useState<Partial<Record<FieldName, Problem>>>({});
  const [run, start] = useRun<void>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    const checked = checkDraft(draft, editing.saved);
    setProblems(checked.ok ? {} : checked.problems);
    if (checked.ok) start(() => saveConnection(store, checked.connection).then(() => onSaved(checked.connection)));
  };
  const set = (field: FieldName) => (value: string) => setDraft({ ...draft, [field]: value });

  return (
    <form class="form" onSubmit={submit} noValidate>
      <h3 tabIndex={-1} ref={heading}>
        {editing.saved ? say('form.editHeading', { name: editing.saved.name }) : say('form.addHeading')}
      </h3>
      {editing.kindChoice && (
        <div class="field">
          <label for="conn-kind">{say('form.kind')}</label>
          <select id="conn-kind" value={draft.kind} onChange={(e) => setDraft(newDraft(e.currentTarget.value as ConnectionKind, draft.id))}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {say(kindKey(kind))}
              </option>
            ))}
          </select>
        </div>
      )}
      {[...COMMON_FIELDS, ...FIELDS[draft.kind]].map((field) => (
        <Field key={field} field={field} draft={draft} saved={editing.saved} problem={problems[field]} onInput={set(field)} />
      ))}
      {run.state === 'failed' && <ErrorAlert title={say('settings.saveFailed')} error={run.error} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={run.state === 'running'}>
          {say('form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {say('form.cancel')}
        </button>
      </div>
    </form>
  );
}

function ConnectionItem({ connection, store, onEdit, onRemoved }: { connection: Connection; store: KeyValueStore; onEdit: () => void; onRemoved: () => void }) {
  const say = useStrings(SETTINGS);
  const [test, startTest] = useRun<ProbeResult>();
  const [removal, startRemoval] = useRun<void>();
  const [confirming, setConfirming] = useState(false);
  const runTest = () => startTest(() => connectionClient(connection, { store }).probe());
  const remove = () => startRemoval(() => removeConnection(store, connection.id).then(onRemoved));
  // Every item has an Edit, a Test and a Remove: the name, as their description, says whose.
  const heading = `conn-item-${connection.id}`;
  return (
    <li>
      <h3 id={heading}>{connection.name}</h3>
      <p class="meta">
        {say(kindKey(connection.kind))} · <code>{connection.baseUrl}</code>
      </p>
      <div class="actions">
        <button type="button" onClick={onEdit} aria-describedby={heading}>
          {say('settings.edit')}
        </button>
        <button type="button" onClick={runTest} disabled={test.state === 'running'} aria-describedby={heading}>
          {say('settings.test')}
        </button>
        <button type="button" onClick={() => setConfirming(true)} aria-expanded={confirming} aria-describedby={heading}>
          {say('settings.remove')}
        </button>
      </div>
      {confirming && (
        <div class="note" role="group" aria-label={say('settings.remove')}>
          <p>{say('settings.removeConfirm', { name: connection.name })}</p>
          <button type="button" onClick={remove} disabled={removal.state === 'running'}>
            {say('settings.removeYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {say('form.cancel')}
          </button>
        </div>
      )}
      {removal.state === 'failed' && <ErrorAlert title={say('settings.removeFailed')} error={removal.error} />}
      {test.state === 'running' && (
        <p role="status" class="quiet">
          {say('settings.testing')}
        </p>
      )}
      {test.state === 'done' && <ProbeOutcome result={test.value} server={connection.name} />}
      {test.state === 'failed' && <ErrorAlert title={say('settings.testFailed', { name: connection.name })} error={test.error} server={connection.name} onRetry={runTest} />}
    </li>
  );
}

export function ConnectionsSettings({ store, defaults }: ConnectionsSettingsProps) {
  const say = useStrings(SETTINGS);
  const [version, setVersion] = useState(0);
  const [list, retry] = useLoad(() => listConnections(store), version);
  const [editing, setEditing] = useState<Editing>();
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  /** Where focus goes when the form or an item closes: back to what opened the form, else the heading. */
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

  /** A save or a removal: the list reloads and what opened the form may be gone, so focus the heading. */
  const changed = (message: string) => {
    opener.current = null;
    setClosed((n) => n + 1);
    setEditing(undefined);
    setAnnouncement(message);
    setVersion((v) => v + 1);
  };
  const saved = list.state === 'ready' ? list.value : [];
  const notSetUp = (suggested.drafts ?? []).filter((d) => !saved.some((c) => c.id === d.id));

  return (
    <section class="connections">
      <h2 ref={heading} tabIndex={-1}>
        {say('settings.heading')}
      </h2>
      <p class="quiet">{say('settings.intro')}</p>
      {suggested.error !== undefined && <ErrorAlert title={say('settings.loadFailed')} error={suggested.error} />}
      {list.state === 'loading' ? (
        <p role="status" class="quiet">
          {say('settings.loading')}
        </p>
      ) : list.state === 'failed' ? (
        <ErrorAlert title={say('settings.loadFailed')} error={list.error} onRetry={retry} forceRetry />
      ) : (
        <>
          {saved.length === 0 && notSetUp.length === 0 && <p class="quiet">{say('settings.none')}</p>}
          <ul class="plain">
            {saved.map((connection) => (
              <ConnectionItem
                key={connection.id}
                connection={connection}
                store={store}
                onEdit={() => open({ draft: { ...connection }, saved: connection, kindChoice: false })}
                onRemoved={() => changed(say('settings.removed', { name: connection.name }))}
              />
            ))}
            {notSetUp.map((draft) => (
              <li key={draft.id}>
                <h3 id={`connection-suggested-${draft.id}`}>{draft.name}</h3>
                <p class="meta">
                  {say(kindKey(draft.kind))} · {say('settings.suggested')}
                </p>
                <button type="button" onClick={() => open({ draft, kindChoice: false })} aria-describedby={`connection-suggested-${draft.id}`}>
                  {say('settings.setUp')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {editing ? (
        <ConnectionForm
          key={editing.draft.id}
          editing={editing}
          store={store}
          onSaved={(c) => changed(say('settings.saved', { name: c.name }))}
          onCancel={() => {
            setClosed((n) => n + 1);
            setEditing(undefined);
          }}
        />
      ) : (
        <button type="button" onClick={() => open({ draft: newDraft('mico'), kindChoice: true })}>
          {say('settings.add')}
        </button>
      )}
      <p role="status" class="quiet">
        {announcement}
      </p>
    </section>
  );
}
