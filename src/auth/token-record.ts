/** The signed-in session as we keep it: Infobip's IBSSO token plus who it belongs to. */

export interface Named {
  id: number | string;
  name: string;
}

export interface Identity {
  username: string;
  email: string;
  accountKey?: string;
  userKey?: string;
  locale?: string;
  roles: Named[];
  groups: Named[];
}

export interface TokenRecord {
  token: string;
  tokenType: string;
  identity: Identity;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
}

export function isUsable(record: TokenRecord, now: number): boolean {
  return record.expiresAt > now;
}

/** The header value Infobip expects: `IBSSO <token>`. */
export function authorizationHeader(record: Pick<TokenRecord, 'token' | 'tokenType'>): string {
  return `${record.tokenType} ${record.token}`;
}
