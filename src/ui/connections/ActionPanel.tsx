/**
 * One action of a connection on the card, as a compact panel: its label, when its answer was fetched
 * and a refresh, then the answer (ActionAnswer) or what went wrong in plain words. An action that runs
 * on open runs as soon as the card knows the values it needs; one that runs on a click waits for the
 * agent (and for the value it asks for, checked against the admin's pattern before anything is sent).
 * Nothing to say (an empty list) keeps it to one line.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type AppServer, FieldProblems, runAction } from '../../api/app-server';
import { useT } from '../../i18n';
import { enActions } from '../../i18n/en-actions';
import { enConnections } from '../../i18n/en-connections';
import { type ConnectionAction, inputPattern } from '../../shared/connection-action';
import type { ActionRunAnswer } from '../../shared/wire';
import { ErrorDetails } from '../ErrorDetails';
import { Field } from '../Field';
import { useRun } from '../use-run';
import { ActionAnswer } from './ActionAnswer';
import { actionNextStep, actionReason } from './action-failure';
import { type CardValues, variablesFor } from './action-values';
import { fetchedText, hasSomething, labelOf } from './answer-format';

/** What a panel has to say, for the section's one-line summary. */
export type PanelState = 'answer' | 'empty' | 'failed' | 'quiet';

export interface ActionPanelProps {
  server: AppServer;
  connectionId: string;
  /** The connection's name, for its own words and the next step ("check the Mico connection's secret"). */
  name: string;
  action: ConnectionAction;
  values: CardValues;
  onUseInReply?: ((text: string) => void) | undefined;
  onState(state: PanelState): void;
}

export function ActionPanel({ server, connectionId, name, action, values, onUseInReply, onState }: ActionPanelProps) {
  const t = useT(enActions, enConnections);
  const [run, start] = useRun<ActionRunAnswer>();
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string>();
  /** The values the last run was sent with, for a refresh. */
  const sent = useRef<string | undefined>(undefined);
  const label = labelOf(t, action);
  const id = `action-${connectionId}-${action.id}`;
  const inputLabel = action.input ? labelOf(t, action.input) : '';

  const go = (typed: string | undefined, fresh: boolean) => {
    const variables = variablesFor(action, values, typed);
    if (!variables) return;
    sent.current = typed;
    setInputError(undefined);
    start(() =>
      runAction(server, connectionId, action.id, { variables, fresh }, { repeatable: action.method === 'GET' }).catch((error: unknown) => {
        // The server's refusal of the typed value belongs at the field.
        const atInput = error instanceof FieldProblems ? error.problems.find(({ field }) => field === 'variables.input') : undefined;
        if (atInput) setInputError(atInput.words);
        throw error;
      }),
    );
  };

  // On open: once, as soon as the conversation's values it needs are known (a refresh asks again).
  const opened = useRef<string | undefined>(undefined);
  const key = action.runs === 'on-open' && variablesFor(action, values) ? `${values.conversationId}|${values.customerNumber}` : undefined;
  useEffect(() => {
    if (key === undefined || opened.current === key) return;
    opened.current = key;
    go(undefined, false);
  }, [key]);

  const state: PanelState = run.state === 'failed' ? 'failed' : run.state === 'done' ? (hasSomething(run.value.result) ? 'answer' : 'empty') : 'quiet';
  useEffect(() => onState(state), [state]);

  const submit = (event: Event) => {
    event.preventDefault();
    const value = input.trim();
    if (action.input) {
      const problem = !value
        ? t('action.inputRequired', { label: inputLabel })
        : inputPattern(action.input).test(value)
          ? undefined
          : t('action.inputInvalid', { label: inputLabel });
      setInputError(problem);
      if (problem) return;
    }
    go(value, true);
  };
  const refresh = () => go(sent.current, true);
  const missing = !variablesFor(action, values, '');
  const done = run.state === 'done' ? run.value : undefined;

  return (
    <section class="action" aria-labelledby={id}>
      <div class="bar">
        <h4 id={id}>{label}</h4>
        {done && !hasSomething(done.result) && <span class="quiet">{t('action.empty')}</span>}
        {done && <span class="quiet when">{fetchedText(t, done.fetchedAt)}</span>}
        {(done || run.state === 'failed') && (
          <button type="button" class="link" aria-label={t('action.refresh', { label })} title={t('action.refresh', { label })} onClick={refresh}>
            ↻
          </button>
        )}
        {action.runs === 'on-click' && !action.input && (
          <button type="button" disabled={run.state === 'running' || missing} onClick={() => go(undefined, true)}>
            {t('action.run')}
          </button>
        )}
      </div>
      {action.runs === 'on-click' && action.input && (
        <form class="action-input" onSubmit={submit} noValidate>
          <Field id={`${id}-input`} label={inputLabel} error={inputError}>
            {(aria) => (
              <input
                {...aria}
                value={input}
                autoComplete="off"
                onInput={(event) => {
                  setInput(event.currentTarget.value);
                  setInputError(undefined);
                }}
              />
            )}
          </Field>
          <button type="submit" disabled={run.state === 'running' || missing}>
            {t('action.run')}
          </button>
        </form>
      )}
      {missing && action.runs === 'on-click' && <p class="quiet">{t('action.needsConversation')}</p>}
      {run.state === 'running' && (
        <p role="status" class="quiet">
          {t('action.running')}
        </p>
      )}
      {run.state === 'failed' && !inputError && (
        <div role="alert" class="alert">
          <p class="alert-title">{t('action.failed', { label })}</p>
          <ErrorDetails
            error={run.error}
            onRetry={refresh}
            forceRetry={false}
            server={name}
            next={actionNextStep(t, run.error, name)}
            reason={actionReason(t, run.error, name)}
          />
        </div>
      )}
      {done && hasSomething(done.result) && <ActionAnswer result={done.result} onUseInReply={onUseInReply} name={name} />}
    </section>
  );
}
