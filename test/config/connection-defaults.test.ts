import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config';
import { draftFromDefaults } from '../../src/config/connection-defaults';

describe("config.json's connections", () => {
  it('reads config.json defaults over the documented ones, refusing unknown kinds and fields by name', () => {
    expect(draftFromDefaults({ id: 'prod', kind: 'fujitsu-oauth', name: 'Fujitsu prod', clientId: 'abc', probePath: '/v1/health' }, 0)).toMatchObject({
      id: 'prod',
      name: 'Fujitsu prod',
      clientId: 'abc',
      tokenPath: '/auth/v2/tokens',
    });
    expect(() => draftFromDefaults({ id: 'x', kind: 'salesforce' }, 2)).toThrow(
      new ConfigError('connections[2].kind', 'must be one of mico, fujitsu-api-key, fujitsu-oauth, fujitsu-legacy'),
    );
    expect(() => draftFromDefaults({ id: 'x', kind: 'mico', baseURL: 'https://x' }, 0)).toThrow(/connections\[0\]\.baseURL/);
    expect(() => draftFromDefaults({ id: 'x', kind: 'fujitsu-api-key', clientId: 'c' }, 0)).toThrow(/connections\[0\]\.clientId/);
    expect(() => draftFromDefaults({ id: 'x', kind: 'mico', scope: 3 }, 0)).toThrow(/must be a string/);
    expect(() => draftFromDefaults({ id: 'my mico', kind: 'mico' }, 1)).toThrow(/connections\[1\]\.id/);
  });
});
