/**
 * The settings page's audit log: one kind of entry at a time if the admin chooses (an admin's changes are
 * never pushed out of view by agents' actions), newest first, older pages on request. A change shows
 * its fields before and after, a secret only as "changed". Every value from the server is text.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { enActionSettings } from '../../i18n/en-action-settings';
import { enConnections } from '../../i18n/en-connections';
import { auditLog, type AppServer } from '../../api/app-server';
import { AUDIT_KINDS, type AuditChange, type AuditEntry, type AuditKind } from '../../shared/wire';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../use-load';
import { useRun } from '../use-run';

const PAGE = 20;

/** A field's label: the form's own where it has one. */
function fieldLabel(t: Translate, field: string): string {
  if (field === 'kind') return t('conn.form.kind');
  const key = `conn.field.${field}` as MessageKey;
  return key in enConnections ? t(key) : field;
}

/** The form's label of each part of an action, for a change of one. */
const ACTION_PARTS: Record<string, MessageKey> = {
  label: 'act.field.label',
  labelJa: 'act.field.labelJa',
  audience: 'act.field.audience',
  method: 'act.field.method',
  path: 'act.field.path',
  body: 'act.field.body',
  input: 'act.field.inputLabel',
  recentMessages: 'act.field.recentMessages',
  runs: 'act.field.runs',
  cacheSeconds: 'act.field.cacheMinutes',
  show: 'act.field.show',
};

