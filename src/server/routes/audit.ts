/** The account's audit log, for its admins. */
import { Hono } from 'hono';
import { rateLimit, requireAdmin, requireSession, type Env } from '../middleware';
import type { AuditAnswer } from '../../shared/wire';
import type { Services } from '../services';
import * as audit from '../store/audit';
import { flushAudit } from '../store/audit-queue';

export function auditRoutes(services: Services): Hono<Env> {
  const { db, now } = services;
  const app = new Hono<Env>();
  app.get('/audit', requireSession(db, now), rateLimit(db, services.config.rateLimit, now, 'admin'), requireAdmin(services.isAdmin), async (c) => {
    // This instance's queued entries first: an admin sees every action answered here so far.
    await flushAudit(db);
    return c.json({ entries: await audit.latest(db, c.get('session').accountKey) } satisfies AuditAnswer);
  });
  return app;
}
