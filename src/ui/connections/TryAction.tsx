/**
 * "Try it" in the action form: the action as it stands (not saved) run by the server with sample
 * values, showing the request the server sent (method, URL, body; its sign-in is never shown) and
 * exactly what an agent would see. Only the variables the templates use are asked for.
 */
import { useState } from 'preact/hooks';
import { tryAction, type AppServer } from '../../api/app-server';
import { useT } from '../../i18n';
import { enActionSettings } from '../../i18n/en-action-settings';
import { ApiError, type ApiErrorCode } from '../../shared/api-error';
import { API_ERROR_CODES } from '../../shared/api-error-codes';
import { variablesIn, type CheckedAction } from '../../shared/connection-action';
import type { ActionTryAnswer, ActionTryRequest, ConnectionView, ErrorAnswer } from '../../shared/wire';
import { ErrorAlert } from '../ErrorAlert';
import { Field } from '../Field';
import { useRun } from '../use-run';
import { ActionAnswer } from './ActionAnswer';
import { usesInput, usesMessages, type ActionDraft } from './action-draft';

type Sample = 'customerNumber' | 'conversationId' | 'channel' | 'agentUsername' | 'input' | 'recentMessages';
const SAMPLES: Sample[] = ['customerNumber', 'conversationId', 'channel', 'agentUsername', 'input', 'recentMessages'];

/** The error an agent would have had, as the page's errors are: its code, the server's words, the connection's. */
function errorOf(answer: ErrorAnswer): ApiError {
  const code = (API_ERROR_CODES as readonly string[]).includes(answer.error) ? (answer.error as ApiErrorCode) : 'SERVER';
  return new ApiError(code, answer.message, {
    ...(answer.upstreamStatus !== undefined ? { status: answer.upstreamStatus } : {}),
    ...(answer.detail ? { detail: answer.detail } : {}),
    ...(answer.fields ? { fields: answer.fields.map(({ field, words }) => ({ field, messages: [words] })) } : {}),
    retryable: answer.retryable === true,
  });
}

/** A JSON body laid out for reading; as sent when it is not JSON. */
function readableBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export interface TryActionProps {
  server: AppServer;
  connection: ConnectionView;
  checked: CheckedAction;
  draft: ActionDraft;
  /** Called when the action cannot be tried as it stands: the form then shows each field's problem. */
  onInvalid: () => void;
  idPrefix: string;
}

export function TryAction({ server, connection, checked, draft, onInvalid, idPrefix }: TryActionProps) {
  const t = useT(enActionSettings);
  const [samples, setSamples] = useState<Record<Sample, string>>({
    customerNumber: '',
    conversationId: '',
    channel: 'SMS',
    agentUsername: '',
    input: '',
    recentMessages: '',
  });
  const [notReady, setNotReady] = useState(false);
  const [run, start] = useRun<ActionTryAnswer>();
  const used = new Set(variablesIn(draft.method === 'POST' ? `${draft.path} ${draft.body}` : draft.path));
  const asked = SAMPLES.filter((sample) => (sample === 'input' ? usesInput(draft) : sample === 'recentMessages' ? usesMessages(draft) : used.has(sample)));
  const name = connection.settings.name ?? connection.id;

  const tryIt = () => {
    if (!checked.ok) {
      setNotReady(true);
      onInvalid();
      return;
    }
    setNotReady(false);
    const variables: ActionTryRequest['variables'] = {};
    for (const sample of asked) {
      if (sample === 'recentMessages') {
        variables.recentMessages = samples.recentMessages
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
      } else if (samples[sample].trim()) variables[sample] = samples[sample].trim();
    }
    start(() => tryAction(server, connection.id, checked.action, variables));
  };

  const label = (sample: Sample) =>
    sample === 'input'
      ? t('act.try.input', { label: (t.locale === 'ja' && draft.inputLabelJa.trim()) || draft.inputLabel.trim() || '{input}' })
      : t(`act.try.${sample}`);
  const answer = run.state === 'done' ? run.value : undefined;
  return (
    <section class="try-action" aria-labelledby={`${idPrefix}-heading`}>
      <h5 id={`${idPrefix}-heading`}>{t('act.try.heading')}</h5>
      <p class="hint">{t('act.try.intro')}</p>
      {asked.map((sample) => (
        <Field key={sample} id={`${idPrefix}-${sample}`} label={label(sample)}>
          {(aria) =>
            sample === 'recentMessages' ? (
              <textarea {...aria} rows={3} value={samples[sample]} onInput={(e) => setSamples({ ...samples, [sample]: e.currentTarget.value })} />
            ) : (
              <input
                {...aria}
                type="text"
                value={samples[sample]}
                autoComplete="off"
                spellcheck={false}
                onInput={(e) => setSamples({ ...samples, [sample]: e.currentTarget.value })}
                // Enter tries the action: it is inside the action's form, whose Enter would save it.
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    tryIt();
                  }
                }}
              />
            )
          }
        </Field>
      ))}
      <div class="actions">
        <button type="button" onClick={tryIt} disabled={run.state === 'running'}>
          {t('act.try.run')}
        </button>
      </div>
      {notReady && !checked.ok && (
        <p class="note" role="alert">
          {t('act.try.fixFirst')}
        </p>
      )}
      {run.state === 'running' && (
        <p role="status" class="quiet">
          {t('act.try.running')}
        </p>
      )}
      {run.state === 'failed' && <ErrorAlert title={t('act.try.failed')} error={run.error} onRetry={tryIt} />}
      {answer && (
        <div class="try-outcome">
          <h6>{t('act.try.request')}</h6>
          {answer.request ? (
            <>
              <p>
                <code>
                  {answer.request.method} {answer.request.url}
                </code>
              </p>
              {answer.request.body !== undefined && <pre class="text code">{readableBody(answer.request.body)}</pre>}
              <p class="hint">{t('act.try.secretNote')}</p>
            </>
          ) : (
            <p class="quiet">{t('act.try.requestNone')}</p>
          )}
          <h6>{t('act.try.agentSees')}</h6>
          {answer.answer ? (
            <ActionAnswer result={answer.answer.result} name={name} />
          ) : (
            answer.error && <ErrorAlert title={t('act.try.agentError')} error={errorOf(answer.error)} server={name} />
          )}
        </div>
      )}
    </section>
  );
}
