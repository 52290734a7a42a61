import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import { AuthError } from '../../src/shared/auth-error';
import { loadToken } from '../../src/auth/token-store';
import { beginRedirect, completeRedirect, redirectStalled, signInWithAccess } from '../../src/auth/sign-in';
import { saveToken } from '../../src/auth/token-store';
import { issuedRecord } from '../support/token';
import { sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';
import type { TokenRecord } from '../../src/shared/token-record';
import { createT } from '../../src/i18n';
import { errorText } from '../../src/i18n/error-text';
import { authorize, requests, useSandbox } from '../support/sandbox';

const { sandbox, config } = await useSandbox();
const TOKEN_PATH = '/exchange/1/oauth/token';

/** A flow begun and written to the store, as a callback.html in a window of its own finds it. */
async function storedRedirect(...args: Parameters<typeof beginRedirect>): Promise<URL> {
  const { url, stored } = await beginRedirect(...args);
  await stored;
  return url;
}

async function redirectFlow(pageState: string | null = 'WeHH_yy2irpl8UY') {
  const deps = { config, store: sealed(memoryStore()) };
  const url = await storedRedirect(deps, pageState, 'card.html?conversationId=c1');
  return { deps, url, callback: await authorize(url) };
}

function failed(result: TokenRecord | Error): AuthError {
  if (!(result instanceof AuthError)) throw new Error('expected the sign-in to fail');
  return result;
}

describe('sign-in by redirect, against the sandbox', () => {
  it('exchanges the code with the verifier, stores the token and returns to the page it started from', async () => {
    const { deps, callback } = await redirectFlow();
    expect(callback.get('state')).toBe('WeHH_yy2irpl8UY');
    expect(callback.get('code')).toMatch(/^[0-9a-f]{16}$/);

    const outcome = await completeRedirect(deps, callback);
    expect(outcome.returnTo).toBe('card.html?conversationId=c1');
    const record = outcome.result as TokenRecord;
    expect(record.tokenType).toBe('IBSSO');
    expect(record.identity.username).toBe('developeruser');
    expect(await loadToken(deps.store, Date.now())).toEqual(record);

    const [token] = requests(sandbox, TOKEN_PATH);
    expect(token!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(token!.form).toEqual({
      grant_type: 'authorization_code',
      code: callback.get('code'),
      code_verifier: expect.stringMatching(/^[A-Za-z0-9._~-]{43,128}$/),
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
    });
  });

  it('uses the configured lifetime when the answer carries none, and the answer’s when it does', async () => {
    const before = Date.now();
    const first = await redirectFlow();
    const record = (await completeRedirect(first.deps, first.callback)).result as TokenRecord;
    expect(record.expiresAt - before).toBeGreaterThanOrEqual(60_000);
    expect(record.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);

    sandbox.behave({ token: 'snake' });
    const second = await redirectFlow();
    const snake = (await completeRedirect(second.deps, second.callback)).result as TokenRecord;
    expect(snake.expiresAt - Date.now()).toBeGreaterThan(3_000_000);
    expect(snake.identity.username).toBe('developeruser');
  });

  it('never exchanges a code twice: a replayed callback is refused without a token request', async () => {
    const { deps, callback } = await redirectFlow();
    await completeRedirect(deps, callback);
    const replay = await completeRedirect(deps, callback);
    expect(failed(replay.result).code).toBe('STATE_MISMATCH');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(1);
  });

  it('refuses an answer whose state matches no flow, and makes no token request', async () => {
    sandbox.behave({ authorize: 'wrong-state' });
    const { deps, callback } = await redirectFlow();
    expect(failed((await completeRedirect(deps, callback)).result).code).toBe('STATE_MISMATCH');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
    expect(await loadToken(deps.store, Date.now())).toBeUndefined();
  });

  it("shows the server's words for error=access_denied and makes no token request", async () => {
    sandbox.behave({ authorize: 'deny' });
    const { deps, callback } = await redirectFlow();
    const outcome = await completeRedirect(deps, callback);
    expect(failed(outcome.result)).toMatchObject({ code: 'AUTHORIZATION_DENIED', detail: 'The user denied access' });
    expect(outcome.returnTo).toBe('card.html?conversationId=c1');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
  });

  it.each([
    ['no state', 'error=access_denied&error_description=Call+%2B1+555+0100+to+unlock+your+account'],
    ['a state this browser never started', 'error=access_denied&error_description=Call+%2B1+555+0100&state=chosen-by-a-stranger'],
  ])('ignores an error= with %s: it says only that an unexpected answer was ignored, never the words it carries', async (_, query) => {
    const deps = { config, store: sealed(memoryStore()) };
    await storedRedirect(deps, 'pending-here', 'card.html');
    const error = failed((await completeRedirect(deps, new URLSearchParams(query))).result);
    expect(error.code).toBe('STATE_MISMATCH');
    expect(error.detail).toBeUndefined();
    expect(errorText(createT('en'), error)).toEqual({
      reason: 'An unexpected sign-in answer was ignored.',
      next: 'Sign in again from the card.',
      fields: [],
      retryable: true,
      code: 'STATE_MISMATCH',
    });
    expect(await deps.store.get('flow:pending-here')).toBeDefined();
  });

  it('refuses an answer to a pending flow that carries no code, without a token request', async () => {
    const deps = { config, store: sealed(memoryStore()) };
    await storedRedirect(deps, 'pending-here', 'card.html');
    const outcome = await completeRedirect(deps, new URLSearchParams({ state: 'pending-here' }));
    expect(failed(outcome.result).code).toBe('INVALID_CALLBACK');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
  });

  it('ignores an error= for a flow that is no longer pending (already answered, or expired)', async () => {
    const { deps, callback } = await redirectFlow('used-state');
    await completeRedirect(deps, callback);
    const late = new URLSearchParams({ error: 'access_denied', error_description: 'words of a stranger', state: 'used-state' });
    expect(failed((await completeRedirect(deps, late)).result)).toMatchObject({ code: 'STATE_MISMATCH', detail: undefined });

    const started = Date.now();
    const old = { config, store: sealed(memoryStore()), now: () => started };
    await storedRedirect(old, 'old-state', 'card.html');
    const later = { ...old, now: () => started + 11 * 60_000 };
    const expired = new URLSearchParams({ error: 'access_denied', error_description: 'words of a stranger', state: 'old-state' });
    expect(failed((await completeRedirect(later, expired)).result)).toMatchObject({ code: 'FLOW_EXPIRED', detail: undefined });
  });

  it.each(['login_required', 'interaction_required'])('asks for a popup sign-in on %s', async (answer) => {
    sandbox.behave({ authorize: answer });
    const { deps, callback } = await redirectFlow();
    expect(failed((await completeRedirect(deps, callback)).result).code).toBe('INTERACTION_REQUIRED');
  });

  it.each([
    ['5xx', 'TOKEN_REQUEST_FAILED'],
    ['html', 'TOKEN_ANSWER_INVALID'],
    ['no-token', 'TOKEN_ANSWER_INVALID'],
  ])('stores nothing when the token endpoint answers %s', async (behaviour, code) => {
    sandbox.behave({ token: behaviour });
    const { deps, callback } = await redirectFlow();
    const error = failed((await completeRedirect(deps, callback)).result);
    expect(error.code).toBe(code);
    if (behaviour === '5xx') expect(error.detail).toBeTruthy();
    expect(await loadToken(deps.store, Date.now())).toBeUndefined();
  });

  it('a token endpoint that cannot be reached: NETWORK, asked once (the code is spent), nothing stored', async () => {
    sandbox.failNext({ path: '/exchange/1/oauth/token', status: 'network' });
    const { deps, callback } = await redirectFlow();
    const { result } = await completeRedirect(deps, callback);
    expect(result).toBeInstanceOf(ApiError);
    expect(result).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(requests(sandbox, '/exchange/1/oauth/token')).toHaveLength(1);
    expect(await loadToken(deps.store, Date.now())).toBeUndefined();
  });

  it('remembers a redirect that has not come back, so the page can offer a popup instead of looping', async () => {
    const deps = { config, store: sealed(memoryStore()) };
    expect(await redirectStalled(deps)).toBe(false);
    const url = await storedRedirect(deps, 's', 'card.html');
    expect(await redirectStalled(deps)).toBe(true);
    await completeRedirect(deps, await authorize(url));
    expect(await redirectStalled(deps)).toBe(false);
  });

  it('sends the PKCE challenge the sandbox verifies: a wrong verifier is refused', async () => {
    const { deps, callback } = await redirectFlow();
    const key = `flow:${callback.get('state')}`;
    const flow = (await deps.store.get(key)) as { verifier: string };
    await deps.store.set(key, { ...flow, verifier: 'x'.repeat(43) });
    const error = failed((await completeRedirect(deps, callback)).result);
    expect(error.code).toBe('TOKEN_REQUEST_FAILED');
    expect(error.detail).toMatch(/verifier/i);
  });
});

describe('a sign-in flow is bound to this browser', () => {
  it('a second flow with the same Infobip state replaces the first, with a verifier of its own', async () => {
    const deps = { config, store: sealed(memoryStore()) };
    const first = await storedRedirect(deps, 'same-state', 'card.html');
    const second = await storedRedirect(deps, 'same-state', 'settings.html');
    expect(second.searchParams.get('code_challenge')).not.toBe(first.searchParams.get('code_challenge'));
    const [firstAnswer, secondAnswer] = [await authorize(first), await authorize(second)];

    const outcome = await completeRedirect(deps, secondAnswer);
    expect(outcome.result).not.toBeInstanceOf(AuthError);
    expect(outcome.returnTo).toBe('settings.html');
    // The first flow is gone: its answer finds nothing pending and makes no token request.
    expect(failed((await completeRedirect(deps, firstAnswer)).result).code).toBe('STATE_MISMATCH');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(1);
  });

  /**
   * Login CSRF: a stranger chooses the card URL's state, starts a sign-in of their own with it, and
   * delivers their code to this browser's callback. Only PKCE at the authorization server stops it:
   * this browser's verifier does not match the stranger's challenge.
   */
  async function strangersCodeDelivered() {
    const stranger = { config, store: sealed(memoryStore()) };
    const strangersAnswer = await authorize(await storedRedirect(stranger, 'known-state', 'card.html'));
    const victim = { config, store: sealed(memoryStore()) };
    await storedRedirect(victim, 'known-state', 'card.html');
    return { victim, outcome: await completeRedirect(victim, strangersAnswer) };
  }

  it("with PKCE enforced by the server, a stranger's code delivered with a pending flow's state is refused and nothing is stored", async () => {
    const { victim, outcome } = await strangersCodeDelivered();
    expect(failed(outcome.result)).toMatchObject({ code: 'TOKEN_REQUEST_FAILED', detail: expect.stringMatching(/verifier/) });
    expect(await loadToken(victim.store, Date.now())).toBeUndefined();
  });

  it("with PKCE NOT enforced by the server, that code signs this browser in as the stranger: the app relies on the server's PKCE for login CSRF", async () => {
    sandbox.behave({ pkce: 'ignore' });
    const { victim, outcome } = await strangersCodeDelivered();
    expect(outcome.result).not.toBeInstanceOf(AuthError);
    expect(await loadToken(victim.store, Date.now())).toBeDefined();
  });

  it('even with PKCE not enforced, an answer with no pending flow here is never exchanged', async () => {
    sandbox.behave({ pkce: 'ignore' });
    const stranger = { config, store: sealed(memoryStore()) };
    const strangersAnswer = await authorize(await storedRedirect(stranger, 'their-state', 'card.html'));
    const victim = { config, store: sealed(memoryStore()) };
    expect(failed((await completeRedirect(victim, strangersAnswer)).result).code).toBe('STATE_MISMATCH');
    expect(requests(sandbox, TOKEN_PATH)).toHaveLength(0);
    expect(await loadToken(victim.store, Date.now())).toBeUndefined();
  });
});

describe("sign-in with the browser's own storage (Storage Access), where the frame's is blocked", () => {
  /** The popup the click opened, still on about:blank: whether it was closed, and where it was sent. */
  const blankPopup = () => {
    const popup = {
      closed: false,
      location: { href: 'about:blank' },
      close() {
        popup.closed = true;
      },
    };
    return popup;
  };

  it('a session an earlier card stored there is used at once: the popup closes unused, nothing is authorized', async () => {
    const granted = sealed(memoryStore());
    const earlier = issuedRecord(sandbox);
    await saveToken(granted, earlier);
    const popup = blankPopup();
    const before = requests(sandbox, '/exchange/1/oauth/authorize').length;
    const signedIn = await signInWithAccess({ config, store: sealed(memoryStore()) }, Promise.resolve(granted), popup as unknown as Window, null);
    expect(signedIn.record.token).toBe(earlier.token);
    expect(signedIn.store).toBe(granted);
    expect(popup.closed).toBe(true);
    expect(popup.location.href).toBe('about:blank');
    expect(requests(sandbox, '/exchange/1/oauth/authorize')).toHaveLength(before);
  });
});
