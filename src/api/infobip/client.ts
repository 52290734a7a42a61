/**
 * The Infobip API client: what every call shares. Each call carries `Authorization: IBSSO <token>`;
 * a 401 is recovered once through the session (another card's fresher token, or a refresh) and the
 * call repeated once. The endpoints are functions of their own files that take the client
 * (`messages.ts`, `sms.ts`, `app-oauth.ts`), so a page's script holds only the ones it calls.
 */
import type { Config } from '../../config/config';
import { ApiError } from '../../shared/api-error';
import { errorFromResponse, readJson, send } from '../../shared/http';
import type { RequestPolicy } from '../../shared/http-attempt';

/** What a call needs of the signed-in session: the token and its type, `IBSSO`. */
export interface Credential {
  token: string;
  tokenType: string;
}

/** The session, as this client sees it: given by the caller, so the client knows nothing of signing in. */
export interface TokenSource<T extends Credential = Credential> {
  current(): Promise<T>;
  /** After a 401 with `failed`: a token that should work, or throws. */
  recover(failed: T): Promise<T>;
}

export interface InfobipClient {
  readonly config: Config;
  /**
   * One call with the session's token, its answer read as JSON by `parse`. A call that is not
   * `idempotent` (a send) is never repeated but after a 401, and an accepted send whose answer cannot
   * be read is MAYBE_SENT.
   */
  call<T>(url: string, init: RequestInit, idempotent: boolean, parse: (body: unknown) => T): Promise<T>;
}

export function createInfobipClient<C extends Credential>(config: Config, session: TokenSource<C>, policy: Partial<RequestPolicy> = {}): InfobipClient {
  async function call<T>(url: string, init: RequestInit, idempotent: boolean, parse: (body: unknown) => T): Promise<T> {
    const attempt = (credential: C) =>
      send(
        url,
        {
          ...init,
          headers: { ...(init.headers as Record<string, string>), accept: 'application/json', authorization: `${credential.tokenType} ${credential.token}` },
        },
        { ...policy, idempotent },
      );
    const record = await session.current();
    let response = await attempt(record);
    // A 401 means the request was refused before it was acted on, so repeating it once is safe.
    if (response.status === 401) response = await attempt(await session.recover(record));
    if (!response.ok) throw await errorFromResponse(response);
    try {
      return parse(await readJson(response));
    } catch (error) {
      // A send the server accepted with an answer we cannot read has probably gone: never invite a resend.
      if (!idempotent && error instanceof ApiError && error.code === 'INVALID_RESPONSE') {
        throw new ApiError('MAYBE_SENT', error.message, { status: response.status, cause: error });
      }
      throw error;
    }
  }
  return { config, call };
}

/** The account's API base (SMS, conversations), which config.json may leave out. */
export function apiBase(config: Config): string {
  if (!config.apiBaseUrl) {
    throw new ApiError('NOT_CONFIGURED', 'config.json has no "apiBaseUrl" (the account\'s https://{base}.api.infobip.com).');
  }
  return config.apiBaseUrl;
}
