/**
 * `npm run server`: the app server, configured by the environment only. A missing or bad variable
 * stops it with one line naming it; SIGTERM and SIGINT finish the requests in flight, then exit — within
 * the drain deadline, whatever is still waiting then.
 */
import { readServerConfig, type ServerConfig, ServerConfigError } from './config';
import { jsonLog } from './log';
import { drainDeadlineMs, startServer } from './server';

const log = jsonLog();

let config: ServerConfig;
try {
  config = readServerConfig(process.env);
} catch (error) {
  if (!(error instanceof ServerConfigError)) throw error;
  process.stderr.write(`Cannot start: ${error.message}\n`);
  process.exit(1);
}

try {
  const server = await startServer(config, { log });
  const stop = (signal: string) => {
    log.info('stopping', { signal });
    // close() cuts the requests still open at the deadline; this is for a storage that does not close either.
    setTimeout(() => process.exit(1), drainDeadlineMs(config) + 2_000).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  process.stderr.write(`Cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
