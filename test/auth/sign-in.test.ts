import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error';
import { AuthError } from '../../src/auth/auth-error';
import { loadToken } from '../../src/auth/session';
import { beginRedirect, completeRedirect, redirectStalled } from '../../src/auth/sign-in';
import { memoryStore, sealed } from '../../src/storage/store';
import type { TokenRecord } from '../../src/auth/token-record';
import { authorize, requests, useSandbox } from '../support/sandbox';

const { sandbox, config } = await useSandbox();
const TOKEN_PATH = '/exchange/1/oauth/token';

async function redirectFlow(pageState: string | null = 'WeHH_yy2irpl8UY') {
  const deps = { config, store: sealed(memoryStore()) };
  const url = await beginRedirect(deps, pageState, 'card.html?conversationId=c1');
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

  it('reads error= first even when the server omits state', async () => {
    const deps = { config, store: sealed(memoryStore()) };
    const outcome = await completeRedirect(deps, new URLSearchParams('error=server_error&error_description=Try+later'));
    expect(failed(outcome.result)).toMatchObject({ code: 'AUTHORIZATION_DENIED', detail: 'Try later' });
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
    const url = await beginRedirect(deps, 's', 'card.html');
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
