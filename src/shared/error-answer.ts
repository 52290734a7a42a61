/** The server's own words in an error answer: Infobip's `requestError`, OAuth's `error_description`, or a plain `message`. */
import type { FieldError } from './api-error';

export interface ErrorWords {
  detail?: string;
  fields: FieldError[];
}

type Raw = Record<string, unknown>;

/** The words are shown in an alert: each text bounded, and the rejected fields in number. */
const cap = (text: string) => text.slice(0, 500);

function fieldErrors(raw: unknown): FieldError[] {
  if (typeof raw !== 'object' || raw === null) return [];
  return Object.entries(raw as Raw)
    .slice(0, 10)
    .map(([field, value]) => ({
      field: cap(field),
      messages: (Array.isArray(value) ? value : [value])
        .filter((m): m is string => typeof m === 'string')
        .slice(0, 5)
        .map(cap),
    }));
}

/** Reads the server's own words from any error body we know; never throws. */
export async function messageFrom(response: Response): Promise<ErrorWords> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return { fields: [] };
  }
  if (typeof body !== 'object' || body === null) return { fields: [] };
  const raw = body as Raw;
  const service = ((raw.requestError as Raw | undefined)?.serviceException ?? (raw.requestError as Raw | undefined)?.policyException) as Raw | undefined;
  const candidates = [service?.text, raw.error_description, raw.errorMessage, raw.message, raw.error, raw.detail, raw.title];
  const detail = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return { ...(detail === undefined ? {} : { detail: cap(detail) }), fields: fieldErrors(service?.validationErrors) };
}
