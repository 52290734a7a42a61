/** Structured logs: one JSON object a line. Callers pass fields that hold no secret; nothing here reads a request. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Lines to stdout, written together once per turn of the event loop: a write to a pipe is a blocking
 * system call on Linux, and under load one per request adds up. What is still waiting when the process
 * exits is written then.
 */
let pending: string[] = [];
function flush() {
  if (pending.length === 0) return;
  const text = `${pending.join('\n')}\n`;
  pending = [];
  process.stdout.write(text);
}
function toStdout(line: string) {
  if (pending.push(line) > 1) return;
  setImmediate(flush);
  if (!process.listeners('exit').includes(flush)) process.once('exit', flush);
}

export function jsonLog(write: (line: string) => void = toStdout): Log {
  const emit = (level: string, msg: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

export const silentLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };
