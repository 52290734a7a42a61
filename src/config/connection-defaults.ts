import { COMMON_FIELDS, FIELDS, isKind, KINDS, newDraft, SECRETS, type Draft, type FieldName } from '../shared/connection-fields';
import { ConfigError, type ConnectionDefaults } from './config';

/**
 * config.json's `connections[i]` as a draft over the kind's defaults. Unknown kinds and fields are
 * refused, naming the field, so a typo (`baseURL`) is not silently ignored.
 */
export function draftFromDefaults(defaults: ConnectionDefaults, index: number): Draft {
  const at = `connections[${index}]`;
  // The id names store keys, a lock and element ids: plain characters only.
  if (!/^[\w.-]{1,64}$/.test(defaults.id)) throw new ConfigError(`${at}.id`, 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  if (!isKind(defaults.kind)) throw new ConfigError(`${at}.kind`, `must be one of ${KINDS.join(', ')}`);
  const allowed = new Set<string>(['id', 'kind', ...COMMON_FIELDS, ...FIELDS[defaults.kind]].filter((f) => !SECRETS.includes(f as FieldName)));
  const draft = newDraft(defaults.kind, defaults.id);
  for (const [field, value] of Object.entries(defaults)) {
    if (!allowed.has(field)) throw new ConfigError(`${at}.${field}`, `is not a field of a ${defaults.kind} connection`);
    if (typeof value !== 'string') throw new ConfigError(`${at}.${field}`, 'must be a string');
    (draft as Record<string, string>)[field] = value;
  }
  return draft;
}
