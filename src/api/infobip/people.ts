/** The customer as Infobip's People knows them, found by phone number: for the card's header, their name. */
import { ApiError } from '../../shared/api-error';
import { object, optional, type Raw } from './answer';
import { apiBase, type InfobipClient } from './client';

/** The person's name as People holds it ('' for a person without one). */
function parsePerson(body: unknown): string {
  const raw = object(body, 'person');
  // A single person comes as itself; a filtered list as `persons` (the same method without an identifier).
  const person = Array.isArray(raw.persons) ? (raw.persons[0] as Raw | undefined) : raw;
  if (!person || typeof person !== 'object') return '';
  return [optional(person, 'firstName'), optional(person, 'lastName')]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The name of the person with this phone number (international digits, with or without `+`), or ''
 * when People has no such person or no name for them.
 */
export async function personName(client: InfobipClient, phone: string, signal?: AbortSignal): Promise<string> {
  const query = new URLSearchParams({ type: 'PHONE', identifier: phone.replace(/^\+/, '') });
  try {
    return await client.call(`${apiBase(client.config)}/people/2/persons?${query}`, signal ? { signal } : {}, true, parsePerson);
  } catch (error) {
    // Not in People is an answer, not a failure.
    if (error instanceof ApiError && error.status === 404) return '';
    throw error;
  }
}
