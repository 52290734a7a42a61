/**
 * The app server's HTTP surface: one Hono app composed of route modules, Web-standard
 * Request/Response. Every route but /healthz and the sign-in exchange needs a session; every answer
 * about an account comes from the session's account, never from the request.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { problem, requestLog, type Env } from './middleware';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { connectionRoutes } from './routes/connections';
import { services as servicesOf, type AppDeps } from './services';
import { SessionUnreadable } from './store/sessions';

/** The paths whose requests may be larger than the others': actions (a list, a try, a run with messages). */
const LARGE_BODIES = /^\/connections\/[^/]+\/(actions(\/[^/]+)?|try-action)$/;

/**
 * Hono's bodyLimit, with the common cases decided from the request line and headers: on Node it asks for
 * the body as a web stream, which builds a whole web Request (a fifth of an action's CPU); a declared
 * length is exact (Node's parser reads no more), so only a chunked body is counted as it streams.
 */
function limitBody(maxSize: number, onError: (c: Context) => Response): MiddlewareHandler<Env> {
  const streamed = bodyLimit({ maxSize, onError });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    return Number(length) > maxSize ? Promise.resolve(onError(c)) : next();
  };
}

export function createApp(deps: AppDeps): Hono<Env> {
  const services = servicesOf(deps);
  const { config, db, log } = services;
  const app = new Hono<Env>();

  app.use('*', requestLog(log));
  app.use(
    '*',
    cors({
      origin: config.appOrigins,
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );
  const tooLarge = (c: Context) => problem(c, 400, 'BAD_REQUEST', 'The request body is too large.');
  const small = limitBody(16 * 1024, tooLarge);
  // An action's run carries the conversation's last messages; a list of actions, their templates.
  const large = limitBody(128 * 1024, tooLarge);
  app.use('*', (c, next) => (LARGE_BODIES.test(c.req.path) ? large : small)(c, next));

  app.get('/healthz', async (c) => {
    try {
      await db.all('SELECT 1');
      return c.json({ ok: true });
    } catch {
      return problem(c, 503, 'SERVER', 'The database cannot be reached.');
    }
  });

  app.route('/', authRoutes(services));
  app.route('/', connectionRoutes(services));
  app.route('/', auditRoutes(services));

  app.notFound((c) => problem(c, 404, 'NOT_FOUND', 'There is no such endpoint.'));
  app.onError((error, c) => {
    if (error instanceof SessionUnreadable) return problem(c, 401, 'UNAUTHORIZED', 'The session can no longer be read by the server: sign in again.');
    // The name only: a message may quote a value.
    log.error('unhandled', { error: error.name });
    return problem(c, 503, 'SERVER', 'The server could not answer.');
  });
  return app;
}
