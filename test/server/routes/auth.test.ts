/**
 * Sign-in through the server, attacked the way the security review did (issue 18 §3, §4): scripted
 * requests against the real server and the Infobip sandbox. Each case is one attack and what stops it;
 * "before Infobip is asked" is read off the sandbox's own log of token requests.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER } from '../../sandbox/infobip.js';
import { authorizationCode } from '../../support/sandbox';
import { APP_ORIGIN, OTHER_ACCOUNT, REDIRECT_URI, useServerWorld } from '../support';

const w = await useServerWorld();
const TOKEN = '/exchange/1/oauth/token';
const MINUTE = 60_000;
/** A code exchange that reaches Infobip when nothing stops it (which refuses the code). */
const JUNK = { code: 'deadbeefdeadbeef', code_verifier: 'x'.repeat(43), redirect_uri: REDIRECT_URI };

interface Sent {
  /** null: no such header. */
  origin?: string | null;
  type?: string | null;
  body?: unknown;
  credential?: string;
  forwardedFor?: string;
}

/** A POST as an attacker's script sends it: every header chosen, none added. */
async function post(path: string, { origin = APP_ORIGIN, type = 'application/json', body = JUNK, credential, forwardedFor }: Sent = {}) {
  const headers: Record<string, string> = {};
  if (origin !== null) headers.origin = origin;
  if (type !== null) headers['content-type'] = type;
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const response = await fetch(w.server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const tokenRequests = () => w.requests(TOKEN).length;
const me = async (credential: string) => (await w.call('GET', '/me', credential)).status;

describe('a signed-out credential is dead', () => {
  it('after sign-out the credential, and every one the session had before it, is refused, and the server keeps nothing of the session', async () => {
    const first = await w.signIn();
    const second = (await w.refresh(first.credential)).body.session.credential as string;
    expect(second).not.toBe(first.credential);
    expect((await w.call('POST', '/auth/sign-out', second)).status).toBe(204);
    for (const credential of [first.credential, second]) {
      expect(await me(credential)).toBe(401);
      expect((await w.refresh(credential)).status).toBe(401);
    }
    expect(await w.server.db.all('SELECT * FROM sessions')).toEqual([]);
    expect(await w.server.db.all('SELECT * FROM rotated_credentials')).toEqual([]);
  });
});

describe('an old credential after a refresh is dead', () => {
  it('a call in flight with the credential a refresh just replaced is served for a few seconds; later it ends the session', async () => {
    const { credential: old } = await w.signIn();
    const current = (await w.refresh(old)).body.session.credential as string;
    expect(current).not.toBe(old);
    expect(await me(old)).toBe(200);
    expect(await me(current)).toBe(200);
    w.sandbox.advanceClock(6_000);
    expect(await me(old)).toBe(401);
    // Someone held a copy: the session is over for every holder, the owner included.
    expect(await me(current)).toBe(401);
  });

  it('a refresh with a replaced credential, even at once, ends the session: the page refreshes under a lock, so this is a copy', async () => {
    const { credential: copied } = await w.signIn();
    const owner = (await w.refresh(copied)).body.session.credential as string;
    const before = tokenRequests();
    const thief = await w.refresh(copied);
    expect(thief.status).toBe(401);
    expect(thief.body.message).toMatch(/used from somewhere else/);
    expect(tokenRequests()).toBe(before);
    expect(await me(owner)).toBe(401);
  });

  it("a thief who refreshes first is locked out by the owner's next call with the credential the thief replaced", async () => {
    const { credential: shared } = await w.signIn();
    const stolen = (await w.refresh(shared)).body.session.credential as string;
    w.sandbox.advanceClock(6_000);
    expect(await me(shared)).toBe(401);
    expect(await me(stolen)).toBe(401);
    expect((await w.refresh(stolen)).status).toBe(401);
  });

  it('two refreshes with one credential at once: one gets a new credential, the other is reuse, and the session ends', async () => {
    const { credential } = await w.signIn();
    const answers = await Promise.all([w.refresh(credential), w.refresh(credential)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    const winner = answers.find((answer) => answer.status === 200)?.body.session.credential as string;
    expect(await me(winner)).toBe(401);
  });
});

describe('a refresh re-reads who the user is', () => {
  it('an ADMIN_ROLES admin whose role Infobip took away is no admin after the next refresh, and is named as Infobip names them now', async () => {
    await w.restart({ ADMIN_ROLES: 'Manager' });
    try {
      // The portal refuses this user: only the role makes them an admin.
      w.sandbox.behave({ portal: '403' });
      const { credential } = await w.signIn();
      expect((await w.call('GET', '/me', credential)).body).toMatchObject({ admin: true, username: 'developeruser' });
      w.sandbox.editUser(DEFAULT_USER.userKey, { roles: [{ id: 3, name: 'Agent' }], username: 'demoted' });
      const renewed = (await w.refresh(credential)).body.session.credential as string;
      expect((await w.call('GET', '/me', renewed)).body).toMatchObject({ admin: false, username: 'demoted' });
      expect((await w.call('PUT', '/connections/after-demotion', renewed, w.draft('fujitsu-api-key'))).status).toBe(403);
    } finally {
      await w.restart();
    }
  });

  it('a refresh that Infobip answers for another user or account ends the session', async () => {
    const { credential } = await w.signIn();
    w.sandbox.editUser(DEFAULT_USER.userKey, { accountKey: OTHER_ACCOUNT.accountKey, userKey: OTHER_ACCOUNT.userKey });
    const refused = await w.refresh(credential);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/someone else/);
    expect(await me(credential)).toBe(401);
  });
});

describe("a session lasts as long as Infobip's token, and no longer than SESSION_MAX_HOURS", () => {
  it("when Infobip names no lifetime, the session lasts the page's default (60 s), not an hour", async () => {
    const { credential, expiresAt } = await w.signIn();
    expect(expiresAt - w.sandbox.now()).toBeGreaterThan(55_000);
    expect(expiresAt - w.sandbox.now()).toBeLessThanOrEqual(MINUTE);
    w.sandbox.advanceClock(MINUTE);
    expect(await me(credential)).toBe(401);
  });

  it('however often it is refreshed, a session ends SESSION_MAX_HOURS after sign-in', async () => {
    await w.restart({ SESSION_MAX_HOURS: '1' });
    try {
      w.sandbox.behave({ tokenLifetimeSeconds: 1800, sendExpiresIn: true });
      const start = w.sandbox.now();
      let { credential } = await w.signIn();
      for (const minutes of [25, 25]) {
        w.sandbox.advanceClock(minutes * MINUTE);
        const renewed = await w.refresh(credential);
        expect(renewed.status).toBe(200);
        expect(renewed.body.session.expiresAt).toBeLessThanOrEqual(start + 60 * MINUTE + 1000);
        credential = renewed.body.session.credential;
      }
      w.sandbox.advanceClock(11 * MINUTE);
      expect(await me(credential)).toBe(401);
      expect((await w.refresh(credential)).status).toBe(401);
    } finally {
      await w.restart();
    }
  });

  it('a refresh Infobip refuses ends the session: no credential outlives the token it was made with', async () => {
    const sessions = async () => Number((await w.server.db.all('SELECT count(*) AS n FROM sessions'))[0]?.n);
    const { credential } = await w.signIn();
    const before = await sessions();
    w.sandbox.revokeTokens();
    const refused = await w.refresh(credential);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: 'invalid_grant', error_description: 'Unknown or revoked token' });
    expect(await me(credential)).toBe(401);
    expect(await sessions()).toBe(before - 1);
  });

  it('after Infobip revokes the token, the next change to a connection is refused, and admin answers lapse within five minutes', async () => {
    w.sandbox.behave({ tokenLifetimeSeconds: 3600, sendExpiresIn: true });
    const admin = await w.signIn();
    const reader = await w.signIn();
    expect((await w.call('GET', '/me', admin.credential)).body.admin).toBe(true);
    expect((await w.call('GET', '/me', reader.credential)).body.admin).toBe(true);
    w.sandbox.revokeTokens();
    expect((await w.call('PUT', '/connections/after-revocation', admin.credential, w.draft('fujitsu-api-key'))).status).toBe(403);
    w.sandbox.advanceClock(5 * MINUTE + 1000);
    expect((await w.call('GET', '/me', reader.credential)).body.admin).toBe(false);
  });
});

describe('/auth/token and /auth/refresh are not a relay', () => {
  it.each([
    ['another site', 'https://evil.example'],
    ['a sandboxed frame', 'null'],
    ['a script that sends none', null],
  ])('a sign-in from %s is refused (403) before Infobip is asked', async (_who, origin) => {
    const answer = await post('/auth/token', { origin });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'FORBIDDEN', message: expect.stringContaining('APP_ORIGINS') });
    expect(tokenRequests()).toBe(0);
  });

  it.each([['text/plain; x=json'], ['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], [null]])(
    'a body sent as %s (what any site can make a browser send unasked) is refused (415) before Infobip is asked',
    async (type) => {
      const answer = await post('/auth/token', { type });
      expect(answer.status).toBe(415);
      expect(answer.body.message).toMatch(/application\/json/);
      expect(tokenRequests()).toBe(0);
    },
  );

  it('JSON with a charset is JSON: that one reaches Infobip', async () => {
    const answer = await post('/auth/token', { type: 'application/json; charset=utf-8' });
    expect(answer.body).toEqual({ error: 'invalid_grant', error_description: 'Unknown authorization code' });
    expect(tokenRequests()).toBe(1);
  });

  it('exchanges with a redirect_uri not in REDIRECT_URIS, however many, make no token request at Infobip', async () => {
    const foreign = ['https://evil.example/', `${REDIRECT_URI}?next=x`, REDIRECT_URI.replace('localhost', 'LOCALHOST'), `${APP_ORIGIN}/callback.html`];
    // The review sent 200 of these; each one was a token request at Infobip.
    for (let i = 0; i < 40; i++) {
      const answer = await post('/auth/token', { body: { ...JUNK, redirect_uri: foreign[i % foreign.length] } });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/REDIRECT_URIS/);
    }
    expect(tokenRequests()).toBe(0);
  });

  it('a refresh from another site or as text/plain is refused before Infobip is asked, and the session goes on', async () => {
    const { credential } = await w.signIn();
    const before = tokenRequests();
    expect((await post('/auth/refresh', { origin: 'https://evil.example', credential, body: {} })).status).toBe(403);
    expect((await post('/auth/refresh', { type: 'text/plain; x=json', credential, body: {} })).status).toBe(415);
    expect(tokenRequests()).toBe(before);
    expect((await w.refresh(credential)).status).toBe(200);
  });

  it("Infobip's refusal is passed on as OAuth's error and error_description only", async () => {
    // Infobip's own error shape ({ requestError: { serviceException } }) comes back as the two fields.
    const { code, verifier } = await authorizationCode(`${w.sandbox.url}/exchange/1/oauth/authorize`, REDIRECT_URI);
    w.sandbox.behave({ token: '5xx' });
    const answer = await post('/auth/token', { body: { code, code_verifier: verifier, redirect_uri: REDIRECT_URI } });
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({ error: 'SERVICE_UNAVAILABLE', error_description: 'Service temporarily unavailable' });
  });

  it('one client address gets RATE_LIMIT_ADDRESS requests a minute; an X-Forwarded-For it sends itself changes nothing', async () => {
    await w.restart({ RATE_LIMIT_ADDRESS: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/auth/token', { forwardedFor: `203.0.113.${i}` })).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      const limited = await post('/auth/token');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(tokenRequests()).toBe(3);
    } finally {
      await w.restart();
    }
  });

  it("behind TRUST_PROXY each client has its own budget, read from X-Forwarded-For's last entry (the one the proxy added)", async () => {
    await w.restart({ RATE_LIMIT_ADDRESS: '2', TRUST_PROXY: '1' });
    try {
      const from = async (forwardedFor: string) => (await post('/auth/token', { forwardedFor })).status;
      expect([await from('203.0.113.7'), await from('203.0.113.7'), await from('203.0.113.7')]).toEqual([400, 400, 429]);
      // What the client wrote before the proxy's entry is its own claim: ignored.
      expect(await from('198.51.100.1, 203.0.113.7')).toBe(429);
      expect(await from('203.0.113.8')).toBe(400);
    } finally {
      await w.restart();
    }
  });

  it('all clients together get RATE_LIMIT_SIGN_IN sign-ins and refreshes a minute', async () => {
    await w.restart({ RATE_LIMIT_SIGN_IN: '3', TRUST_PROXY: '1' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/auth/token', { forwardedFor: `203.0.113.${i}` })).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      expect(tokenRequests()).toBe(3);
    } finally {
      await w.restart();
    }
  });
});
