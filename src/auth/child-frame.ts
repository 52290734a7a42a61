/**
 * The authorize step in a hidden child frame of the card, so the card stays on screen while it runs. The
 * card reads the answer from the child's address itself, as soon as the frame is at callback.html: that is
 * our origin, so its document is the card's to read from the moment the navigation commits, before the
 * page has loaded or run a script. A sign-in page that refuses framing (or wants the user to type) shows
 * as a child that loaded something not ours, and is known at once.
 */
import { AuthError } from '../shared/auth-error';
import { CHILD_FRAME } from './hand-up';

/** Nothing at all within this time (a server that never answers): the frame cannot finish either. */
const DEADLINE_MS = 30_000;
/** How often the card looks at the child's address while it waits (the browser's shortest timer). */
const LOOK_MS = 4;

const cannotFinish = () => new AuthError('FRAME_REFUSED', 'The sign-in page cannot be completed inside the app’s frame.');

export interface ChildFrame {
  /** The query of the first address at the authorize URL's redirect_uri, whatever its state: the caller decides whether it answers a flow of its own. */
  answer: Promise<URLSearchParams>;
  /**
   * Removes the frame. Removing it unloads its page, which holds the card's thread a while: once the
   * sign-in is done with, not as the code is exchanged.
   */
  remove(): void;
}

/** Loads `url` in a hidden child frame. */
export function authorizeInChildFrame(url: URL, doc: Document = document): ChildFrame {
  const redirect = new URL(url.searchParams.get('redirect_uri') ?? '', url);
  const frame = doc.createElement('iframe');
  frame.name = CHILD_FRAME;
  frame.hidden = true;
  frame.src = url.href;
  let looking: ReturnType<typeof setInterval> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<URLSearchParams>((resolve, reject) => {
    // null while the child shows another origin's page (no exception to throw and catch at every look).
    const look = () => {
      const at = frame.contentDocument ? new URL(frame.contentDocument.URL) : undefined;
      if (at?.origin === redirect.origin && at.pathname === redirect.pathname) {
        // Nothing more of callback.html is needed: parsing it and running its script would hold the card's thread.
        frame.contentWindow?.stop();
        resolve(at.searchParams);
      }
      return at;
    };
    looking = setInterval(look, LOOK_MS);
    // Timers wait in a hidden page: its load ends the wait there. A page loaded that we cannot read is not ours.
    frame.addEventListener('load', () => {
      if (!look()) reject(cannotFinish());
    });
    timer = setTimeout(() => reject(cannotFinish()), DEADLINE_MS);
  });
  doc.body.append(frame);
  return {
    answer: answer.finally(() => {
      clearInterval(looking);
      clearTimeout(timer);
    }),
    remove: () => frame.remove(),
  };
}
