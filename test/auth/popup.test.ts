// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALLBACK_MESSAGE } from '../../src/auth/hand-up';
import { waitForCallback } from '../../src/auth/popup';

/**
 * The sign-in window as this frame sees it: open until it is closed; blank (its address readable) until
 * it shows the sign-in page, another origin's, whose address this frame may not read.
 */
function popupWindow() {
  let foreign = false;
  const popup = {
    closed: false,
    close() {
      popup.closed = true;
    },
    get location() {
      if (foreign) throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
      return { href: 'about:blank' };
    },
    showSignInPage() {
      foreign = true;
    },
  };
  return popup as unknown as Window & { showSignInPage(): void };
}

function answer(popup: Window, search: string, origin = location.origin) {
  window.dispatchEvent(new MessageEvent('message', { data: { type: CALLBACK_MESSAGE, search }, origin, source: popup as unknown as MessageEventSource }));
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

afterEach(() => vi.useRealTimers());

/** A popup seen open on the sign-in page for a second, then closed, and `ms` later. */
function closedAfterSignInPage(ms: number) {
  vi.useFakeTimers();
  const popup = popupWindow();
  const waiting = waitForCallback(popup, 's');
  popup.showSignInPage();
  vi.advanceTimersByTime(1_000);
  popup.close();
  vi.advanceTimersByTime(ms);
  return { popup, waiting };
}

describe("the popup's answer", () => {
  it("is taken only with the state of this flow: another flow's answer is ignored", async () => {
    const popup = popupWindow();
    const waiting = waitForCallback(popup, 'state-of-this-flow');
    answer(popup, '?code=stolen&state=state-of-another-flow');
    expect(await settled(waiting)).toBe(false);
    answer(popup, '?code=ours&state=state-of-this-flow');
    await expect(waiting).resolves.toEqual(new URLSearchParams('?code=ours&state=state-of-this-flow'));
    expect(popup.closed).toBe(true);
  });

  it('is taken only from our own origin and from the window this frame opened', async () => {
    const popup = popupWindow();
    const waiting = waitForCallback(popup, 's');
    answer(popup, '?code=x&state=s', 'https://attacker.example');
    answer(popupWindow(), '?code=x&state=s');
    expect(await settled(waiting)).toBe(false);
    popup.close();
  });

  it('is taken when the callback closes its window before its answer arrives (the callback posts, then closes)', async () => {
    // The callback page closes its window right after posting: the close can be seen here before the message.
    const { popup, waiting } = closedAfterSignInPage(400);
    answer(popup, '?code=ours&state=s');
    await expect(waiting).resolves.toEqual(new URLSearchParams('?code=ours&state=s'));
  });

  it('fails with POPUP_CLOSED when the window, seen open on the sign-in page, closes before answering', async () => {
    const { waiting } = closedAfterSignInPage(1_000);
    await expect(waiting).rejects.toMatchObject({ code: 'POPUP_CLOSED' });
  });

  it('fails with POPUP_CUT when the link is lost as the blank window becomes the sign-in page (Cross-Origin-Opener-Policy): never seen open there', async () => {
    vi.useFakeTimers();
    const popup = popupWindow();
    const waiting = waitForCallback(popup, 's');
    vi.advanceTimersByTime(1_000);
    popup.close();
    vi.advanceTimersByTime(1_000);
    await expect(waiting).rejects.toMatchObject({ code: 'POPUP_CUT' });
  });
});
