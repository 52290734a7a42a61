import { describe, expect, it } from 'vitest';
import { calculatePKCECodeChallenge } from 'oauth4webapi';
import { parseConfig } from '../../src/config/config';
import { FLOW_LIFETIME_MS, authorizationUrl, createPendingFlow, savePendingFlow, takePendingFlow } from '../../src/auth/pending-flow';
import { sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';

const page = new URL('https://cdn.example.com/apps/card/card.html');
const config = parseConfig({ clientId: 'd5e4c3b2a1f0e9d8c7b6a5f4e3d2c1b0', appId: 'app', scope: 'conversations' }, page);
const now = 1_700_000_000_000;

describe('the pending sign-in flow', () => {
  it("sends Infobip's state and an S256 challenge of the verifier in the authorize URL", async () => {
    const flow = createPendingFlow(config, 'WeHH_yy2irpl8UY', 'card.html?conversationId=c1', now);
    const url = await authorizationUrl(config, flow);
    expect(url.origin + url.pathname).toBe('https://oneapi.infobip.com/exchange/1/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: 'https://cdn.example.com/apps/card/callback.html',
      scope: 'conversations',
      state: 'WeHH_yy2irpl8UY',
      code_challenge: await calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow.verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  });

  it('makes a fresh random state when the page was opened without one', () => {
    const a = createPendingFlow(config, null, 'card.html', now);
    const b = createPendingFlow(config, '', 'card.html', now);
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(a.state).not.toBe(b.state);
  });

  it('is single-use: the second take finds nothing', async () => {
    const store = sealed(memoryStore());
    const flow = createPendingFlow(config, 'state-1', 'card.html', now);
    await savePendingFlow(store, flow);
    await expect(takePendingFlow(store, 'state-1', now + 1000)).resolves.toEqual(flow);
    await expect(takePendingFlow(store, 'state-1', now + 2000)).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
  });

  it('refuses an unknown state', async () => {
    const store = sealed(memoryStore());
    await savePendingFlow(store, createPendingFlow(config, 'mine', 'card.html', now));
    await expect(takePendingFlow(store, 'theirs', now)).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
  });

  it('goes stale after 10 minutes', async () => {
    const store = sealed(memoryStore());
    await savePendingFlow(store, createPendingFlow(config, 'old', 'card.html', now));
    await expect(takePendingFlow(store, 'old', now + FLOW_LIFETIME_MS + 1)).rejects.toMatchObject({ code: 'FLOW_EXPIRED' });
  });

  it('discards a malformed stored flow rather than using it', async () => {
    const store = sealed(memoryStore());
    await store.set('flow:bad', { state: 'bad', verifier: 'short', redirectUri: 'x', returnTo: '', createdAt: now });
    await expect(takePendingFlow(store, 'bad', now)).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
  });
});
