import { describe, expect, it } from 'vitest';
import { checkDraft, newDraft, MICO_SCOPE } from '../../src/shared/connection-fields';

describe('connection records', () => {
  it('a new draft carries the documented defaults', () => {
    expect(newDraft('mico', 'm')).toEqual({
      id: 'm',
      kind: 'mico',
      name: 'Mico Voice AI',
      baseUrl: 'https://api.micovoice.com',
      probePath: '/v1/campaigns',
      scope: MICO_SCOPE,
      tokenPath: '/oauth/token',
      callPath: '/v1/outbound_calls/{uid}',
    });
    expect(newDraft('fujitsu-oauth', 'f')).toMatchObject({
      baseUrl: 'https://api.aispf.global.fujitsu.com',
      tokenPath: '/auth/v2/tokens',
      basicEncoding: 'form',
    });
    expect(newDraft('fujitsu-legacy', 'f').tokenPath).toBe('/auth/v1/tokens');
  });

  it('says what is wrong with each field', () => {
    const checked = checkDraft({
      ...newDraft('mico', 'm'),
      name: ' ',
      baseUrl: 'http://api.micovoice.com',
      probePath: 'v1/campaigns',
      clientId: 'id',
      scope: '"outbound_calls:read"',
      callPath: '/v1/outbound_calls',
    });
    expect(checked).toEqual({
      ok: false,
      problems: { name: 'required', baseUrl: 'url', probePath: 'path', clientSecret: 'required', scope: 'scope', callPath: 'uid' },
    });
  });

  it('trims, drops a trailing slash, and allows http only on this machine', () => {
    const checked = checkDraft({
      ...newDraft('fujitsu-api-key', 'k'),
      baseUrl: 'http://localhost:8080/fujitsu/ ',
      probePath: '/v1/health',
      primaryKey: ' p ',
      secondaryKey: 's',
    });
    expect(checked).toMatchObject({ ok: true, connection: { baseUrl: 'http://localhost:8080/fujitsu', primaryKey: 'p' } });
  });

  it('an empty secret keeps the saved one; a typed one replaces it', () => {
    const saved = checkDraft({ ...newDraft('fujitsu-api-key', 'k'), probePath: '/v1/health', primaryKey: 'p1', secondaryKey: 's1' });
    if (!saved.ok) throw new Error('setup');
    const edited = checkDraft({ ...newDraft('fujitsu-api-key', 'k'), name: 'Renamed', probePath: '/v1/health', primaryKey: 'p2' }, saved.connection);
    expect(edited).toMatchObject({ ok: true, connection: { name: 'Renamed', primaryKey: 'p2', secondaryKey: 's1' } });
    // Another connection's secrets are never borrowed.
    expect(checkDraft({ ...newDraft('fujitsu-api-key', 'other'), probePath: '/v1/health' }, saved.connection)).toMatchObject({ ok: false });
  });
});
