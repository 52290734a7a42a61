/**
 * What this instance read from the database a moment ago — a session by its credential's hash, a
 * connection with its secrets opened — kept for a few seconds, so an agent's actions do not read and
 * decrypt the same rows again and again. Each entry belongs to a topic (`session:<id>`,
 * `connection:<account>:<id>`). A change forgets its topic on this instance at once, and is told to
 * every other instance on the database (PostgreSQL NOTIFY), which forgets it as the message arrives;
 * should the message be lost, an entry is used no longer than RECENT_MS after it was read.
 */
import type { Db } from './db';

/** The longest an entry is used after it was read: how stale another instance may be after a change. */
export const RECENT_MS = 3_000;
/** Entries per kind and instance; the oldest read go first. */
const LIMIT = 10_000;

interface Entry {
  topic: string;
  value: unknown;
  until: number;
}

export interface Recent<T> {
  get(key: string): T | undefined;
  set(key: string, topic: string, value: T): void;
  /** Forgets every entry of `topic` here, then tells the other instances to. */
  forget(topic: string): Promise<void>;
}

const instances = new WeakMap<Db, Map<string, Map<string, Entry>>>();

/** The entries of `kind` this instance (its `db`) keeps. */
export function recent<T>(db: Db, kind: string): Recent<T> {
  let kinds = instances.get(db);
  if (!kinds) {
    const made = new Map<string, Map<string, Entry>>();
    kinds = made;
    instances.set(db, made);
    db.listen?.((topic) => {
      for (const entries of made.values()) drop(entries, topic);
    });
  }
  let entries = kinds.get(kind);
  if (!entries) {
    entries = new Map();
    kinds.set(kind, entries);
  }
  const kept = entries;
  return {
    get(key) {
      const entry = kept.get(key);
      if (!entry) return undefined;
      if (entry.until > performance.now()) return entry.value as T;
      kept.delete(key);
      return undefined;
    },
    set(key, topic, value) {
      kept.delete(key);
      if (kept.size >= LIMIT) kept.delete(kept.keys().next().value as string);
      kept.set(key, { topic, value, until: performance.now() + RECENT_MS });
    },
    async forget(topic) {
      drop(kept, topic);
      await db.notify?.(topic);
    },
  };
}

function drop(entries: Map<string, Entry>, topic: string) {
  if (topic === '*') entries.clear();
  else for (const [key, entry] of entries) if (entry.topic === topic) entries.delete(key);
}
