/**
 * One token's session and the Infobip client that calls with it, built once: start-up asks for the
 * card's messages with the client the page then uses, so a stored token the server refuses is renewed,
 * or sends the page through sign-in, like any later call's, and renewed once.
 */
import { createInfobipClient, type InfobipClient } from '../api/infobip/client';
import type { TokenRecord } from '../shared/token-record';
import { createSession, type Session } from './session';
import type { SessionDeps } from './token-store';

export interface SignedIn {
  record: TokenRecord;
  session: Session;
  infobip: InfobipClient;
  /**
   * Hears why a call found no working token (the page signs in again); told at once when that
   * happened before it listened, as it may while start-up's first call runs.
   */
  onLost(listener: (error: unknown) => void): () => void;
}

export function startSession(deps: SessionDeps, record: TokenRecord): SignedIn {
  const session = createSession(deps, record);
  const listeners = new Set<(error: unknown) => void>();
  let lost: [unknown] | undefined;
  // The call fails too, so a send can note that it never went.
  const fail = (error: unknown): Promise<never> => {
    lost ??= [error];
    for (const listener of listeners) listener(error);
    return Promise.reject(error);
  };
  const infobip = createInfobipClient(deps.config, { current: () => session.current().catch(fail), recover: (failed) => session.recover(failed).catch(fail) });
  return {
    record,
    session,
    infobip,
    onLost(listener) {
      if (lost) listener(lost[0]);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
