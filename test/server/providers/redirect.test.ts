import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api-error';
import { connectionClient } from '../../../src/server/providers/client';
import type { ConnectionKind } from '../../../src/shared/connection';
import { createCatcher } from '../../sandbox/catcher.js';
import { useProviders } from './support';

const p = await useProviders();
const catcher = await createCatcher();
afterAll(() => catcher.close());
beforeEach(() => {
  catcher.reset();
  p.sandbox.redirectAll(catcher.url);
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('a connection whose server answers with a redirect to another origin', () => {
  const kinds: ConnectionKind[] = ['fujitsu-api-key', 'fujitsu-legacy', 'fujitsu-oauth', 'mico'];
  for (const kind of kinds) {
    it(`${kind}: the probe fails naming the redirect, and the other origin receives nothing`, async () => {
      const connection = p.connection(kind);
      const error = await failure(connectionClient(connection, p.deps()).probe());
      expect(error.code).toBe('REDIRECTED');
      expect(error.status).toBe(307);
      expect(error.retryable).toBe(false);
      expect(catcher.log).toEqual([]);
    });
  }

  it('the secret of a legacy token request is never re-sent: one POST reached the sandbox, none the other origin', async () => {
    await failure(connectionClient(p.connection('fujitsu-legacy'), p.deps()).getJson('/v1/health'));
    expect(p.requests('/fujitsu/auth/v1/tokens').map((r: { status: unknown }) => r.status)).toEqual([307]);
    expect(catcher.log).toEqual([]);
  });
});
