/**
 * Answers of actions that run when the card opens, kept by this instance for the action's
 * `cacheSeconds`: an agent reopening a conversation, or a colleague opening it, does not ask the
 * provider again. An entry is the exact request (account, connection, the action's definition, the
 * built method, URL and body), so a changed action or another value is another entry. Only answers
 * are kept, never failures. Bounded: the oldest go first, and one account holds at most a share, so
 * one busy tenant cannot push every other's answers out. A save of the connection or its actions
 * drops its entries here, and on the other instances through the database's messages.
 */
import { createHash } from 'node:crypto';
import type { ActionResult, ConnectionAction } from '../shared/connection-action';
import type { BuiltRequest } from './action-request';
import type { Db } from './store/db';
import { connectionTopic } from './store/connections';

export const CACHE_LIMIT = 2_000;
export const ACCOUNT_LIMIT = 200;

export interface Kept {
  result: ActionResult;
  fetchedAt: number;
}

interface Entry extends Kept {
  topic: string;
  account: string;
  until: number;
}

export interface ActionCache {
  get(account: string, connectionId: string, action: ConnectionAction, request: BuiltRequest): Kept | undefined;
  set(account: string, connectionId: string, action: ConnectionAction, request: BuiltRequest, kept: Kept): void;
  /** Drops every answer of the connection, here and (through the database) on the other instances. */
  drop(account: string, connectionId: string): Promise<void>;
}

export function actionCache(db: Db, now: () => number, limits = { total: CACHE_LIMIT, perAccount: ACCOUNT_LIMIT }): ActionCache {
  // In insertion order: the first entry is the oldest kept.
  const entries = new Map<string, Entry>();
  const perAccount = new Map<string, number>();

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const left = (perAccount.get(entry.account) ?? 1) - 1;
    if (left > 0) perAccount.set(entry.account, left);
    else perAccount.delete(entry.account);
  };
  const dropTopic = (topic: string) => {
    for (const [key, entry] of entries) if (topic === '*' || entry.topic === topic) remove(key);
  };
  db.listen?.(dropTopic);

  const keyOf = (account: string, connectionId: string, action: ConnectionAction, request: BuiltRequest) =>
    createHash('sha256')
      .update(JSON.stringify([account, connectionId, action, request.method, request.url.href, request.body ?? null]))
      .digest('base64url');

  return {
    get(account, connectionId, action, request) {
      const key = keyOf(account, connectionId, action, request);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        remove(key);
        return undefined;
      }
      return { result: entry.result, fetchedAt: entry.fetchedAt };
    },
    set(account, connectionId, action, request, kept) {
      if (action.cacheSeconds <= 0) return;
      const key = keyOf(account, connectionId, action, request);
      remove(key);
      if ((perAccount.get(account) ?? 0) >= limits.perAccount) {
        for (const [oldest, entry] of entries)
          if (entry.account === account) {
            remove(oldest);
            break;
          }
      }
      if (entries.size >= limits.total) remove(entries.keys().next().value as string);
      entries.set(key, { ...kept, topic: connectionTopic(account, connectionId), account, until: kept.fetchedAt + action.cacheSeconds * 1000 });
      perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
    },
    async drop(account, connectionId) {
      const topic = connectionTopic(account, connectionId);
      dropTopic(topic);
      await db.notify?.(topic);
    },
  };
}
