/** The account's audit log, for its admins: a page at a time, newest first, one kind of entry at a time if asked. */
import { Hono } from 'hono';
import { problem, rateLimit, requireAdmin, requireSession, type Env } from '../middleware';
import { AUDIT_KINDS, type AuditKind } from '../../shared/wire';
import type { Services } from '../services';
import * as audit from '../store/audit';
import { flushAudit } from '../store/audit-queue';

export function auditRoutes(services: Services): Hono<Env> {
  const { db, now } = services;
  const app = new Hono<Env>();
  app.get('/audit', requireSession(db, now), rateLimit(db, services.config.rateLimit, now, 'admin'), requireAdmin(services), async (c) => {
    // This instance's queued entries first: an admin sees every action answered here so far.
    await flushAudit(db);
    const { kind, before, limit } = c.req.query();
    if (kind !== undefined && !AUDIT_KINDS.includes(kind as AuditKind))
      return problem(c, 400, 'BAD_REQUEST', `kind must be one of ${AUDIT_KINDS.join(', ')}, or left out for every entry.`);
    if (before !== undefined && !audit.isCursor(before)) return problem(c, 400, 'BAD_REQUEST', 'before must be the next of an earlier page, as it came.');
    if (limit !== undefined && !/^([1-9]\d?|100)$/.test(limit)) return problem(c, 400, 'BAD_REQUEST', 'limit must be a whole number from 1 to 100.');
    return c.json(
      await audit.page(db, c.get('session').accountKey, {
        ...(kind ? { kind: kind as AuditKind } : {}),
        ...(before ? { before } : {}),
        ...(limit ? { limit: Number(limit) } : {}),
      }),
    );
  });
  return app;
}
