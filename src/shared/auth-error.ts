/**
 * One typed error for every sign-in step, like oauth4webapi's: a stable `code`, the server's own words in
 * `detail`. No answer at all is not a sign-in matter: http.ts reports it as an ApiError (NETWORK, TIMEOUT).
 */

export type AuthErrorCode =
  | 'AUTHORIZATION_DENIED' // the authorization server answered error=…
  | 'INTERACTION_REQUIRED' // login_required / interaction_required: sign in from a popup
  | 'STATE_MISMATCH' // the answer belongs to no flow this browser started
  | 'FLOW_EXPIRED' // the pending flow is older than its 10 minutes
  | 'INVALID_CALLBACK' // the answer is malformed (no code, repeated parameters, …)
  | 'TOKEN_REQUEST_FAILED' // the token endpoint answered an error
  | 'TOKEN_ANSWER_INVALID' // the token endpoint answered something we cannot use
  | 'FRAME_REFUSED' // the sign-in page cannot finish inside a frame (refuses framing, or wants input): a popup can
  | 'POPUP_BLOCKED'
  | 'POPUP_CLOSED' // closed early, or its link to this frame was cut
  | 'POPUP_CUT' // its link to this frame was cut as the sign-in page loaded (Cross-Origin-Opener-Policy): a popup cannot work
  | 'LINK_CUT' // in a sign-in window: an answer for no flow here, in a window that lost its link to the card that opened it
  | 'REFRESH_FAILED'
  | 'SIGNED_OUT'; // in this frame or another: the session hands out no token

export class AuthError extends Error {
  override name = 'AuthError';
  /** The server's own error code, as it sent it (`access_denied`). */
  readonly sent: string | undefined;
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** The server's own words, shown as text. */
    readonly detail?: string,
    options?: { cause?: unknown; sent?: string },
  ) {
    super(message, options);
    this.sent = options?.sent;
  }
}
