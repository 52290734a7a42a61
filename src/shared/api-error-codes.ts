/**
 * Every ApiError code, once: the type is derived from it, and what reads a code off the wire (the page's
 * client of the app server) or lists them (the tests) imports the list. The card's start-up needs only
 * the type, so the list loads with its first reader.
 */
export const API_ERROR_CODES = [
  'NETWORK',
  'TIMEOUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'SERVER',
  'INVALID_RESPONSE',
  // A send that may have reached the server: never repeated silently.
  'MAYBE_SENT',
  'NOT_CONFIGURED',
  // A connection's credentials were refused: the admin must replace them.
  'BAD_CREDENTIALS',
  // A 3xx: not followed, since every request carries a credential the other address must not get.
  'REDIRECTED',
  // The app server does not connect to a connection's address (not public https, or not allowed by its operator).
  'DESTINATION_REFUSED',
  // A connection's draft failed its test, so it was not saved (PUT /connections/:id?test=first).
  'TEST_FAILED',
] as const;
