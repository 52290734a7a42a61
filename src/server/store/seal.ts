/**
 * Secrets at rest: AES-256-GCM under the configured key, the account and the record's name bound in as
 * additional data (a sealed value copied to another account or connection will not open), and the
 * key's id stored beside each value so a rotated-out key can still open it until it is re-sealed.
 */
import { createHash } from 'node:crypto';

export interface Sealer {
  /** Id of the current key. */
  readonly keyId: string;
  seal(value: unknown, account: string, name: string): Promise<string>;
  open(sealed: string, account: string, name: string): Promise<unknown>;
  /** True when `sealed` was made under an older key: re-seal it. */
  isStale(sealed: string): boolean;
}

/**
 * A sealed value that does not open: sealed under a key this server does not have, or not for this
 * account and record (copied, edited or corrupted). The message names no value.
 */
export class SealError extends Error {
  override name = 'SealError';
  constructor(readonly unknownKey: string | undefined) {
    super(
      unknownKey === undefined
        ? 'a stored secret does not open: it was changed, or sealed for another record'
        : `a stored secret is sealed under an unknown key (${unknownKey}): is SECRETS_KEY_PREVIOUS missing?`,
    );
  }
}

interface Key {
  id: string;
  key: CryptoKey;
}

const encoder = new TextEncoder();
const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

async function importKey(raw: Uint8Array<ArrayBuffer>): Promise<Key> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  // Not secret: the first bytes of the key's hash, enough to tell keys apart.
  const id = Buffer.from(digest.subarray(0, 6)).toString('hex');
  return { id, key: await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']) };
}

const additionalData = (account: string, name: string) => encoder.encode(`exchange-card\u0000${account}\u0000${name}`);

export async function createSealer(current: Uint8Array<ArrayBuffer>, previous: Uint8Array<ArrayBuffer>[] = []): Promise<Sealer> {
  const now = await importKey(current);
  const keys = new Map<string, Key>([[now.id, now]]);
  for (const raw of previous) {
    const key = await importKey(raw);
    if (!keys.has(key.id)) keys.set(key.id, key);
  }
  return {
    keyId: now.id,
    async seal(value, account, name) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(account, name) },
        now.key,
        encoder.encode(JSON.stringify(value)),
      );
      return `v1.${now.id}.${b64(iv)}.${b64(data)}`;
    },
    async open(sealed, account, name) {
      const [version, id, iv, data] = sealed.split('.');
      const key = id === undefined ? undefined : keys.get(id);
      if (version !== 'v1' || !iv || !data) throw new SealError(undefined);
      if (!key) throw new SealError(id ?? '?');
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: Buffer.from(iv, 'base64'), additionalData: additionalData(account, name) },
          key.key,
          Buffer.from(data, 'base64'),
        );
        return JSON.parse(new TextDecoder().decode(plain));
      } catch {
        throw new SealError(undefined);
      }
    },
    isStale: (sealed) => sealed.split('.')[1] !== now.id,
  };
}

/**
 * SHA-256 of a session credential, hex: what the sessions table keeps instead of the credential.
 * node:crypto's, computed at once: every request hashes its credential, and Web Crypto's digest is a
 * job on the thread pool and a promise each time, for 32 bytes.
 */
export async function hashCredential(credential: string): Promise<string> {
  return createHash('sha256').update(credential).digest('hex');
}

/** 256 random bits, base64url. */
export function newCredential(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
