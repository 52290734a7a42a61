/** The errors of a connection's token request, each naming the connection. */
import { ApiError } from '../../shared/api-error';
import { errorFromResponse } from '../../shared/http';
import type { Connection } from '../../shared/connection';

/**
 * The token endpoint said no. A 4xx is the admin's to fix (ID, secret, scope, token path), so it says
 * which connection, keeps the server's words, and offers no retry; a 5xx or 429 stays retryable.
 */
export async function refusedSignIn(connection: Connection, response: Response): Promise<ApiError> {
  const error = await errorFromResponse(response);
  if (error.retryable) return error;
  const refused = response.status === 401 || response.status === 403;
  return new ApiError(refused ? 'BAD_CREDENTIALS' : 'NOT_CONFIGURED', `"${connection.name}" refused to sign in (HTTP ${response.status}).`, {
    status: response.status,
    detail: error.detail,
    fields: error.fields,
  });
}

export function invalidAnswer(connection: Connection, why: string, cause?: unknown): ApiError {
  return new ApiError('INVALID_RESPONSE', `The token answer of "${connection.name}" ${why}.`, { cause });
}
