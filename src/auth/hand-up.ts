/**
 * callback.html's first script, and in the card's child frame or popup its only one: the app does not
 * load there, so a cold sign-in's callback costs one page and one small script. In a popup it hands the
 * authorization answer to the card that opened it; in the child frame the card has read the answer from
 * the frame's address already (auth/child-frame.ts). It imports nothing, and the card's side
 * (child-frame.ts, popup.ts) takes its names from here.
 */

/** The type of the message that carries the answer. */
export const CALLBACK_MESSAGE = 'exchange-card:callback';
/** The card's child frame's name: callback.html, loaded under it, leaves the answer to the parent. */
export const CHILD_FRAME = 'exchange-card-authorize';

/**
 * Leaves `win`'s query (the answer) to the card whose child frame or popup this is: the child's parent
 * reads it; a popup posts it to its opener, addressed to our own origin only, drops it from its address and
 * closes. True when it did; false in a window of its own (a popup whose link to its card was cut, or
 * callback.html opened by hand), where the app takes over.
 */
export function handUp(win: Window = window): boolean {
  const { search, origin, pathname } = win.location;
  const opener = win.opener as Window | null;
  const popup = !!opener && opener !== win && !opener.closed;
  const child = win.name === CHILD_FRAME && win.parent !== win;
  if (child) return true;
  if (!popup) return false;
  opener.postMessage({ type: CALLBACK_MESSAGE, search }, origin);
  // The code is single-use and already on its way: it need not stay in this window's history either.
  win.history.replaceState(null, '', pathname);
  win.close();
  return true;
}
