/**
 * What a connection's action answered, as an agent reads it at a glance: chosen fields as a compact
 * list of labels and values, a list as a compact table ("3 of 12" when the server cut it), a
 * reachability check in one line. Labels in the page's language; every value rendered as text (a link
 * only to an http(s) page). Used by the card's action panels and the settings page's "Try it".
 */
import { useT } from '../../i18n';
import { enActions } from '../../i18n/en-actions';
import type { ActionResult } from '../../shared/connection-action';
import { hasSomething, labelOf, reachableText, shownValue, type Shown } from './answer-format';

export interface ActionAnswerProps {
  /** What the server sent back for the action (POST /connections/:id/actions/:action's `result`). */
  result: ActionResult;
  /** Given: each non-empty field marked "Use in reply" gets a button that hands its text over (to the composer). */
  onUseInReply?: ((text: string) => void) | undefined;
  /** The connection's name, for its own words when a reachability check got an error ("Mico said: …"). */
  name?: string | undefined;
}

function Value({ shown }: { shown: Shown }) {
  return shown.href ? (
    <a href={shown.href} target="_blank" rel="noopener noreferrer">
      {shown.text}
    </a>
  ) : (
    shown.text
  );
}

export function ActionAnswer({ result, onUseInReply, name }: ActionAnswerProps) {
  const t = useT(enActions);
  switch (result.kind) {
    case 'reachable':
      return (
        <div class="answer">
          <p class={result.status < 400 ? undefined : 'note'}>{reachableText(t, result)}</p>
          {result.detail && <p class="said">{t('action.said', { name: name ?? '', words: result.detail })}</p>}
        </div>
      );
    case 'fields':
      if (!hasSomething(result)) return <p class="answer quiet">{t('action.empty')}</p>;
      return (
        <dl class="answer fields compact">
          {result.fields.map((field, index) => {
            const label = labelOf(t, field);
            const reply = onUseInReply && field.useInReply && typeof field.value === 'string' && field.value.trim() !== '' ? field.value : undefined;
            return (
              <div key={index}>
                <dt>{label}</dt>
                <dd>
                  <Value shown={shownValue(t, field.format, field.value)} />
                  {reply !== undefined && (
                    <button type="button" class="link use" aria-label={t('action.useInReplyLabel', { label })} onClick={() => onUseInReply?.(reply)}>
                      {t('action.useInReply')}
                    </button>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      );
    case 'list':
      if (result.rows.length === 0) return <p class="answer quiet">{t('action.empty')}</p>;
      return (
        <div class="answer">
          <table class="rows">
            <thead>
              <tr>
                {result.columns.map((column, index) => (
                  <th key={index} scope="col">
                    {labelOf(t, column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, r) => (
                <tr key={r}>
                  {result.columns.map((column, c) => (
                    <td key={c} class={column.format === 'duration' ? 'whole' : undefined}>
                      <Value shown={shownValue(t, column.format, row[c])} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {result.total > result.rows.length && (
            <p class="quiet">{t('action.rowsShown', { shown: result.rows.length, total: new Intl.NumberFormat(t.locale).format(result.total) })}</p>
          )}
        </div>
      );
  }
}
