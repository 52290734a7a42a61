/**
 * One typed error for every sign-in step, like oauth4webapi's: a stable `code`, the server's own words in
 * `detail`. No answer at all is not a sign-in matter: http.ts reports it as an ApiError (NETWORK, TIMEOUT).
 */
import type { AUTH_ERROR_CODES } from './auth-error-codes';

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends Error {
  override name = 'AuthError';
  /** The server's own error code, as it sent it (`access_denied`). */
  readonly sent: string | undefined;
  /** The HTTP status of a token endpoint's answer: a 5xx is the server's trouble, not a refusal. */
  readonly status: number | undefined;
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** The server's own words, shown as text. */
    readonly detail?: string,
    options?: { cause?: unknown; sent?: string; status?: number },
  ) {
    super(message, options);
    this.sent = options?.sent;
    this.status = options?.status;
  }
}
