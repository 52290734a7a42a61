/**
 * Starts the app server: storage (PostgreSQL with DATABASE_URL, else embedded SQLite in DATA_DIR),
 * migrations, secrets re-sealed under the current key (a row that does not open is logged and left for
 * an admin), the audit log's retention (at start, then hourly), then HTTP. close() accepts the
 * connections already waiting, stops taking new ones, finishes the requests in flight — each answer then says `Connection: close`, so a
 * keep-alive client sends its next request elsewhere instead of onto a connection about to close — and
 * closes the storage, all within the drain deadline: whatever is still open then is cut.
 */
import { type AddressInfo, Server as NetServer } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { ServerConfig } from './config';
import { connectionStore } from './store/connections';
import * as audit from './store/audit';
import { migrate, type Db } from './store/db';
import type { LookupFunction } from 'node:net';
import { jsonLog, type Log } from './log';
import { outboundPolicy } from './outbound';
import { flushAudit } from './store/audit-queue';
import { flushCounts, pruneRateWindows } from './store/rate-limit';
import { createSealer } from './store/seal';
import { pruneSessions } from './store/sessions';

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  /** Resolves when stopped: within drainDeadlineMs(config). */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish: a connection call's deadline, and its database steps. */
export const drainDeadlineMs = (config: ServerConfig) => config.connectionDeadlineMs + 5_000;

/** How long close() goes on accepting while connections keep arriving, before it stops listening anyway. */
const LAST_ACCEPT_MS = 1_000;

/** How often ended sessions, forgotten credentials and past rate windows are removed. */
export const PRUNE_EVERY_MS = 10 * 60_000;

/** Removes what has ended (sessions.ts, rate-limit.ts): each table holds only what may still be used. */
export async function prune(db: Db, now: number): Promise<void> {
  await pruneSessions(db, now);
  await pruneRateWindows(db, now);
}

export interface StartOptions {
  log?: Log;
  now?: () => number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** How connections' host names are resolved (tests: a name that resolves to loopback). */
  lookup?: LookupFunction;
  /** Listen address (default: every interface; tests use 127.0.0.1). */
  hostname?: string;
}

export async function openDb(config: ServerConfig): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./store/postgres');
    return openPostgres(config.databaseUrl, { poolMax: config.databasePoolMax });
  }
  const { openSqlite } = await import('./store/sqlite');
  return openSqlite(config.dataDir);
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? jsonLog();
  const db = await openDb(config);
  // The audit log's retention (hourly) and the removal of ended sessions and old rate windows.
  let pruning: ReturnType<typeof setInterval> | undefined;
  let cleaning: ReturnType<typeof setInterval> | undefined;
  try {
    await migrate(db);
    const sealer = await createSealer(config.secretsKey, config.previousSecretsKeys);
    const report = await db.locked('reseal', () => connectionStore(db, sealer).reseal());
    if (report.resealed > 0) log.info('re-sealed secrets under the current key', { count: report.resealed, keyId: sealer.keyId });
    // The server serves the rest; these connections answer 409 until an admin types their secrets again.
    for (const { account, id, reason } of report.unreadable) log.error('connection secrets do not open: skipped', { account, connection: id, reason });
    const now = options.now ?? Date.now;
    const retain = () => audit.prune(db, now() - config.auditRetentionDays * 86_400_000);
    await retain();
    pruning = setInterval(
      () => retain().catch((error) => log.error('audit retention failed', { error: error instanceof Error ? error.name : 'unknown' })),
      3_600_000,
    );
    // The hourly pruning never keeps the process alive on its own.
    pruning.unref();
    if (config.outbound.allowInsecure)
      log.warn('ALLOW_INSECURE_CONNECTIONS is on: connections may use plain http and loopback or private addresses. For development and tests only.');
    const pruneNow = () =>
      prune(db, (options.now ?? Date.now)()).catch((error: unknown) =>
        log.warn('could not remove ended sessions', { error: error instanceof Error ? error.name : 'unknown' }),
      );
    await pruneNow();
    // Unref'd: a schedule never keeps the process alive.
    cleaning = setInterval(pruneNow, PRUNE_EVERY_MS).unref();
    const { lookup, ...rest } = options;
    const outbound = outboundPolicy(config.outbound, lookup);
    const app = createApp({ config, db, sealer, log, ...rest, outbound });
    let draining = false;
    const fetch = async (request: Request, env: unknown) => {
      const response = await app.fetch(request, env);
      if (!draining) return response;
      const headers = new Headers(response.headers);
      headers.set('Connection', 'close');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    };
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch, port: config.port, ...(options.hostname ? { hostname: options.hostname } : {}) }, () => resolve(started));
      started.once('error', reject);
    });
    // Counted so that close() can tell when the kernel's queue of connections waiting for accept is empty.
    let accepted = 0;
    server.on('connection', () => accepted++);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${options.hostname === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${port}`;
    log.info('listening', { url, storage: db.kind, keyId: sealer.keyId });
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      db,
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          clearInterval(pruning);
          // Stops listening only. http's close() would also close the idle keep-alive connections at once,
          // and a client sending its next request on one at that moment sees it reset. Each instead ends
          // after its next answer (Connection: close) or at its keep-alive timeout, which the client knows
          // (Keep-Alive: timeout=5) and stops using the connection before.
          const cut = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, drainDeadlineMs(config));
          // Closing the listening socket makes the kernel reset every connection it has completed that the
          // event loop has not accepted yet, and each client has sent its request on one by then. So it is
          // closed only after a turn of the event loop that accepted none (or after LAST_ACCEPT_MS of a
          // steady stream); until then answers stay keep-alive, so that no client is sent to connect anew.
          const until = performance.now() + LAST_ACCEPT_MS;
          let seen = accepted;
          const whenNoneWaiting = () => {
            if (accepted !== seen && performance.now() < until) {
              seen = accepted;
              setImmediate(whenNoneWaiting);
              return;
            }
            NetServer.prototype.close.call(server, () => {
              clearTimeout(cut);
              // Now without connections: http's own close() only stops its timers.
              server.close();
              resolve();
            });
            // From now on a client that connects again is refused (nothing sent), not reset.
            draining = true;
          };
          // An immediate set from within one runs after the next poll, where waiting connections are accepted.
          setImmediate(() => setImmediate(whenNoneWaiting));
        })
          .then(() => clearInterval(cleaning))
          // What this instance still holds for the database: the last rate counts, the queued audit entries.
          .then(() => Promise.allSettled([flushCounts(db), flushAudit(db)]))
          .then(() => outbound.close())
          .then(() => db.close())),
    };
  } catch (error) {
    clearInterval(pruning);
    clearInterval(cleaning);
    await db.close();
    throw error;
  }
}
