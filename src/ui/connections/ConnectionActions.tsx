/**
 * The card's connections section: the account's connections from the app server, and the actions it
 * performs for them — for Mico, an outbound call looked up by UID; for Fujitsu, a probe. The card
 * imports this module dynamically, only when an app server is configured, so none of it weighs on the
 * card otherwise. Everything the server relays is rendered as text, under localised labels.
 */
import { useState } from 'preact/hooks';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { enConnections } from '../../i18n/en-connections';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../use-load';
import { useRun } from '../use-run';
import { listConnections, lookUpCall, runProbe, type AppServer } from '../../api/app-server';
import type { ConnectionView } from '../../shared/wire';
import type { ProbeResult } from '../../shared/wire';
import { ProbeOutcome } from './ProbeOutcome';

export interface ConnectionActionsProps {
  server: AppServer;
}

/** Nested answers as `a.b` / `a[0]` paths, each with its value as text. */
function flatten(value: unknown, path = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[path, value]];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
  return entries.flatMap(([p, v]) => flatten(v, p));
}

const LABELLED = new Set([
  'uid',
  'status',
  'direction',
  'to',
  'from',
  'campaign.name',
  'campaign.uid',
  'started_at',
  'ended_at',
  'duration_seconds',
  'outcome',
  'summary',
]);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** A field of Mico's answer under our label when we know it (its own name otherwise), its value as the reader's language writes it. */
function labelled(t: Translate, key: string, value: unknown): [string, string] {
  const label = LABELLED.has(key) ? t(`conn.call.${key}` as MessageKey) : key;
  if (key === 'duration_seconds' && typeof value === 'number')
    return [label, t('conn.call.seconds', { seconds: new Intl.NumberFormat(t.locale).format(value) })];
  if (typeof value === 'string' && ISO_TIME.test(value))
    return [label, new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))];
  return [label, value === null ? '—' : String(value)];
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
  const fields = run.state === 'done' ? flatten(run.value).map(([key, value]) => labelled(t, key, value)) : [];
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
