/**
 * Turns any failure into what a person needs: why it failed in their language, the server's own
 * words (kept verbatim: they are often the only precise clue), rejected fields, and whether trying
 * again can help.
 */
import { ApiError, type FieldError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import { ConfigError } from '../config/config';
import { enAuthErrors } from './en-auth-errors';
import { enErrors } from './en-errors';
import type { Translate } from './index';

export interface ErrorText {
  reason: string;
  /** The server's own words; render as text. */
  detail?: string;
  fields: FieldError[];
  retryable: boolean;
  /** The stable code, shown small so a support request can quote it. */
  code?: string;
}

/** `server` names whose answer it was (Infobip, or a connection's name). */
export function errorText(speaking: Translate, error: unknown, server = 'Infobip'): ErrorText {
  const t = speaking.with(enErrors, enAuthErrors);
  if (error instanceof ApiError) {
    const problem = { problem: error.message, server };
    return {
      reason: t(`error.${error.code}`, problem),
      ...(error.detail ? { detail: error.detail } : {}),
      fields: error.fields,
      retryable: error.retryable,
      code: error.status ? `${error.code} (HTTP ${error.status})` : error.code,
    };
  }
  if (error instanceof AuthError) {
    return {
      reason: t(`error.${error.code}`),
      ...(error.detail ? { detail: error.detail } : {}),
      fields: [],
      // A fresh sign-in can fix every sign-in failure except an answer we cannot read.
      retryable: error.code !== 'TOKEN_ANSWER_INVALID',
      // The server's code as it sent it, which its documentation and support know, beside ours.
      code: error.sent ? `${error.sent} (${error.code})` : error.code,
    };
  }
  if (error instanceof ConfigError) {
    // The message already names the file and the field: `config.json: "clientId" is missing`.
    return { reason: t('error.CONFIG_INVALID', { problem: error.message }), fields: [], retryable: false, code: error.code };
  }
  return { reason: t('error.UNKNOWN'), fields: [], retryable: false };
}
