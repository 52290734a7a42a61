/** Reading Infobip's answers: every endpoint's parser takes its fields with these, and fails as one ApiError. */
import { ApiError } from '../../shared/api-error';

export type Raw = Record<string, unknown>;

export function unexpected(what: string): ApiError {
  return new ApiError('INVALID_RESPONSE', `The server's answer has ${what}.`, { retryable: true });
}

export function object(value: unknown, what: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected(`no ${what}`);
  return value as Raw;
}

export function text(raw: Raw, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string') throw unexpected(`no "${field}"`);
  return value;
}

/** A field the screens can do without: absent or malformed reads as empty. */
export const optional = (raw: Raw, field: string): string => (typeof raw[field] === 'string' ? (raw[field] as string) : '');
