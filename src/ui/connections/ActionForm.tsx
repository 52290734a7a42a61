/**
 * The form that defines one action of a connection: what it asks (method, path, body), when it runs,
 * who may run it and what the card shows of the answer. It is checked with the server's own check as
 * the admin leaves each field, and again before saving; the server's refusal lands at the same fields.
 * What the admin typed stays through every error. "Try it" runs the action as it stands.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ActionProblems, saveActions, type AppServer } from '../../api/app-server';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { enActionSettings } from '../../i18n/en-action-settings';
import { FORMATS, type ActionFieldProblem, type ActionProblem } from '../../shared/connection-action';
import type { ConnectionView } from '../../shared/wire';
import { ErrorAlert } from '../ErrorAlert';
import { Field } from '../Field';
import { useRun } from '../use-run';
import { blankField, checkDraft, usesInput, usesMessages, type ActionDraft, type ShownFieldDraft } from './action-draft';
import { TryAction } from './TryAction';

/** The variables, passed as themselves: the words show them literally. */
export const LITERAL_VARIABLES = Object.fromEntries(
  ['customerNumber', 'conversationId', 'channel', 'agentUsername', 'input', 'recentMessages'].map((name) => [name, `{${name}}`]),
);

const NUMBER_FIELDS = ['cacheSeconds', 'recentMessages', 'maxRows'];

/** A problem in words, with what to do: a number's range and the body's variables are said where they differ. */
export function problemWords(t: Translate, field: string, problem: ActionProblem): string {
  const last = field.split('.').at(-1) ?? '';
  const key =
    problem === 'number' && NUMBER_FIELDS.includes(last)
      ? `act.problem.number.${last}`
      : problem === 'variable' && field === 'body'
        ? 'act.problem.variable.body'
        : `act.problem.${problem}`;
  return t(key as MessageKey, LITERAL_VARIABLES);
}

/** Where the form shows a problem the check names at a part without a control of its own. */
const SHOWN_AT: Record<string, string> = { id: 'label', input: 'input.label', show: 'show.kind' };

export interface ActionFormProps {
  server: AppServer;
  connection: ConnectionView;
  /** The action being edited, by its place in the list; undefined for a new one (added at the end). */
  index: number | undefined;
  start: ActionDraft;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

export function ActionForm({ server, connection, index, start, onSaved, onCancel }: ActionFormProps) {
  const t = useT(enActionSettings);
  const [draft, setDraft] = useState(start);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<ActionFieldProblem[]>([]);
  const [run, startRun] = useRun<void>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const checked = useMemo(() => checkDraft(draft), [draft]);
  const problems = useMemo(() => {
    const found = new Map<string, ActionFieldProblem>();
    for (const problem of [...refused, ...(checked.ok ? [] : checked.problems)]) {
      const at = SHOWN_AT[problem.field] ?? problem.field;
      if (!found.has(at)) found.set(at, problem);
    }
    return found;
  }, [checked, refused]);
  /** A field's problem in words, once the admin has left the field or tried to save. */
  const error = (field: string) => {
    const problem = problems.get(field);
    return problem && (submitted || touched.has(field)) ? problemWords(t, problem.field, problem.problem) : undefined;
  };
  const id = (field: string) => `act-${connection.id}-${field.replaceAll('.', '-')}`;
  const set = (change: Partial<ActionDraft>) => setDraft((current) => ({ ...current, ...change }));
  const setField = (at: number, change: Partial<ShownFieldDraft>) =>
    setDraft((current) => ({ ...current, fields: current.fields.map((field, i) => (i === at ? { ...field, ...change } : field)) }));

  const name = connection.settings.name ?? connection.id;
  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setRefused([]);
    if (!checked.ok) return;
    const action = checked.action;
    const place = index ?? connection.actions.length;
    const list = index === undefined ? [...connection.actions, action] : connection.actions.map((item, i) => (i === index ? action : item));
    startRun(async () => {
      try {
        await saveActions(server, connection.id, list);
        onSaved(t('act.saved', { name }));
      } catch (failure) {
        // The server's problems with this action, at its fields; any other is an error of its own, not silence.
        const prefix = `actions.${place}.`;
        if (!(failure instanceof ActionProblems) || !failure.problems.every((problem) => problem.field.startsWith(prefix))) throw failure;
        setRefused(failure.problems.map((problem) => ({ field: problem.field.slice(prefix.length), problem: problem.problem })));
      }
    });
  };

