/**
 * The SMS drafts, one per conversation, kept in the store until sent, and forgotten when the agent
 * signs out: on a shared PC the next agent must not find the last one's half-typed SMS.
 */
import type { KeyValueStore } from '../shared/key-value-store';

const PREFIX = 'draft:';

export const draftKey = (conversationId: string | undefined): string => `${PREFIX}sms:${conversationId ?? '-'}`;

let signOuts = 0;
/** Changes at each sign-out: a form opened before it writes nothing after it (a pending save, a send cut short). */
export const draftsEpoch = (): number => signOuts;

/** Forgets every draft in the store, once the writes under way have landed. */
export async function clearDrafts(store: KeyValueStore): Promise<void> {
  signOuts++;
  await store.settled?.();
  const names = (await store.keys?.()) ?? [];
  await Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => store.del(name)));
}
