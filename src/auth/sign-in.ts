/** The two ways to sign in, each from start to a stored TokenRecord. */
import type { Config } from '../config/config';
import { ApiError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import { authorizationUrl, createPendingFlow, forgetPendingFlow, savePendingFlow, takePendingFlow, type PendingFlow } from './pending-flow';
import { waitForCallback } from './popup';
import { loadToken, saveToken } from './token-store';
import type { KeyValueStore } from '../shared/key-value-store';
import { authorizationError, checkCallback } from './authorization-answer';
import { authorizeInChildFrame } from './child-frame';
import { withLock } from '../storage/lock';
import { tokenEndpoint } from './token-endpoint';
import type { TokenRecord } from '../shared/token-record';

export interface SignInDeps {
  config: Config;
  store: KeyValueStore;
  now?: () => number;
  fetch?: typeof fetch;
}

const LAST_REDIRECT = 'last-redirect';
/** A redirect that has not come back within this time did not complete inside the frame. */
const REDIRECT_GRACE_MS = 2 * 60 * 1000;

export interface BegunFlow {
  flow: PendingFlow;
  /** The authorize URL to navigate to. */
  url: URL;
  /**
   * The flow and the redirect's time written to the store, under way: only a callback.html in a window of
   * its own reads them (the card reads its child frame's answer for the flow in memory), so the
   * authorize need not wait for them; anything that leaves the page must.
   */
  stored: Promise<void>;
}

/**
 * A new pending flow, its authorize URL, and its write to the store (not awaited). The redirect's time is
 * written before it answers: a frame that cannot finish (a sign-in page that refuses framing) leaves the
 * card stuck, and the agent who reloads it at once must still be offered the popup.
 */
export async function beginRedirect(deps: SignInDeps, pageState: string | null, returnTo: string): Promise<BegunFlow> {
  const now = (deps.now ?? Date.now)();
  const flow = createPendingFlow(deps.config, pageState, returnTo, now);
  const redirecting = deps.store.set(LAST_REDIRECT, now);
  const stored = Promise.all([savePendingFlow(deps.store, flow), redirecting]).then(() => undefined);
  // Awaited by its caller in the end; not left unhandled if the authorize fails first.
  stored.catch(() => undefined);
  const [url] = await Promise.all([authorizationUrl(deps.config, flow), redirecting]);
  return { flow, url, stored };
}

/** True when a redirect started here recently never came back: the frame could not finish it. */
export async function redirectStalled(deps: SignInDeps): Promise<boolean> {
  const at = await deps.store.get(LAST_REDIRECT);
  return typeof at === 'number' && (deps.now ?? Date.now)() - at < REDIRECT_GRACE_MS;
}

export interface CallbackOutcome {
  /** Where to go afterwards (from the pending flow), when the answer matched one. */
  returnTo: string | undefined;
  state: string | undefined;
  /** An AuthError, or http.ts's ApiError when the token endpoint did not answer. */
  result: TokenRecord | AuthError | ApiError;
}

/** `had`: told the token before it is stored. */
async function exchange(deps: SignInDeps, flow: PendingFlow, params: URLSearchParams, had?: (record: TokenRecord) => void): Promise<TokenRecord> {
  const validated = checkCallback(deps.config, params, flow.state);
  const record = await tokenEndpoint(deps.config).exchange(flow, validated, { now: (deps.now ?? Date.now)(), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  had?.(record);
  await saveToken(deps.store, record);
  return record;
}

/** The answer to `flow`, already matched to it by state: the sign-in server's refusal, or its code exchanged. */
async function answerFlow(deps: SignInDeps, flow: PendingFlow, params: URLSearchParams, had?: (record: TokenRecord) => void): Promise<TokenRecord> {
  const error = params.get('error');
  if (error !== null) throw authorizationError(error, params.get('error_description'));
  return exchange(deps, flow, params, had);
}

const notOurs = () => new AuthError('STATE_MISMATCH', 'The sign-in answer does not match a sign-in started in this browser.');

/** callback.html in a window of its own: match the answer to its pending flow in the store (single-use), then exchange the code. */
export async function completeRedirect(deps: SignInDeps, params: URLSearchParams): Promise<CallbackOutcome> {
  const now = (deps.now ?? Date.now)();
  await deps.store.del(LAST_REDIRECT);
  const state = params.get('state');
  let flow: PendingFlow | AuthError;
  try {
    flow = state === null ? new AuthError('STATE_MISMATCH', 'The sign-in answer carries no state.') : await takePendingFlow(deps.store, state, now);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    flow = error;
  }
  const returnTo = flow instanceof AuthError ? undefined : flow.returnTo;
  const outcome = (result: CallbackOutcome['result']): CallbackOutcome => ({ returnTo, state: state ?? undefined, result });
  // Anyone can send this page an answer: only one to a flow still pending here is acted on, and an
  // error= of any other is not shown (its words are a stranger's).
  if (flow instanceof AuthError) return outcome(flow);
  try {
    return outcome(await answerFlow(deps, flow, params));
  } catch (failure) {
    if (failure instanceof AuthError || failure instanceof ApiError) return outcome(failure);
    throw failure;
  }
}

/** Held by the card signing in through its child frame: the other cards wait, then use its token. */
const SIGN_IN_LOCK = 'exchange-card:sign-in';

/**
 * The sign-in of a card through its hidden child frame, one at a time for every card of this browser:
 * cards opened together before anyone is signed in wait for the first one's sign-in and use its token,
 * rather than each start one and find another's redirect under way (which read as one that stalled).
 * The answer is exchanged here, in this page, for the flow it holds: the card stays, and reads the answer
 * from the child's address as soon as it is at callback.html.
 *
 * `firstVisit`: a token another card stored meanwhile is used, and a recent redirect that never came back
 * (a sign-in page that refuses framing) gives 'stalled': only a popup can finish. After a lost session
 * the frame signs in again whatever the store holds (its token is the one that failed).
 *
 * `had`: told the new token as soon as it is had, while it is stored and the flow's leftovers go (the lock
 * is held until then, for the cards waiting on it): the card shows the agent that much sooner.
 */
export function signInInFrame(
  deps: SignInDeps,
  pageState: string | null,
  returnTo: string,
  firstVisit: boolean,
  had?: (record: TokenRecord) => void,
): Promise<TokenRecord | 'stalled'> {
  return withLock(SIGN_IN_LOCK, async () => {
    if (firstVisit) {
      const [found, stalled] = await Promise.all([loadToken(deps.store, (deps.now ?? Date.now)()).catch(() => undefined), redirectStalled(deps)]);
      if (found) return found;
      if (stalled) return 'stalled';
    }
    const { flow, url, stored } = await beginRedirect(deps, pageState, returnTo);
    const child = authorizeInChildFrame(url);
    try {
      // A frame that cannot finish leaves the redirect's time in the store, written before the lock goes:
      // the next card's first visit offers the popup.
      const answer = await child.answer.catch(async (error: unknown) => {
        await stored.catch(() => undefined);
        throw error;
      });
      // Answered: the flow is spent, its stored copy goes (once written) while the code is exchanged.
      // Anyone can put an answer in the child frame: only one to this flow is acted on, and an error= of
      // any other is not shown (its words are a stranger's).
      const forgotten = stored.then(() => Promise.all([forgetPendingFlow(deps.store, flow.state), deps.store.del(LAST_REDIRECT)]));
      const answered = answer.get('state') === flow.state ? answerFlow(deps, flow, answer, had) : Promise.reject(notOurs());
      // Both settle before the lock goes: a sign-in started after this one never finds this one's leftovers.
      await Promise.allSettled([answered, forgotten]);
      const record = await answered;
      await forgotten;
      forgetFlowInAddress();
      return record;
    } finally {
      // Once the sign-in is done with (the agent shown, the token stored), in a task of its own.
      setTimeout(child.remove);
    }
  });
}

/** Once its flow is done, the card's address holds no code and no state (CONTRACT §3), as after a callback's redirect. */
function forgetFlowInAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('state') && !url.searchParams.has('code')) return;
  url.searchParams.delete('state');
  url.searchParams.delete('code');
  history.replaceState(history.state, '', url);
}

/**
 * Popup sign-in. `popup` was opened synchronously by the click; the verifier never leaves this page.
 */
export async function signInWithPopup(deps: SignInDeps, popup: Window, pageState: string | null): Promise<TokenRecord> {
  const flow = createPendingFlow(deps.config, pageState, '', (deps.now ?? Date.now)());
  popup.location.href = (await authorizationUrl(deps.config, flow)).href;
  const params = await waitForCallback(popup, flow.state);
  const error = params.get('error');
  if (error !== null) throw authorizationError(error, params.get('error_description'));
  return exchange(deps, flow, params);
}

/** A sign-in and the store that now holds its token. */
export interface SignedIn {
  record: TokenRecord;
  store: KeyValueStore;
}

/**
 * Popup sign-in where the frame's storage is blocked, with `access`: the browser's own storage if the
 * click's Storage Access request got it. A session another card stored there is used at once (the popup
 * closes unused); else the popup signs in and its token goes there, for later cards.
 */
export async function signInWithAccess(
  deps: SignInDeps,
  access: Promise<KeyValueStore | undefined>,
  popup: Window,
  pageState: string | null,
): Promise<SignedIn> {
  const store = (await access) ?? deps.store;
  const found = store === deps.store ? undefined : await loadToken(store, (deps.now ?? Date.now)());
  if (found) {
    popup.close();
    return { record: found, store };
  }
  return { record: await signInWithPopup({ ...deps, store }, popup, pageState), store };
}
