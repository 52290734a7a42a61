/** An access token sent in one header: what the cache keeps, and the sign-in method that sends and renews it. */
import type { Expiring, TokenCache } from '../../shared/token-cache';
import { isHeaderToken } from './token-fields';
import type { SignInMethod } from './sign-in-method';

export interface AccessToken extends Expiring {
  accessToken: string;
}

/** The cache has checked issuedAt and expiresAt already. */
export const isAccessToken = (value: unknown): value is AccessToken => isHeaderToken((value as AccessToken | null)?.accessToken);

/**
 * The sign-in method of an access token sent in header `name` (after `prefix`): the cache fetches
 * and renews it; a 401 means this token is no good, so the next one is obtained (or another page's
 * taken). A 403 is about permissions, which a new token would not change.
 */
export function accessTokenMethod<T extends AccessToken>(cache: TokenCache<T>, name: string, prefix = ''): SignInMethod {
  return {
    refusal: 'a newly issued access token was refused too',
    async headers() {
      return { [name]: prefix + (await cache.current()).accessToken };
    },
    async recover(status, sent) {
      if (status !== 401) return false;
      await cache.recover((token) => prefix + token.accessToken === sent[name]);
      return true;
    },
  };
}
