/**
 * Sign-in in a popup, for when it cannot complete inside the frame (storage denied, framing refused,
 * login_required). The popup is another storage partition, so nothing passes through storage: its
 * callback posts `{code, state}` to the opener, targeted at our own origin, and the frame — which holds
 * the verifier in memory — checks and exchanges the code itself.
 */
import { AuthError } from '../shared/auth-error';
import { CALLBACK_MESSAGE } from './hand-up';

const POLL_MS = 400;

/** Must run synchronously inside the click handler, before any await: browsers block later popups. */
export function openPopup(): Window {
  const popup = window.open('about:blank', 'exchange-card-signin', 'popup,width=480,height=680');
  if (!popup) throw new AuthError('POPUP_BLOCKED', 'The browser blocked the sign-in window.');
  return popup;
}

/** Waits for the popup's callback with `state`; rejects when the popup closes, or its link is cut, first. */
export function waitForCallback(popup: Window, state: string): Promise<URLSearchParams> {
  /** Seen open on a page not ours (the sign-in page): a person could have used it, and closed it. */
  let shown = false;
  return new Promise((resolve, reject) => {
    const finish = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(poll);
    };
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; search?: unknown } | null;
      if (event.origin !== location.origin || event.source !== popup) return;
      if (data?.type !== CALLBACK_MESSAGE || typeof data.search !== 'string') return;
      const params = new URLSearchParams(data.search);
      if (params.get('state') !== state) return;
      finish();
      popup.close();
      resolve(params);
    };
    // A Cross-Origin-Opener-Policy on the way severs the link: the popup then reads as closed here. A
    // link lost the moment the blank window became the sign-in page was cut by that page, and every popup
    // would lose it alike; one seen open on the sign-in page first may have been closed by its user.
    // The callback page closes its window right after posting its answer, and the close can be seen here
    // before the message arrives: a window is taken as closed unanswered only at the poll after.
    let closedPolls = 0;
    const poll = setInterval(() => {
      if (popup.closed && ++closedPolls < 2) return;
      if (popup.closed) {
        finish();
        reject(
          shown
            ? new AuthError('POPUP_CLOSED', 'The sign-in window was closed before sign-in finished.')
            : new AuthError('POPUP_CUT', 'The sign-in page cut the sign-in window’s link to this frame as it loaded.'),
        );
        return;
      }
      try {
        void popup.location.href;
      } catch {
        shown = true;
      }
    }, POLL_MS);
    window.addEventListener('message', onMessage);
  });
}
