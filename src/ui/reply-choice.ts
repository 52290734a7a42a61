/**
 * "Use in reply": a connection's answer handed to the card's composer. Both load after the card's first
 * screen, so they meet here rather than through the card, whose start-up script stays as it is. A page
 * shows one card, so one composer listens.
 */
type Listener = (text: string) => void;
let listener: Listener | undefined;

export const chooseReply = (text: string) => listener?.(text);

/** The composer listens while it is mounted; the returned function stops it. */
export function onReplyChosen(listen: Listener): () => void {
  listener = listen;
  return () => {
    if (listener === listen) listener = undefined;
  };
}
