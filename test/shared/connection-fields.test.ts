import { describe, expect, it } from 'vitest';
import { checkDraft, FIELDS, KINDS, maxLengthOf, newDraft, SECRETS } from '../../src/shared/connection-fields';

describe('connection records', () => {
  it.each(KINDS)('a new %s draft asks only for what an admin must type: every default passes the check', (kind) => {
    const draft = newDraft(kind, 'x');
    const checked = checkDraft(draft);
    if (checked.ok) throw new Error('a draft without its secrets passed');
    // Only empty fields are reported, and every secret is among them.
    expect(new Set(Object.values(checked.problems))).toEqual(new Set(['required']));
    for (const secret of FIELDS[kind].filter((field) => SECRETS.includes(field))) expect(checked.problems).toHaveProperty(secret);
    const typed = Object.fromEntries(Object.keys(checked.problems).map((field) => [field, 'typed']));
    expect(checkDraft({ ...draft, ...typed })).toMatchObject({ ok: true });
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

  it('refuses a value longer than its field takes (a 20 KB name was stored), and says how long it may be', () => {
    const fits = { ...newDraft('fujitsu-api-key', 'k'), probePath: '/v1/health', primaryKey: 'p', secondaryKey: 's' };
    expect(checkDraft({ ...fits, name: 'n'.repeat(maxLengthOf('name')), primaryKey: 'p'.repeat(maxLengthOf('primaryKey')) })).toMatchObject({ ok: true });
    const checked = checkDraft({ ...fits, name: 'n'.repeat(20 * 1024), probePath: `/${'p'.repeat(maxLengthOf('probePath'))}` });
    expect(checked).toEqual({ ok: false, problems: { name: 'long', probePath: 'long' } });
    expect(maxLengthOf('name')).toBeLessThan(maxLengthOf('probePath'));
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

  it.each([
    ['baseUrl', 'https://elsewhere.example'],
    ['tokenPath', '/auth/v1/steal'],
    ['clientId', 'someone-else'],
  ])('an empty secret is not kept when the %s changes: it must be typed again', (field, value) => {
    const saved = checkDraft({ ...newDraft('fujitsu-oauth', 'o'), clientId: 'me', clientSecret: 'kept' });
    if (!saved.ok) throw new Error('setup');
    const same = checkDraft(
      { ...newDraft('fujitsu-oauth', 'o'), clientId: ' me ', baseUrl: `${saved.connection.baseUrl}/`, name: 'Renamed' },
      saved.connection,
    );
    expect(same).toMatchObject({ ok: true, connection: { clientSecret: 'kept' } });
    const moved = checkDraft({ ...newDraft('fujitsu-oauth', 'o'), clientId: 'me', [field]: value }, saved.connection);
    expect(moved).toEqual({ ok: false, problems: { clientSecret: 'retype' } });
    expect(checkDraft({ ...newDraft('fujitsu-oauth', 'o'), clientId: 'me', [field]: value, clientSecret: 'typed' }, saved.connection)).toMatchObject({
      ok: true,
    });
  });

  it('an empty secret is not kept when the kind changes', () => {
    const saved = checkDraft({ ...newDraft('fujitsu-legacy', 'l'), clientId: 'me', clientSecret: 'kept' });
    if (!saved.ok) throw new Error('setup');
    expect(checkDraft({ ...newDraft('fujitsu-oauth', 'l'), clientId: 'me' }, saved.connection)).toEqual({ ok: false, problems: { clientSecret: 'retype' } });
  });
});
