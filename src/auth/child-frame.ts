/**
 * The authorize step in a hidden child frame of the card, so the card stays on screen while it runs: an
 * answer comes back to callback.html there and is handed up; a sign-in page that refuses framing (or
 * wants the user to type) shows as a child that loaded something not ours, and is known at once.
 */
import { AuthError } from '../shared/auth-error';
import { CALLBACK_MESSAGE, CHILD_FRAME } from './hand-up';

/** callback.html's script, relative to this module: the build writes its hashed name here (vite.config.ts). */
const CALLBACK_SCRIPT = 'exchange-card:callback-script';

/**
 * Asks for callback.html's script as a sign-in starts, so the child frame finds it in the cache rather
 * than wait for it after its page. Only a build knows its name.
 */
export function preloadCallbackScript(doc: Document = document): void {
  if (!import.meta.env.PROD) return;
  const link = doc.createElement('link');
  link.rel = 'modulepreload';
  link.href = new URL(CALLBACK_SCRIPT, import.meta.url).href;
  doc.head.append(link);
}

/** Nothing at all within this time (a server that never answers): the frame cannot finish either. */
const DEADLINE_MS = 30_000;

const cannotFinish = () => new AuthError('FRAME_REFUSED', 'The sign-in page cannot be completed inside the app’s frame.');

/**
 * Loads `url` in a hidden child frame; resolves with the answer callback.html got there, whatever its
 * state: callback.html, opened with it in the card's own frame, decides whether it answers a flow of ours.
 */
export function authorizeInChildFrame(url: URL, doc: Document = document): Promise<URLSearchParams> {
  const frame = doc.createElement('iframe');
  frame.name = CHILD_FRAME;
  frame.hidden = true;
  frame.src = url.href;
  let onMessage: (event: MessageEvent) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<URLSearchParams>((resolve, reject) => {
    onMessage = (event) => {
      const data = event.data as { type?: unknown; search?: unknown } | null;
      if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
      if (data?.type !== CALLBACK_MESSAGE || typeof data.search !== 'string') return;
      resolve(new URLSearchParams(data.search));
    };
    // Our callback.html hands its answer up before its load ends; a page we cannot read is not ours.
    frame.addEventListener('load', () => {
      try {
        void frame.contentWindow?.location.href;
      } catch {
        reject(cannotFinish());
      }
    });
    timer = setTimeout(() => reject(cannotFinish()), DEADLINE_MS);
  });
  window.addEventListener('message', onMessage);
  doc.body.append(frame);
  return answer.finally(() => {
    clearTimeout(timer);
    window.removeEventListener('message', onMessage);
    // Removing the frame unloads its page, which takes a while: once the answer has gone on, not before.
    setTimeout(() => frame.remove());
  });
}
