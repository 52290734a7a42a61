/** Why a page shows the sign-in screen; each reason starts it differently. */
export type SignInReason =
  /** Nothing stored: redirect at once, unless the last redirect never came back. */
  | { kind: 'first-visit' }
  /** Signed out here or in another frame: wait for a click. `serverUnreachable`: the app server kept its session. */
  | { kind: 'signed-out'; serverUnreachable?: boolean }
  /** The session could not be renewed: straight back through the frame. */
  | { kind: 'session-lost'; error: unknown }
  /** A sign-in failed (the callback's answer, a flow): shown, with a way to try again. */
  | { kind: 'failed'; error: unknown };
