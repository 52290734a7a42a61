/**
 * The SMS being typed, kept in the store so it survives a reload or a re-authentication (which may
 * unmount the card). Writes are debounced; a pending write is flushed when the form unmounts.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KeyValueStore } from '../shared/key-value-store';
import type { SmsDraft } from './sms-validation';
import { draftsEpoch } from './drafts';

const EMPTY: SmsDraft = { to: '', text: '', from: '' };
const DEBOUNCE_MS = 300;

/** A draft whose send was cut short by a sign-out: nothing went, the next Send sends it. */
type Saved = SmsDraft & { signedOut?: boolean };

function isDraft(value: unknown): value is Saved {
  const d = value as SmsDraft | null;
  return typeof d === 'object' && d !== null && typeof d.to === 'string' && typeof d.text === 'string' && typeof d.from === 'string';
}

interface Pending {
  store: KeyValueStore;
  key: string;
  draft: Saved;
  /** draftsEpoch() when the form opened: after a sign-out its agent's text is not saved again. */
  epoch: number;
}

/** Only a draft with text is worth keeping: an address alone is prefilled again from the conversation. */
function write({ store, key, draft, epoch }: Pending): void {
  if (epoch !== draftsEpoch()) return;
  // Best effort: a draft that cannot be saved must never get in the way of sending.
  (draft.text ? store.set(key, draft) : store.del(key)).catch(() => {});
}

export function useSmsDraft(store: KeyValueStore, key: string) {
  const [draft, setDraft] = useState<SmsDraft>(EMPTY);
  const [restored, setRestored] = useState(false);
  const [signedOut, setSignedOut] = useState(false);
  /** Mirrors signedOut for writes, which may run after this form is gone. */
  const marked = useRef(false);
  const pending = useRef<Pending | null>(null);
  const epoch = useRef(draftsEpoch()).current;

  useEffect(() => {
    let live = true;
    store
      .get(key)
      .catch(() => undefined)
      .then((saved) => {
        if (!live) return;
        // Whatever was typed during the (brief) read wins over the saved copy.
        if (isDraft(saved)) {
          setDraft((now) => ({ to: now.to || saved.to, text: now.text || saved.text, from: now.from || saved.from }));
          marked.current = saved.signedOut === true;
          setSignedOut(marked.current);
        }
        setRestored(true);
      });
    return () => {
      live = false;
    };
  }, [store, key]);

  useEffect(() => {
    // Before the saved draft is read, the empty form must not overwrite it.
    if (!restored) return;
    pending.current = { store, key, draft: marked.current ? { ...draft, signedOut: true } : draft, epoch };
    const timer = setTimeout(() => {
      if (pending.current) write(pending.current);
      pending.current = null;
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, restored, store, key, epoch]);

  useEffect(
    () => () => {
      if (pending.current) write(pending.current);
    },
    [],
  );

  /** After a successful send: forget the saved draft now, and clear the text if it is still what was sent. */
  const discard = useCallback(
    (sentText: string) => {
      pending.current = null;
      store.del(key).catch(() => {});
      setDraft((now) => (now.text === sentText ? { ...now, text: '' } : now));
    },
    [store, key],
  );

  /**
   * A send stopped because the agent was signed out: the page goes through sign-in, which may unmount
   * this form, so the draft is saved at once with a note that it was not sent.
   */
  const interrupted = useCallback(
    (sent: SmsDraft) => {
      marked.current = true;
      pending.current = null;
      write({ store, key, draft: { ...sent, signedOut: true }, epoch });
      setSignedOut(true);
    },
    [store, key, epoch],
  );

  /** A new attempt: whatever the last one said no longer holds. */
  const retrying = useCallback(() => {
    marked.current = false;
    setSignedOut(false);
  }, []);

  return { draft, setDraft, restored, discard, signedOut, retrying, interrupted };
}
