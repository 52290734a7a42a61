/**
 * The card's connections section: for each Mico connection, an outbound call looked up by UID and
 * shown as a list of fields; for each Fujitsu connection, a probe with its status and time. The card
 * imports this module dynamically, only once keys.ts's hasConnections() says there is something to
 * show, so none of it weighs on the card otherwise. Everything a server answers is rendered as text.
 */
import { useState } from 'preact/hooks';
import type { KeyValueStore } from '../../auth/store';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useLoad } from '../../ui/use-load';
import { connectionClient, type ConnectionClient, type ProbeResult } from '../client';
import { lookupOutboundCall } from '../outbound-call';
import { listConnections } from '../store';
import { ProbeOutcome } from './ProbeOutcome';
import { CARD, useStrings } from './strings';
import { useRun } from './use-run';

export interface ConnectionActionsProps {
  /** The app's sealed store (openStore().store): the connections, and each one's cached token. */
  store: KeyValueStore;
}

/** Nested answers as `a.b` / `a[0]` paths, each with its value as text. */
function flatten(value: unknown, path = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) return [[path, value === null ? 'null' : String(value)]];
  const entries = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
  return entries.flatMap(([p, v]) => flatten(v, p));
}

function CallLookup({ client }: { client: ConnectionClient }) {
  const say = useStrings(CARD);
  const [uid, setUid] = useState('');
  const [run, start] = useRun<Record<string, unknown>>();
  const id = `uid-${client.connection.id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    if (uid.trim()) start(() => lookupOutboundCall(client, uid));
  };
  const fields = run.state === 'done' ? flatten(run.value) : [];
  return (
    <>
      <form onSubmit={submit} class="form">
        <label for={id}>{say('card.uid')}</label>
        <input id={id} value={uid} required autoComplete="off" onInput={(e) => setUid(e.currentTarget.value)} />
        <button type="submit" disabled={run.state === 'running'}>
          {say('card.lookUp')}
        </button>
      </form>
      {run.state === 'running' && <p role="status" class="quiet">{say('card.working')}</p>}
      {run.state === 'failed' && (
        <ErrorAlert title={say('card.lookUpFailed', { name: client.connection.name })} error={run.error} server={client.connection.name} onRetry={() => start(() => lookupOutboundCall(client, uid))} />
      )}
      {run.state === 'done' &&
        (fields.length === 0 ? (
          <p class="quiet">{say('card.callEmpty')}</p>
        ) : (
          <dl class="fields">
            {fields.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ))}
    </>
  );
}

function Probe({ client }: { client: ConnectionClient }) {
  const say = useStrings(CARD);
  const [run, start] = useRun<ProbeResult>();
  const probe = () => start(() => client.probe());
  return (
    <>
      <button type="button" onClick={probe} disabled={run.state === 'running'}>
        {say('card.probe')}
      </button>
      {run.state === 'running' && <p role="status" class="quiet">{say('card.working')}</p>}
      {run.state === 'done' && <ProbeOutcome result={run.value} server={client.connection.name} />}
      {run.state === 'failed' && (
        <ErrorAlert title={say('card.probeFailed', { name: client.connection.name })} error={run.error} server={client.connection.name} onRetry={probe} />
      )}
    </>
  );
}

export function ConnectionActions({ store }: ConnectionActionsProps) {
  const say = useStrings(CARD);
  const [clients, retry] = useLoad(async () => (await listConnections(store)).map((c) => connectionClient(c, { store })), store);
  if (clients.state === 'loading' || (clients.state === 'ready' && clients.value.length === 0)) return null;
  return (
    <section class="connections">
      <h2>{say('card.heading')}</h2>
      {clients.state === 'failed' ? (
        <ErrorAlert title={say('card.loadFailed')} error={clients.error} onRetry={retry} forceRetry />
      ) : (
        clients.value.map((client) => (
          <section key={client.connection.id} aria-labelledby={`conn-${client.connection.id}`}>
            <h3 id={`conn-${client.connection.id}`}>{client.connection.name}</h3>
            {client.connection.kind === 'mico' ? <CallLookup client={client} /> : <Probe client={client} />}
          </section>
        ))
      )}
    </section>
  );
}
