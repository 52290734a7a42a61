/** Test support: a session record for a token the sandbox minted (test data, not a stand-in for our code). */
import { parseTokenAnswer } from '../../src/shared/token-answer';
import type { TokenRecord } from '../../src/shared/token-record';
import type { Sandbox } from './sandbox';

export function issuedRecord(sandbox: Sandbox, lifetimeSeconds = 3600, user?: Record<string, unknown>): TokenRecord {
  const answer = sandbox.issueToken({ lifetimeSeconds, ...(user ? { user } : {}) });
  return parseTokenAnswer({ ...answer, expires_in: lifetimeSeconds }, Date.now(), 60);
}
