import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/shared/auth-error';
import { parseTokenAnswer } from '../../src/shared/token-answer';
import { isTokenRecord } from '../../src/shared/token-record';

const now = 1_700_000_000_000;
const documented = {
  token: '3d7908aa-7c5a-4a8b-9f6e-2a1b3c4d5e6f',
  tokenType: 'IBSSO',
  accountKey: '8F0792F86035A9F4290821F1EE6BC06A',
  userKey: 'F443A9D1F4A9C0B6C1A5D1B2C3D4E5F6',
  username: 'developeruser',
  email: 'developer@infobip.com',
  locale: 'en-US',
  roles: [{ id: 79, name: ' Manager 1' }],
  groups: [{ id: 54004, name: 'Group1' }],
};

function rejection(body: unknown): AuthError {
  try {
    parseTokenAnswer(body, now, 60);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

describe("Infobip's token answer", () => {
  it('is read as Infobip documents it, with the configured lifetime when it carries none', () => {
    expect(parseTokenAnswer(documented, now, 60)).toEqual({
      token: documented.token,
      tokenType: 'IBSSO',
      identity: {
        username: 'developeruser',
        email: 'developer@infobip.com',
        accountKey: documented.accountKey,
        userKey: documented.userKey,
        locale: 'en-US',
        roles: documented.roles,
        groups: documented.groups,
      },
      issuedAt: now,
      expiresAt: now + 60_000,
    });
  });

  it("is read in the variant Infobip's sample app reads (token_type, userName, expires_in)", () => {
    const record = parseTokenAnswer({ token: 't-1', token_type: 'IBSSO', userName: 'agent', email: 'a@b.c', expires_in: 3600 }, now, 60);
    expect(record.tokenType).toBe('IBSSO');
    expect(record.identity.username).toBe('agent');
    expect(record.identity.roles).toEqual([]);
    expect(record.expiresAt).toBe(now + 3_600_000);
  });

  it('reads expires_at as a lifetime when small, else as an instant in seconds or milliseconds', () => {
    expect(parseTokenAnswer({ ...documented, expires_at: 3600 }, now, 60).expiresAt).toBe(now + 3_600_000);
    expect(parseTokenAnswer({ ...documented, expires_at: now / 1000 + 120 }, now, 60).expiresAt).toBe(now + 120_000);
    expect(parseTokenAnswer({ ...documented, expires_at: now + 5000 }, now, 60).expiresAt).toBe(now + 5000);
    expect(rejection({ ...documented, expires_at: now / 1000 - 10 }).message).toContain('already expired');
  });

  it('holds every lifetime between 5 seconds and a day: never due on arrival, never Infinity', () => {
    const at = (expires_in: unknown) => parseTokenAnswer({ ...documented, expires_in }, now, 60).expiresAt;
    expect(at(5e-324)).toBe(now + 5_000);
    expect(at(1e306)).toBe(now + 86_400_000);
    expect(at('3600')).toBe(now + 3_600_000);
    expect(parseTokenAnswer({ ...documented, expires_at: 1e306 }, now, 60).expiresAt).toBe(now + 86_400_000);
  });

  it.each([
    ['no token', { ...documented, token: undefined }],
    ['a hexadecimal lifetime', { ...documented, expires_in: '0x10' }],
    ['a lifetime in exponent notation', { ...documented, expires_in: '1e3' }],
    ['a lifetime with spaces', { ...documented, expires_in: ' 60' }],
    ['a zero lifetime', { ...documented, expires_in: '0' }],
    ['an empty token', { ...documented, token: '' }],
    ['a token with spaces', { ...documented, token: 'a b' }],
    ['no token type', { ...documented, tokenType: undefined }],
    ['a token type that is not a word', { ...documented, tokenType: 'IB SSO' }],
    ['a numeric username', { ...documented, username: 5 }],
    ['roles that are not a list', { ...documented, roles: 'admin' }],
    ['a role without a name', { ...documented, roles: [{ id: 1 }] }],
    ['a negative lifetime', { ...documented, expires_in: -1 }],
    ['a list instead of an object', [documented]],
    ['null', null],
  ])('is refused with %s', (_, body) => {
    expect(rejection(body).code).toBe('TOKEN_ANSWER_INVALID');
  });

  it('round-trips through the stored-record check, which refuses foreign records', () => {
    expect(isTokenRecord(parseTokenAnswer(documented, now, 60))).toBe(true);
    expect(isTokenRecord({ access_token: 'x' })).toBe(false);
    expect(isTokenRecord({ token: 'x', tokenType: 'IBSSO', issuedAt: 1, expiresAt: 2 })).toBe(false);
    expect(isTokenRecord('token')).toBe(false);
  });
});
