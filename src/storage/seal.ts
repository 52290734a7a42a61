/**
 * The sealing key found or made under a lock: only a page that did not read it with its token needs
 * this (a first visit, a sign-in), so it ships with the sign-in chunk.
 */
import { withLock } from './lock';
import { isAesKey, KEY } from './sealing-key';
import type { KeyValueStore } from '../shared/key-value-store';

/** The key stored beside the values; made once (when `create`), under a lock, so every frame shares one. */
export function findKey(inner: KeyValueStore, create: boolean): Promise<CryptoKey | undefined> {
  return withLock('exchange-card:sealing-key', async () => {
    const existing = await inner.get(KEY);
    if (isAesKey(existing)) return existing;
    if (!create) return undefined;
    const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await inner.set(KEY, made);
    return made;
  });
}
