/**
 * The audit log written off the request path: an action's entry waits in this instance's memory and is
 * written with the others of the moment, in one transaction (one commit), every FLUSH_MS or at BATCH
 * entries, before the log is read here, and when the server closes. A crash loses at most FLUSH_MS of
 * entries. The entries are written by audit.ts's own `recordAll`, its statements gathered into the one transaction.
 */
import type { AuditEntry } from '../../shared/wire';
import * as audit from './audit';
import type { Db, Param } from './db';

export const FLUSH_MS = 250;
const BATCH = 200;
/** Entries kept while the database is away; past it the oldest go, so memory stays bounded. */
const HELD = 50_000;

interface Queue {
  entries: [account: string, entry: AuditEntry][];
  timer?: NodeJS.Timeout;
  writing: Promise<void>;
}

const queues = new WeakMap<Db, Queue>();

function queueOf(db: Db): Queue {
  let queue = queues.get(db);
  if (!queue) {
    queue = { entries: [], writing: Promise.resolve() };
    queues.set(db, queue);
  }
  return queue;
}

/** Queues the entry; it is written within FLUSH_MS. */
export function queueAudit(db: Db, account: string, entry: AuditEntry): void {
  const queue = queueOf(db);
  queue.entries.push([account, entry]);
  if (queue.entries.length >= BATCH) void flushAudit(db).catch(() => undefined);
  else queue.timer ??= setTimeout(() => void flushAudit(db).catch(() => undefined), FLUSH_MS).unref();
}

/** Writes every queued entry, after whatever is being written already. */
export function flushAudit(db: Db): Promise<void> {
  const queue = queueOf(db);
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = undefined;
  const taken = queue.entries.splice(0);
  const write = queue.writing.then(async () => {
    if (taken.length === 0) return;
    const statements: [string, Param[]][] = [];
    // audit.ts's own statements, gathered: what an entry is stays its business.
    const gather: Db = {
      ...db,
      run: async (sql, params = []) => {
        statements.push([sql, params]);
      },
    };
    await audit.recordAll(gather, taken);
    try {
      await db.batch(statements);
    } catch (error) {
      // Not lost while the database is away: back at the front of the queue, for the next flush.
      queue.entries.unshift(...taken);
      queue.entries.splice(0, Math.max(0, queue.entries.length - HELD));
      queue.timer ??= setTimeout(() => void flushAudit(db).catch(() => undefined), FLUSH_MS).unref();
      throw error;
    }
  });
  queue.writing = write.catch(() => undefined);
  return write;
}
