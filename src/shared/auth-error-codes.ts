/** Every AuthError code, once: the type is derived from it; the start-up needs only the type. */
export const AUTH_ERROR_CODES = [
  // The authorization server answered error=….
  'AUTHORIZATION_DENIED',
  // login_required / interaction_required: sign in from a popup.
  'INTERACTION_REQUIRED',
  // The answer belongs to no flow this browser started.
  'STATE_MISMATCH',
  // The pending flow is older than its 10 minutes.
  'FLOW_EXPIRED',
  // The answer is malformed (no code, repeated parameters, …).
  'INVALID_CALLBACK',
  // The token endpoint answered an error.
  'TOKEN_REQUEST_FAILED',
  // The token endpoint answered something we cannot use.
  'TOKEN_ANSWER_INVALID',
  // The sign-in page cannot finish inside a frame (refuses framing, or wants input): a popup can.
  'FRAME_REFUSED',
  'POPUP_BLOCKED',
  // Closed early, or its link to this frame was cut.
  'POPUP_CLOSED',
  // Its link to this frame was cut as the sign-in page loaded (Cross-Origin-Opener-Policy): a popup cannot work.
  'POPUP_CUT',
  // In a sign-in window: an answer for no flow here, in a window that lost its link to the card that opened it.
  'LINK_CUT',
  'REFRESH_FAILED',
  // In this frame or another: the session hands out no token.
  'SIGNED_OUT',
] as const;
