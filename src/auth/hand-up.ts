/**
 * callback.html's first script, and in the card's child frame or popup its only one: it hands the
 * authorization answer to the card that asked before any of the app loads, so a cold sign-in's child
 * frame costs one page and one small script. It imports nothing, and the card's side (child-frame.ts,
 * popup.ts) takes its names from here.
 */

/** The type of the message that carries the answer. */
export const CALLBACK_MESSAGE = 'exchange-card:callback';
/** The card's child frame's name: callback.html, loaded under it, hands its answer to the parent. */
export const CHILD_FRAME = 'exchange-card-authorize';

/**
 * Hands `win`'s query (the answer) to the card whose child frame or popup this is, addressed to our own
 * origin only, and drops it from this window's address. True when it did; false in a window of its own
 * (a popup whose link to its card was cut, or callback.html opened by hand), where the app takes over.
 */
export function handUp(win: Window = window): boolean {
  const { search, origin, pathname } = win.location;
  const message = { type: CALLBACK_MESSAGE, search };
  const opener = win.opener as Window | null;
  const popup = !!opener && opener !== win && !opener.closed;
  const child = win.name === CHILD_FRAME && win.parent !== win;
  if (!child && !popup) return false;
  (child ? win.parent : (opener as Window)).postMessage(message, origin);
  // The code is single-use and already on its way: it need not stay in this window's history either.
  win.history.replaceState(null, '', pathname);
  if (!child) win.close();
  return true;
}
