/** The one error type of every API client: what kind of failure, the HTTP status, and the server's own words. */

export type ApiErrorCode =
  | 'NETWORK'
  | 'TIMEOUT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'SERVER'
  | 'INVALID_RESPONSE'
  /** A send that may have reached the server: never repeated silently. */
  | 'MAYBE_SENT'
  | 'NOT_CONFIGURED'
  /** A connection's credentials were refused: the admin must replace them. */
  | 'BAD_CREDENTIALS'
  /** A 3xx: not followed, since every request carries a credential the other address must not get. */
  | 'REDIRECTED';

export interface FieldError {
  field: string;
  messages: string[];
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly init: { status?: number; detail?: string; fields?: FieldError[]; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: init.cause });
  }
  get status(): number | undefined {
    return this.init.status;
  }
  /** The server's own words, e.g. Infobip's `requestError.serviceException.text`. */
  get detail(): string | undefined {
    return this.init.detail;
  }
  get fields(): FieldError[] {
    return this.init.fields ?? [];
  }
  get retryable(): boolean {
    return this.init.retryable ?? false;
  }
}