  // Text inputs, each tied to its field's problem; `field` is the problem's path.
  const text = (field: string, label: MessageKey, value: string, onInput: (value: string) => void, hint?: MessageKey, inputMode?: 'numeric') => (
    <Field id={id(field)} label={t(label)} hint={hint && t(hint, LITERAL_VARIABLES)} error={error(field)} alert>
      {(aria) => (
        <input
          {...aria}
          data-field={field}
          type="text"
          value={value}
          autoComplete="off"
          spellcheck={false}
          {...(inputMode ? { inputMode } : {})}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
  const choice = <T extends string>(field: string, label: MessageKey, value: T, options: [T, string][], onChange: (value: T) => void): ComponentChildren => (
    <Field id={id(field)} label={t(label)} error={error(field)} alert>
      {(aria) => (
        <select {...aria} data-field={field} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
          {options.map(([option, words]) => (
            <option key={option} value={option}>
              {words}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const list = draft.show === 'list';
  const shownAt = list ? 'show.columns' : 'show.fields';
  const formats = FORMATS.map((format): [string, string] => [format, t(`act.format.${format}`)]);

  return (
    <form
      class="form action-form"
      onSubmit={submit}
      noValidate
      onFocusOut={(event) => {
        const field = (event.target as HTMLElement).dataset.field;
        if (field && !touched.has(field)) setTouched(new Set([...touched, field]));
      }}
    >
      <h4 tabIndex={-1} ref={heading}>
        {index === undefined
          ? t('act.form.addHeading')
          : t('act.form.editHeading', { label: actionLabel(t, { label: start.label, labelJa: start.labelJa || undefined }) })}
      </h4>
      {text('label', 'act.field.label', draft.label, (label) => set({ label }))}
      {text('labelJa', 'act.field.labelJa', draft.labelJa, (labelJa) => set({ labelJa }))}
      {choice(
        'audience',
        'act.field.audience',
        draft.audience,
        [
          ['agents', t('act.audience.agents')],
          ['admins', t('act.audience.admins')],
        ],
        (audience) => set({ audience }),
      )}
      {choice(
        'method',
        'act.field.method',
        draft.method,
        [
          ['GET', 'GET'],
          ['POST', 'POST'],
        ],
        (method) => set({ method }),
      )}
      {text('path', 'act.field.path', draft.path, (path) => set({ path }), 'act.field.path.hint')}
      {draft.method === 'POST' && (
        <Field id={id('body')} label={t('act.field.body')} hint={t('act.field.body.hint', LITERAL_VARIABLES)} error={error('body')} alert>
          {(aria) => (
            <textarea {...aria} data-field="body" rows={4} value={draft.body} spellcheck={false} onInput={(e) => set({ body: e.currentTarget.value })} />
          )}
        </Field>
      )}
      {usesInput(draft) && (
        <>
          {text('input.label', 'act.field.inputLabel', draft.inputLabel, (inputLabel) => set({ inputLabel }))}
          {text('input.labelJa', 'act.field.inputLabelJa', draft.inputLabelJa, (inputLabelJa) => set({ inputLabelJa }))}
          {text('input.pattern', 'act.field.inputPattern', draft.inputPattern, (inputPattern) => set({ inputPattern }), 'act.field.inputPattern.hint')}
        </>
      )}
      {usesMessages(draft) &&
        text('recentMessages', 'act.field.recentMessages', draft.recentMessages, (recentMessages) => set({ recentMessages }), undefined, 'numeric')}
      {choice(
        'runs',
        'act.field.runs',
        draft.runs,
        [
          ['on-open', t('act.runs.on-open')],
          ['on-click', t('act.runs.on-click')],
        ],
        (runs) => set({ runs }),
      )}
      {draft.runs === 'on-open' &&
        text('cacheSeconds', 'act.field.cacheMinutes', draft.cacheMinutes, (cacheMinutes) => set({ cacheMinutes }), 'act.field.cacheMinutes.hint', 'numeric')}
      {choice(
        'show.kind',
        'act.field.show',
        draft.show,
        [
          ['all', t('act.show.all')],
          ['fields', t('act.show.fields')],
          ['list', t('act.show.list')],
          ['reachable', t('act.show.reachable')],
        ],
        // Chosen fields start with one to fill in.
        (show) => set({ show, ...(show !== 'all' && show !== 'reachable' && draft.fields.length === 0 ? { fields: [blankField()] } : {}) }),
      )}
      {list && (
        <>
          {text('show.pointer', 'act.field.listPointer', draft.listPointer, (listPointer) => set({ listPointer }), 'act.field.listPointer.hint')}
          {text('show.maxRows', 'act.field.maxRows', draft.maxRows, (maxRows) => set({ maxRows }), undefined, 'numeric')}
        </>
      )}
      {(list || draft.show === 'fields') && (
        <>
          {draft.fields.map((field, at) => {
            const path = `${shownAt}.${at}`;
            const n = at + 1;
            return (
              <fieldset key={at} class="form shown-field">
                <legend>{t(list ? 'act.columns.legend' : 'act.fields.legend', { n })}</legend>
                {text(`${path}.pointer`, 'act.shown.pointer', field.pointer, (pointer) => setField(at, { pointer }), 'act.shown.pointer.hint')}
                {text(`${path}.label`, 'act.shown.label', field.label, (label) => setField(at, { label }))}
                {text(`${path}.labelJa`, 'act.shown.labelJa', field.labelJa, (labelJa) => setField(at, { labelJa }))}
                {choice(`${path}.format`, 'act.shown.format', field.format, formats as [ShownFieldDraft['format'], string][], (format) =>
                  setField(at, { format }),
                )}
                {!list && (
                  <div class="field">
                    <label class="check">
                      <input
                        type="checkbox"
                        data-field={`${path}.useInReply`}
                        checked={field.useInReply}
                        aria-invalid={error(`${path}.useInReply`) ? 'true' : undefined}
                        aria-describedby={error(`${path}.useInReply`) ? `${id(`${path}.useInReply`)}-error` : undefined}
                        onChange={(e) => setField(at, { useInReply: e.currentTarget.checked })}
                      />{' '}
                      {t('act.shown.useInReply')}
                    </label>
                    {error(`${path}.useInReply`) && (
                      <p id={`${id(`${path}.useInReply`)}-error`} class="field-error" role="alert">
                        {error(`${path}.useInReply`)}
                      </p>
                    )}
                  </div>
                )}
                <button type="button" onClick={() => set({ fields: draft.fields.filter((_, i) => i !== at) })}>
                  {t(list ? 'act.shown.removeColumn' : 'act.shown.remove', { n })}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            data-field={shownAt}
            onClick={() => set({ fields: [...draft.fields, blankField()] })}
            {...(error(shownAt) ? { 'aria-describedby': `${id(shownAt)}-error` } : {})}
          >
            {t(list ? 'act.shown.addColumn' : 'act.shown.add')}
          </button>
          {error(shownAt) && (
            <p id={`${id(shownAt)}-error`} class="field-error" role="alert">
              {error(shownAt)}
            </p>
          )}
        </>
      )}
      <TryAction server={server} connection={connection} checked={checked} draft={draft} onInvalid={() => setSubmitted(true)} idPrefix={id('try')} />
      {((submitted && !checked.ok) || refused.length > 0) && (
        <p class="note" role="alert">
          {t('act.form.invalid')}
        </p>
      )}
      {run.state === 'failed' && <ErrorAlert title={t('act.saveFailed')} error={run.error} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={run.state === 'running'}>
          {t('act.form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('act.form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** An action's label in the page's language: the Japanese one when there is one. */
export const actionLabel = (t: Translate, action: { label: string; labelJa?: string | undefined }) =>
  t.locale === 'ja' ? (action.labelJa ?? action.label) : action.label;
