import { screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { ProbeOutcome } from '../../../src/ui/connections/ProbeOutcome';
import { renderIn } from '../harness';

describe("a probe's outcome", () => {
  test('says whether the connection is reachable and how long it took, in words', () => {
    renderIn('en', <ProbeOutcome result={{ status: 200, ms: 1234 }} server="Fujitsu keys" />);
    expect(screen.getByRole('status').textContent).toBe('StatusReachableResponse time1,234 ms');
  });

  test("an error answer shows its status and the server's own words, as text", () => {
    renderIn('en', <ProbeOutcome result={{ status: 503, ms: 80, detail: '<b>down</b>' }} server="Fujitsu keys" />);
    expect(screen.getByRole('status').textContent).toContain('HTTP 503');
    expect(screen.getByText('Fujitsu keys said: “<b>down</b>”').tagName).toBe('P');
    expect(document.querySelector('b')).toBeNull();
  });

  test('in Japanese, the server’s words upright in 「」', async () => {
    renderIn('ja', <ProbeOutcome result={{ status: 503, ms: 80, detail: 'Service down' }} server="Fujitsu keys" />);
    expect(screen.getByText('Fujitsu keys の応答：「Service down」')).toBeTruthy();
    expect(document.querySelector('q, i, em')).toBeNull();
  });
});
