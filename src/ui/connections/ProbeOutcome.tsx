/** A probe's answer as labelled values: whether the connection is reachable, the time taken, and the server's own words when it answered an error. */
import { useT } from '../../i18n';
import { enConnections } from '../../i18n/en-connections';
import type { ProbeResult } from '../../shared/wire';

export function ProbeOutcome({ result, server }: { result: ProbeResult; server: string }) {
  const t = useT(enConnections);
  const ok = result.status < 400;
  return (
    <div role="status">
      <dl class="fields">
        <div>
          <dt>{t('conn.probe.status')}</dt>
          <dd class={ok ? undefined : 'note'}>{ok ? t('conn.probe.reachable') : t('conn.probe.answeredError', { status: result.status })}</dd>
        </div>
        <div>
          <dt>{t('conn.probe.time')}</dt>
          <dd>{t('conn.probe.ms', { ms: new Intl.NumberFormat(t.locale).format(result.ms) })}</dd>
        </div>
      </dl>
      {result.detail && <p class="said">{t('conn.probe.said', { name: server, words: result.detail })}</p>}
    </div>
  );
}
