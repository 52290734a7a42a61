/**
 * The card's connections section: each connection's actions (the server sends an agent only the ones
 * every agent may run) as compact panels, run with the conversation's values. Folded to one line at the
 * card's foot ("Connections · 2 answers") so the messages keep the card; opened, it takes at most about
 * half the card's height and scrolls inside itself. The card imports this module dynamically, only
 * when an app server is configured. Everything the server relays is rendered as text.
 */
import { useMemo, useState } from 'preact/hooks';
import { type AppServer, listConnections } from '../../api/app-server';
import { useT } from '../../i18n';
import { enActions } from '../../i18n/en-actions';
import { enConnections } from '../../i18n/en-connections';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../use-load';
import { ActionPanel, type PanelState } from './ActionPanel';
import type { ConversationMessage } from '../../api/infobip/messages';
import { cardValues } from './action-values';

export interface ConnectionActionsProps {
  server: AppServer;
  conversationId: string | undefined;
  /** The conversation's messages, oldest first, once loaded: the actions' values come from them. */
  messages: readonly ConversationMessage[] | undefined;
  /** "Use in reply": the text goes into the SMS composer for the agent to edit. */
  onUseInReply?: ((text: string) => void) | undefined;
}

export function ConnectionActions({ server, conversationId, messages, onUseInReply }: ConnectionActionsProps) {
  const values = useMemo(() => cardValues(conversationId, messages), [conversationId, messages]);
  const t = useT(enConnections, enActions);
  const [list, retry] = useLoad((signal) => listConnections(server, signal), server);
  const [open, setOpen] = useState(false);
  const [states, setStates] = useState<Record<string, PanelState>>({});
  const connections = list.state === 'ready' ? list.value.connections.filter((connection) => connection.actions.length > 0) : [];
  if (list.state === 'loading' || (list.state === 'ready' && connections.length === 0)) return null;
  // Shown at once, not behind the folded heading: the agent must know the answers are missing.
  if (list.state === 'failed') return <ErrorAlert title={t('conn.card.loadFailed')} error={list.error} onRetry={retry} forceRetry />;

  const count = (state: PanelState) => Object.values(states).filter((s) => s === state).length;
  const answers = count('answer');
  const failures = count('failed');
  const summary = [
    answers > 0 && t(answers === 1 ? 'action.answers.one' : 'action.answers.other', { count: answers }),
    failures > 0 && t(failures === 1 ? 'action.failures.one' : 'action.failures.other', { count: failures }),
  ].filter(Boolean);

  return (
    <section class="card-connections" aria-labelledby="conn-heading">
      {/* Folded until asked for: the answers never take the messages' place on a short card. */}
      <h2 id="conn-heading">
        <button type="button" class="link" aria-expanded={open} aria-controls="conn-body" onClick={() => setOpen(!open)}>
          {t('conn.card.heading')}
        </button>
        {summary.length > 0 && (
          <span class="quiet conn-summary" aria-live="polite">
            {` · ${summary.join(' · ')}`}
          </span>
        )}
      </h2>
      <div id="conn-body" class="connections" hidden={!open}>
        {connections.map((connection) => {
          const name = connection.settings.name ?? connection.id;
          return (
            <section key={connection.id} aria-labelledby={`conn-${connection.id}`}>
              <h3 id={`conn-${connection.id}`}>{name}</h3>
              {connection.actions.map((action) => {
                const key = `${connection.id}/${action.id}`;
                return (
                  <ActionPanel
                    key={key}
                    server={server}
                    connectionId={connection.id}
                    name={name}
                    action={action}
                    values={values}
                    onUseInReply={onUseInReply}
                    onState={(state) => setStates((now) => (now[key] === state ? now : { ...now, [key]: state }))}
                  />
                );
              })}
            </section>
          );
        })}
      </div>
    </section>
  );
}
