import { describe, expect, it } from 'vitest';
import { connectionClient } from '../../../src/server/providers/client';
import { useProviders } from './support';

const p = await useProviders();
const HEALTH = '/fujitsu/v1/health';

describe('Fujitsu with API keys', () => {
  it('sends the Primary key as X-Api-Key', async () => {
    const client = connectionClient(p.connection('fujitsu-api-key'), p.deps());
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.fujitsu.keyUses).toEqual([{ key: 'primary', accepted: true }]);
  });

  it('the Primary revoked mid-session: the same request succeeds with the Secondary, which is remembered by every card', async () => {
    const deps = p.deps();
    const client = connectionClient(p.connection('fujitsu-api-key'), deps);
    await client.getJson('/v1/health');
    p.fujitsu.revokeKey('primary');
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    await client.getJson('/v1/health');
    await connectionClient(p.connection('fujitsu-api-key'), deps).getJson('/v1/health'); // another card, same browser
    expect(p.fujitsu.keyUses).toEqual([
      { key: 'primary', accepted: true },
      { key: 'primary', accepted: false },
      { key: 'secondary', accepted: true },
      { key: 'secondary', accepted: true },
      { key: 'secondary', accepted: true },
    ]);
  });

  it('two cards that see the Primary refused at once both settle on the Secondary', async () => {
    const deps = p.deps();
    p.fujitsu.revokeKey('primary');
    const cards = [1, 2].map(() => connectionClient(p.connection('fujitsu-api-key'), deps));
    await Promise.all(cards.map((card) => card.getJson('/v1/health')));
    await Promise.all(cards.map((card) => card.getJson('/v1/health')));
    expect(p.fujitsu.keyUses.slice(-2)).toEqual([
      { key: 'secondary', accepted: true },
      { key: 'secondary', accepted: true },
    ]);
  });

  it('goes back to the Primary when it was regenerated and the Secondary is the one refused now', async () => {
    const deps = p.deps();
    const client = connectionClient(p.connection('fujitsu-api-key'), deps);
    p.fujitsu.revokeKey('primary');
    await client.getJson('/v1/health');
    p.fujitsu.reset(); // the Primary works again
    p.fujitsu.revokeKey('secondary');
    await expect(client.getJson('/v1/health')).resolves.toEqual({ status: 'ok' });
    expect(p.fujitsu.keyUses).toEqual([
      { key: 'secondary', accepted: false },
      { key: 'primary', accepted: true },
    ]);
  });

  it("both keys refused: one error naming the connection and saying both keys failed, with the gateway's words", async () => {
    p.fujitsu.revokeKey('primary');
    p.fujitsu.revokeKey('secondary');
    const client = connectionClient(p.connection('fujitsu-api-key', { name: 'Fujitsu prod' }), p.deps());
    const error = await client.getJson('/v1/health').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_CREDENTIALS', status: 401, retryable: false, detail: expect.stringContaining('invalid subscription key') });
    expect((error as Error).message).toBe('"Fujitsu prod": both the Primary and the Secondary API key were refused (HTTP 401).');
    expect(p.requests(HEALTH)).toHaveLength(2);
  });
});
