/**
 * A saved connection's actions on the settings page: each with what it asks, when it runs and who may
 * run it; for admins Edit and Remove, and "Add action" from a preset or blank. The whole list is saved
 * at once (PUT /connections/:id/actions), so a removal or an edit replaces the presets too.
 */
import { useState } from 'preact/hooks';
import { saveActions, type AppServer } from '../../api/app-server';
import { useT } from '../../i18n';
import { enActionSettings } from '../../i18n/en-action-settings';
import { presetsFor } from '../../shared/action-presets';
import type { ConnectionAction } from '../../shared/connection-action';
import type { ConnectionView } from '../../shared/wire';
import { ErrorAlert } from '../ErrorAlert';
import { useRun } from '../use-run';
import { ActionForm, actionLabel } from './ActionForm';
import { blankDraft, draftOf, freeId, type ActionDraft } from './action-draft';

export interface ActionsEditorProps {
  server: AppServer;
  connection: ConnectionView;
  admin: boolean;
  /** After a save: the words to announce; the list is then loaded again. */
  onChanged: (message: string) => void;
}

const BLANK = '';

export function ActionsEditor({ server, connection, admin, onChanged }: ActionsEditorProps) {
  const t = useT(enActionSettings);
  const [editing, setEditing] = useState<{ index: number | undefined; draft: ActionDraft; key: number }>();
  const [confirming, setConfirming] = useState<number>();
  const [removal, startRemoval] = useRun<void>();
  const presets = presetsFor(connection.kind, connection.settings);
  const [preset, setPreset] = useState(presets[0]?.id ?? BLANK);
  const name = connection.settings.name ?? connection.id;
  const heading = `act-${connection.id}-heading`;
  const taken = connection.actions.map((action) => action.id);

  const add = () => {
    const from = presets.find((item) => item.id === preset);
    const draft = from ? { ...draftOf(from), id: freeId(from.id, taken) } : blankDraft(freeId('action', taken));
    setEditing({ index: undefined, draft, key: Date.now() });
  };
  const saved = (message: string) => {
    setEditing(undefined);
    onChanged(message);
  };
  const remove = (index: number, action: ConnectionAction) =>
    startRemoval(async () => {
      await saveActions(
        server,
        connection.id,
        connection.actions.filter((_, i) => i !== index),
      );
      setConfirming(undefined);
      onChanged(t('act.removed', { label: actionLabel(t, action), name }));
    });
  /** The form of the action being edited (`index`) or added (undefined), where that edit shows. */
  const form = (index: number | undefined) =>
    editing && editing.index === index ? (
      <ActionForm
        key={editing.key}
        server={server}
        connection={connection}
        index={index}
        start={editing.draft}
        onSaved={saved}
        onCancel={() => setEditing(undefined)}
      />
    ) : undefined;
  const runs = (action: ConnectionAction) =>
    action.runs === 'on-click'
      ? t('act.runs.on-click')
      : action.cacheSeconds > 0
        ? t('act.runs.kept', { minutes: Math.round(action.cacheSeconds / 60) })
        : t('act.runs.on-open');

  return (
    <section class="actions-editor" aria-labelledby={heading}>
      <h4 id={heading}>{t('act.heading')}</h4>
      {connection.actions.length === 0 ? <p class="quiet">{t('act.none')}</p> : !connection.actionsChanged && <p class="hint">{t('act.presets')}</p>}
      <ul class="plain action-list">
        {connection.actions.map((action, index) => {
          const label = actionLabel(t, action);
          return (
            <li key={action.id}>
              <p class="action-label">{label}</p>
              <p class="meta">
                <code>
                  {action.method} {action.path}
                </code>
              </p>
              <p class="meta">
                {runs(action)} · {t(`act.audience.${action.audience}`)}
              </p>
              {admin && editing?.index !== index && (
                <div class="actions">
                  {/* Named with the action's label, the visible word first: every connection has its own Edit and Remove. */}
                  <button
                    type="button"
                    aria-label={t('act.editNamed', { label })}
                    onClick={() => setEditing({ index, draft: draftOf(action), key: Date.now() })}
                  >
                    {t('act.edit')}
                  </button>
                  <button type="button" aria-label={t('act.removeNamed', { label })} aria-expanded={confirming === index} onClick={() => setConfirming(index)}>
                    {t('act.remove')}
                  </button>
                </div>
              )}
              {confirming === index && (
                <div class="note" role="group" aria-label={t('act.remove')}>
                  <p>{t('act.removeConfirm', { label })}</p>
                  <button type="button" onClick={() => remove(index, action)} disabled={removal.state === 'running'}>
                    {t('act.removeYes')}
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(undefined)}>
                    {t('act.form.cancel')}
                  </button>
                  {removal.state === 'failed' && <ErrorAlert title={t('act.saveFailed')} error={removal.error} />}
                </div>
              )}
              {form(index)}
            </li>
          );
        })}
      </ul>
      {admin &&
        (form(undefined) ?? (
          <div class="form add-action">
            <label for={`act-${connection.id}-preset`}>{t('act.startFrom')}</label>
            <select id={`act-${connection.id}-preset`} value={preset} onChange={(e) => setPreset(e.currentTarget.value)}>
              {presets.map((item) => (
                <option key={item.id} value={item.id}>
                  {actionLabel(t, item)}
                </option>
              ))}
              <option value={BLANK}>{t('act.blank')}</option>
            </select>
            <button type="button" onClick={add}>
              {t('act.add')}
            </button>
          </div>
        ))}
    </section>
  );
}
