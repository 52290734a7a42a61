/**
 * Signing out's part away from this browser, loaded when an agent signs out: the token record leaves
 * the store, and the app server ends its session.
 */
import type { TokenCache } from '../shared/token-cache';
import type { TokenRecord } from '../shared/token-record';
import type { SessionDeps } from './token-store';

/** How long signing out waits for the app server to end its session: the agent is waiting. */
const SERVER_SIGN_OUT_TIMEOUT_MS = 5_000;

/** POST /auth/sign-out; true when the server session is over (or there is none). */
async function endAtServer(deps: SessionDeps, credential: string | undefined): Promise<boolean> {
  const serverUrl = deps.config.serverUrl;
  if (!serverUrl || !credential) return true;
  const { endServerSession } = await import('./server-token-endpoint');
  return endServerSession(serverUrl, credential, { timeoutMs: SERVER_SIGN_OUT_TIMEOUT_MS, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
}

/**
 * Forgets the stored token (`renewal`'s cache) and ends the app server's session of `newest`, the
 * newest record. `serverUnreachable`: the server could not be told, so its session lasts until it expires.
 */
export async function forgetEverywhere(
  deps: SessionDeps,
  newest: Promise<TokenRecord>,
  renewal: () => Promise<TokenCache<TokenRecord>>,
): Promise<{ serverUnreachable: boolean }> {
  const { server } = await newest;
  let serverUnreachable = false;
  try {
    await (await renewal()).forget();
  } finally {
    // Read before the store forgot it: a refresh in flight may replace it meanwhile, and the server
    // ends the session for a just-replaced credential too.
    serverUnreachable = !(await endAtServer(deps, server));
  }
  return { serverUnreachable };
}
