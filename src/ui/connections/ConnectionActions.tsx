/**
 * The card's connections section: the account's connections from the app server, and the actions it
 * performs for them — for Mico, an outbound call looked up by UID; for Fujitsu, a probe. The card
 * imports this module dynamically, only when an app server is configured, so none of it weighs on the
 * card otherwise. Everything the server relays is rendered as text, under localised labels.
 */
import { useState } from 'preact/hooks';
import { useT } from '../../i18n';
import { enConnections } from '../../i18n/en-connections';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../use-load';
import { useRun } from '../use-run';
import { listConnections, lookUpCall, runProbe, type AppServer } from '../../api/app-server';
import type { ConnectionView } from '../../shared/wire';
import type { ProbeResult } from '../../shared/wire';
import { callFields } from './call-fields';
import { ProbeOutcome } from './ProbeOutcome';

export interface ConnectionActionsProps {
  server: AppServer;
}

function CallLookup({ server, connection, name }: { server: AppServer; connection: ConnectionView; name: string }) {
  const t = useT(enConnections);
  const [uid, setUid] = useState('');
  const [run, start] = useRun<Record<string, unknown>>();
  const id = `uid-${connection.id}`;
  const lookUp = () => start(() => lookUpCall(server, connection.id, uid));
  const submit = (event: Event) => {
    event.preventDefault();
    if (uid.trim()) lookUp();
  };
  const fields = run.state === 'done' ? callFields(t, run.value) : [];
  return (
    <>
      <form onSubmit={submit} class="form">
        <label for={id}>{t('conn.card.uid')}</label>
        <input id={id} value={uid} required autoComplete="off" onInput={(e) => setUid(e.currentTarget.value)} />
        <button type="submit" disabled={run.state === 'running'}>
          {t('conn.card.lookUp')}
        </button>
      </form>
      {run.state === 'running' && (
        <p role="status" class="quiet">
          {t('conn.card.working')}
        </p>
      )}
      {run.state === 'failed' && <ErrorAlert title={t('conn.card.lookUpFailed', { name })} error={run.error} server={name} onRetry={lookUp} />}
      {run.state === 'done' &&
        (fields.length === 0 ? (
          <p class="quiet">{t('conn.card.callEmpty')}</p>
        ) : (
          <dl class="fields">
            {fields.map(([label, value], index) => (
              <div key={index}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ))}
    </>
  );
}

function Probe({ server, connection, name }: { server: AppServer; connection: ConnectionView; name: string }) {
  const t = useT(enConnections);
  const [run, start] = useRun<ProbeResult>();
  const probe = () => start(() => runProbe(server, connection.id));
  return (
    <>
      <button type="button" onClick={probe} disabled={run.state === 'running'}>
        {t('conn.card.probe')}
      </button>
      {run.state === 'running' && (
        <p role="status" class="quiet">
          {t('conn.card.working')}
        </p>
      )}
      {run.state === 'done' && <ProbeOutcome result={run.value} server={name} />}
      {run.state === 'failed' && <ErrorAlert title={t('conn.card.probeFailed', { name })} error={run.error} server={name} onRetry={probe} />}
    </>
  );
}

export function ConnectionActions({ server }: ConnectionActionsProps) {
  const t = useT(enConnections);
  const [list, retry] = useLoad((signal) => listConnections(server, signal), server);
  const [open, setOpen] = useState(false);
  if (list.state === 'loading' || (list.state === 'ready' && list.value.connections.length === 0)) return null;
  return (
    <section class="card-connections" aria-labelledby="conn-heading">
      {/* Collapsed until asked for: the answers never take the messages' place on a short card. */}
      <h2 id="conn-heading">
        <button type="button" class="link" aria-expanded={open} aria-controls="conn-body" onClick={() => setOpen(!open)}>
          {t('conn.card.heading')}
        </button>
      </h2>
      <div id="conn-body" class="connections" hidden={!open}>
        {list.state === 'failed' ? (
          <ErrorAlert title={t('conn.card.loadFailed')} error={list.error} onRetry={retry} forceRetry />
        ) : (
          list.value.connections.map((connection) => {
            const name = connection.settings.name ?? connection.id;
            return (
              <section key={connection.id} aria-labelledby={`conn-${connection.id}`}>
                <h3 id={`conn-${connection.id}`}>{name}</h3>
                {connection.kind === 'mico' ? (
                  <CallLookup server={server} connection={connection} name={name} />
                ) : (
                  <Probe server={server} connection={connection} name={name} />
                )}
              </section>
            );
          })
        )}
      </div>
    </section>
  );
}