const parsed = (json: string | undefined): Record<string, unknown> | undefined => {
  try {
    const value: unknown = json === undefined ? undefined : JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** A change of one action (kept as its JSON before and after): added, removed, or which of its parts changed, by its label. */
function actionChangeText(t: Translate, change: AuditChange, id: string): string {
  const from = parsed(change.from);
  const to = parsed(change.to);
  const named = to ?? from;
  const own = (key: string) => (typeof named?.[key] === 'string' ? (named[key] as string) : undefined);
  const label = (t.locale === 'ja' ? own('labelJa') : undefined) ?? own('label') ?? id;
  if (!from) return t('conn.audit.actionAdded', { label });
  if (!to) return t('conn.audit.actionRemoved', { label });
  const parts = Object.keys({ ...from, ...to })
    .filter((key) => JSON.stringify(from[key]) !== JSON.stringify(to[key]))
    .map((key) => (ACTION_PARTS[key] ? t(ACTION_PARTS[key]) : key));
  return t('conn.audit.actionChanged', { label, parts: parts.join(', ') });
}

function changeText(t: Translate, change: AuditChange): string {
  if (change.field.startsWith('actions.')) return actionChangeText(t, change, change.field.slice('actions.'.length));
  if (change.field === 'actions') return t('conn.audit.actionsOrder', { from: change.from ?? '', to: change.to ?? '' });
  const field = fieldLabel(t, change.field);
  if (change.secret) return t('conn.audit.secretChanged', { field });
  // The destination is recorded on every change; when it stayed, it is said once.
  if (change.from === change.to && change.to !== undefined) return t('conn.audit.same', { field, value: change.to });
  const shown = (value: string | undefined) => (value === undefined ? t('conn.audit.nothing') : value);
  return t('conn.audit.fromTo', { field, from: shown(change.from), to: shown(change.to) });
}

/** What the server records in English for a change, a test or a sign-in, in the page's language; an action is named by its label. */
const WHAT: Record<string, MessageKey> = {
  created: 'conn.audit.what.created',
  updated: 'conn.audit.what.updated',
  removed: 'conn.audit.what.removed',
  tested: 'conn.audit.what.tested',
  'actions updated': 'conn.audit.what.actionsUpdated',
  'signed in': 'conn.audit.what.signedIn',
  'signed out': 'conn.audit.what.signedOut',
};

function whatText(t: Translate, entry: AuditEntry): string {
  const about = entry.about;
  const label = t.locale === 'ja' ? (about?.actionLabelJa ?? about?.actionLabel) : about?.actionLabel;
  if (label) return entry.what === 'tried' ? t('conn.audit.tried', { label }) : label;
  const key = WHAT[entry.what];
  return key ? t(key) : entry.what;
}

interface Page {
  entries: AuditEntry[];
  next?: string;
}

export function AuditLog({ server, version }: { server: AppServer; version: number }) {
  const t = useT(enConnections, enActionSettings);
  const [kind, setKind] = useState<AuditKind | ''>('');
  const query = kind === '' ? { limit: PAGE } : { kind, limit: PAGE };
  const [first, retry] = useLoad((signal) => auditLog(server, query, signal), `${version}:${kind}`);
  // Older pages, appended below the first; they belong to the first page they followed.
  const [older, setOlder] = useState<{ after: unknown; pages: Page[] }>({ after: undefined, pages: [] });
  const [more, startMore] = useRun<void>();
  const pages: Page[] = first.state === 'ready' ? [first.value, ...(older.after === first.value ? older.pages : [])] : [];
  const entries = pages.flatMap((page) => page.entries);
  const next = pages.at(-1)?.next;
  const loadOlder = () => {
    const base = first.state === 'ready' ? first.value : undefined;
    if (!base || !next) return;
    startMore(async () => {
      const page = await auditLog(server, { ...query, before: next });
      setOlder((current) => ({ after: base, pages: [...(current.after === base ? current.pages : []), page] }));
    });
  };
  // Four-digit years and seconds: an investigator compares entries across months and with other logs.
  const when = new Intl.DateTimeFormat(t.locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <section aria-labelledby="conn-audit">
      <h3 id="conn-audit">{t('conn.audit.heading')}</h3>
      <div class="form">
        <label for="conn-audit-kind">{t('conn.audit.show')}</label>
        <select id="conn-audit-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as AuditKind | '')}>
          <option value="">{t('conn.audit.kind.all')}</option>
          {AUDIT_KINDS.map((item) => (
            <option key={item} value={item}>
              {t(`conn.audit.kind.${item}`)}
            </option>
          ))}
        </select>
      </div>
      {first.state === 'loading' ? (
        <p role="status" class="quiet">
          {t('conn.audit.loading')}
        </p>
      ) : first.state === 'failed' ? (
        <ErrorAlert title={t('conn.audit.loadFailed')} error={first.error} onRetry={retry} forceRetry />
      ) : entries.length === 0 ? (
        <p class="quiet">{t('conn.audit.none')}</p>
      ) : (
        <>
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">{t('conn.audit.when')}</th>
                <th scope="col">{t('conn.audit.who')}</th>
                <th scope="col">{t('conn.audit.connection')}</th>
                <th scope="col">{t('conn.audit.what')}</th>
                <th scope="col">{t('conn.audit.result')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <Fragment key={index}>
                  <tr>
                    <td>{when.format(entry.at)}</td>
                    <td>{entry.username}</td>
                    {/* The name as it was then: a removed or renamed connection is still recognised; the id when none was recorded. */}
                    <td>{entry.about?.connectionName ?? entry.connectionId}</td>
                    <td>
                      {whatText(t, entry)}
                      {entry.about?.conversationId && <span class="meta"> {t('conn.audit.conversation', { id: entry.about.conversationId })}</span>}
                    </td>
                    <td>{entry.result}</td>
                  </tr>
                  {entry.changes && entry.changes.length > 0 && (
                    // A row of its own, the table's whole width: URLs and ids stay readable on a narrow screen.
                    <tr class="changes">
                      <td colSpan={5}>
                        <ul>
                          {entry.changes.map((change) => (
                            <li key={change.field}>{changeText(t, change)}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {more.state === 'failed' && <ErrorAlert title={t('conn.audit.loadFailed')} error={more.error} onRetry={loadOlder} />}
          {next ? (
            <button type="button" onClick={loadOlder} disabled={more.state === 'running'}>
              {more.state === 'running' ? t('conn.audit.loading') : t('conn.audit.older')}
            </button>
          ) : (
            <p class="quiet">{t('conn.audit.end')}</p>
          )}
        </>
      )}
    </section>
  );
}
