/** The one error type of every API client: what kind of failure, the HTTP status, and the server's own words. */
import type { API_ERROR_CODES } from './api-error-codes';

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

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
