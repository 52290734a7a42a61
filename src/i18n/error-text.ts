/**
 * Turns any failure into what a person needs: what happened and what to do next, in their language;
 * then, for whoever digs deeper, the server's own words (kept verbatim: they are often the only precise
 * clue), rejected fields, the app's own finding and the codes; and whether trying again can help.
 */
import { ApiError, type FieldError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import { ConfigError } from '../config/config';
import { enAuthErrors } from './en-auth-errors';
import { enErrors } from './en-errors';
import type { MessageKey, Params, Translate } from './index';

export interface ErrorText {
  /** What happened, in plain words: no code, no server text. */
  reason: string;
  /** What to do now (try again in a minute, ask an administrator for …, sign in again). */
  next: string;
  /** The server's own words; render as text. */
  detail?: string;
  /** The app's own finding, in English, where it names what an administrator must fix (`config.json has no "apiBaseUrl"`). */
  problem?: string;
  fields: FieldError[];
  retryable: boolean;
  /** The stable code, for the details, so a support request can quote it. */
  code?: string;
}

/** The failures whose message names what exactly is wrong; the others' messages only repeat their code. */
const FINDING: ReadonlySet<string> = new Set(['NOT_CONFIGURED', 'BAD_CREDENTIALS', 'INVALID_RESPONSE', 'TOKEN_ANSWER_INVALID']);

/** A sign-in step that got a 5xx or a 429 is the server's trouble, said as such: never a refusal. */
function troubleOf(status: number | undefined): 'SERVER' | 'RATE_LIMITED' | undefined {
  if (status === 429) return 'RATE_LIMITED';
  return status !== undefined && status >= 500 ? 'SERVER' : undefined;
}

/** `server` names whose answer it was (Infobip, or a connection's name). */
export function errorText(speaking: Translate, error: unknown, server = 'Infobip'): ErrorText {
  const t = speaking.with(enErrors, enAuthErrors);
  const words = (code: string, params?: Params) => ({
    reason: t(`error.${code}` as MessageKey, params),
    next: t(`error.${code}.next` as MessageKey, params),
  });
  const finding = (error: Error & { code: string }) => (FINDING.has(error.code) ? { problem: error.message } : {});
  if (error instanceof ApiError) {
    return {
      ...words(error.code, { server }),
      ...(error.detail ? { detail: error.detail } : {}),
      ...finding(error),
      fields: error.fields,
      retryable: error.retryable,
      code: error.status ? `${error.code} (HTTP ${error.status})` : error.code,
    };
  }
  if (error instanceof AuthError) {
    const trouble = troubleOf(error.status);
    return {
      ...words(trouble ?? error.code, { server }),
      ...(error.detail ? { detail: error.detail } : {}),
      ...finding(error),
      fields: [],
      // A fresh sign-in can fix every sign-in failure except an answer we cannot read.
      retryable: error.code !== 'TOKEN_ANSWER_INVALID',
      // The server's code as it sent it, which its documentation and support know, beside ours.
      code: error.sent ? `${error.sent} (${error.code})` : error.status ? `${error.code} (HTTP ${error.status})` : error.code,
    };
  }
  if (error instanceof ConfigError) {
    // The message names the file and the field: `config.json: "clientId" is missing`.
    return { ...words('CONFIG_INVALID'), problem: error.message, fields: [], retryable: false, code: error.code };
  }
  return { ...words('UNKNOWN'), fields: [], retryable: false };
}
