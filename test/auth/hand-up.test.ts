import { describe, expect, it } from 'vitest';
import { CALLBACK_MESSAGE, CHILD_FRAME, handUp } from '../../src/auth/hand-up';

const ORIGIN = 'https://cdn.example.com';
const ANSWER = '?code=the-code&state=the-state';

/** A window that records what is posted to it. */
function target(closed = false) {
  const posted: { message: unknown; origin: string }[] = [];
  return { closed, posted, postMessage: (message: unknown, origin: string) => void posted.push({ message, origin }) };
}

/** callback.html as handUp sees it: its address, name, parent and opener. */
function callbackWindow({ name = '', parent, opener = null }: { name?: string; parent?: unknown; opener?: unknown }) {
  const win = {
    name,
    opener,
    parent: undefined as unknown,
    closed: false,
    close() {
      win.closed = true;
    },
    address: `${ORIGIN}/apps/card/callback.html${ANSWER}`,
    location: { search: ANSWER, origin: ORIGIN, pathname: '/apps/card/callback.html' },
    history: {
      replaceState(_state: unknown, _title: string, url: string) {
        win.address = new URL(url, win.address).href;
      },
    },
  };
  win.parent = parent ?? win;
  return win;
}

describe('callback.html leaves the answer to the card that asked', () => {
  it("in the card's child frame: leaves the answer in the frame's address, where the card reads it, and posts nothing", () => {
    const card = target();
    const win = callbackWindow({ name: CHILD_FRAME, parent: card });
    expect(handUp(win as unknown as Window)).toBe(true);
    expect(card.posted).toEqual([]);
    expect(win.address).toBe(`${ORIGIN}/apps/card/callback.html${ANSWER}`);
    expect(win.closed).toBe(false);
  });

  it('in a popup: to the card that opened it, addressed to our own origin only, and the popup closes', () => {
    const card = target();
    const win = callbackWindow({ opener: card });
    expect(handUp(win as unknown as Window)).toBe(true);
    expect(card.posted).toEqual([{ message: { type: CALLBACK_MESSAGE, search: ANSWER }, origin: ORIGIN }]);
    expect(win.address).not.toContain('the-code');
    expect(win.closed).toBe(true);
  });

  it('in a window of its own (no card, or a closed one, or a frame of another name): hands nothing, so the app takes the answer', () => {
    const host = target();
    const cases = [
      callbackWindow({}),
      callbackWindow({ opener: target(true) }),
      callbackWindow({ name: 'app-0', parent: host }),
      // Named as the child frame, but top-level: there is no card above it.
      callbackWindow({ name: CHILD_FRAME }),
    ];
    for (const win of cases) {
      expect(handUp(win as unknown as Window)).toBe(false);
      expect(win.address).toContain('the-code');
      expect(win.closed).toBe(false);
    }
    expect(host.posted).toEqual([]);
  });
});
