/** What every cached credential carries, and when it is due for renewal. */

/** What a cached credential must carry; the rest is the method's (the Infobip TokenRecord has both too). */
export interface Expiring {
  /** Epoch ms. */
  issuedAt: number;
  /** Epoch ms; Number.MAX_SAFE_INTEGER for a credential that does not expire. */
  expiresAt: number;
}

/** How long before expiry to renew: 30 s, or a quarter of a short lifetime. */
export function renewalMargin(credential: Expiring): number {
  return Math.min(30_000, (credential.expiresAt - credential.issuedAt) / 4);
}
