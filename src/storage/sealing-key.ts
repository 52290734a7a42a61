/** Where the sealing key is kept beside the values, and how it is recognised: read at start-up, made at sign-in. */
export const KEY = 'sealing-key';

export function isAesKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey && value.algorithm.name === 'AES-GCM';
}
