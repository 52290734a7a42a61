/**
 * The token every token answer carries (Infobip's, every connection's), read by one rule: a token any
 * header can carry. The stored session is checked by it too, at start; the lifetime an answer gives is
 * read by `answer-lifetime.ts`, which loads with the answers.
 */

/** Printable ASCII, as an HTTP header value allows; a token type is a single word (`IBSSO`). */
export const TOKEN = /^[\x21-\x7e]{1,4096}$/;
export const TOKEN_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
