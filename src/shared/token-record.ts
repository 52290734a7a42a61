/** The signed-in session as we keep it: Infobip's IBSSO token plus who it belongs to. */
import { TOKEN, TOKEN_TYPE } from './answer-fields';

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
  /** The app server's session credential, when sign-in went through it (config.json `serverUrl`). */
  server?: string;
}

/** Re-checks a record read back from storage; anything foreign or old-format is rejected. */
export function isTokenRecord(value: unknown): value is TokenRecord {
  const r = value as TokenRecord | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.token === 'string' &&
    TOKEN.test(r.token) &&
    typeof r.tokenType === 'string' &&
    TOKEN_TYPE.test(r.tokenType) &&
    typeof r.issuedAt === 'number' &&
    typeof r.expiresAt === 'number' &&
    (r.server === undefined || typeof r.server === 'string') &&
    typeof r.identity === 'object' &&
    r.identity !== null &&
    typeof r.identity.username === 'string' &&
    typeof r.identity.email === 'string' &&
    Array.isArray(r.identity.roles) &&
    Array.isArray(r.identity.groups)
  );
}
