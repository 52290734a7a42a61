/** A probe's answer: status and time taken, and the server's own words when it was not a success. */
import type { ProbeResult } from '../client';
import { CARD, useStrings } from './strings';

export function ProbeOutcome({ result, server }: { result: ProbeResult; server: string }) {
  const say = useStrings(CARD);
  return (
    <p role="status" class={result.status < 300 ? undefined : 'note'}>
      {say('probe.result', { status: result.status, ms: result.ms })}
      {result.detail && (
        <>
          {' '}
          {say('probe.said', { name: server })} <q class="said">{result.detail}</q>
        </>
      )}
    </p>
  );
}
