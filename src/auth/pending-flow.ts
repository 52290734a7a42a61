/**
 * A sign-in in progress: the PKCE verifier and where to return. Kept in the store across the redirect,
 * single-use, and stale after 10 minutes.
 */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import type { Config } from '../config/config';
import { AuthError } from '../shared/auth-error';
import { withLock } from '../storage/lock';
import type { KeyValueStore } from '../shared/key-value-store';

export interface PendingFlow {
  state: string;
  verifier: string;
  redirectUri: string;
  /** Path and query of the page to show afterwards, relative to the site, without `state`. */
  returnTo: string;
  createdAt: number;
}

export const FLOW_LIFETIME_MS = 10 * 60 * 1000;
const key = (state: string) => `flow:${state}`;

/** Infobip hands the page its own `state`; without one, a fresh random one. */
export function createPendingFlow(config: Config, pageState: string | null, returnTo: string, now: number): PendingFlow {
  return {
    state: pageState || generateRandomState(),
    verifier: generateRandomCodeVerifier(),
    redirectUri: config.redirectUri,
    returnTo,
    createdAt: now,
  };
}

export async function authorizationUrl(config: Config, flow: PendingFlow): Promise<URL> {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', flow.redirectUri);
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', flow.state);
  url.searchParams.set('code_challenge', await calculatePKCECodeChallenge(flow.verifier));
  // Infobip's document does not name the method; S256 is what every reading accepts.
  url.searchParams.set('code_challenge_method', 'S256');
  return url;
}

export function savePendingFlow(store: KeyValueStore, flow: PendingFlow): Promise<void> {
  return store.set(key(flow.state), flow);
}

function isPendingFlow(value: unknown): value is PendingFlow {
  const f = value as PendingFlow | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.state === 'string' &&
    typeof f.verifier === 'string' &&
    /^[A-Za-z0-9._~-]{43,128}$/.test(f.verifier) &&
    typeof f.redirectUri === 'string' &&
    typeof f.returnTo === 'string' &&
    typeof f.createdAt === 'number'
  );
}

/** Drops the stored copy of a flow answered without it (in the card that holds it). */
export function forgetPendingFlow(store: KeyValueStore, state: string): Promise<void> {
  return store.del(key(state));
}

/** Removes and returns the flow for `state`: a second call finds nothing, so a code is exchanged once. */
export async function takePendingFlow(store: KeyValueStore, state: string, now: number): Promise<PendingFlow> {
  const found = await withLock('exchange-card:flow', async () => {
    const value = await store.get(key(state));
    if (value !== undefined) await store.del(key(state));
    return value;
  });
  if (!isPendingFlow(found) || found.state !== state) {
    throw new AuthError('STATE_MISMATCH', 'The sign-in answer does not match a sign-in started in this browser.');
  }
  if (now - found.createdAt > FLOW_LIFETIME_MS || found.createdAt > now + 60_000) {
    throw new AuthError('FLOW_EXPIRED', 'The sign-in took longer than 10 minutes.');
  }
  return found;
}
