/**
 * The account's connections: the public view for everyone signed in; saving, removing and testing for
 * its admins; their actions (routes/actions.ts). Every URL, path and credential comes from the stored
 * connection, never from the request.
 */
import { Hono, type Context } from 'hono';
import type { Connection } from '../../shared/connection';
import { checkDraft, type Draft, type FieldName } from '../../shared/connection-fields';
import type { ConnectionsAnswer, FieldProblem, LastStatus, SaveAnswer, TestAnswer, TestFailedAnswer } from '../../shared/wire';
import { probe } from '../actions';
import { testDraft } from '../draft-test';
import { jsonBody, problem, rateLimit, requireAdmin, requireSession, type Env } from '../middleware';
import { lastStatusOf, runAction } from '../outcome';
import { connectionVersion } from '../providers/credential-cache';
import { actionRoutes } from './actions';
import type { Services } from '../services';
import * as audit from '../store/audit';
import { draftFrom } from '../store/connections';
import { SealError } from '../store/seal';
import type { SessionRow } from '../store/sessions';

const ID = /^[\w.-]{1,64}$/;

const noSuchConnection = (c: Context) => problem(c, 404, 'NOT_FOUND', 'There is no such connection.');

/** Fields whose value, under the base URL, makes a URL the server calls: the first one whose URL is refused is named. */
const DESTINATIONS: readonly FieldName[] = ['baseUrl', 'tokenPath', 'probePath', 'callPath'];

/** The account's connection, opened; a 404 or 409 answer when there is none or its secrets do not open. */
async function connectionOr(c: Context, services: Services, account: string, id: string): Promise<Connection | Response> {
  try {
    return (await services.connections.get(account, id)) ?? noSuchConnection(c);
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    services.log.error('connection secrets do not open', { account, connection: id, reason: error.message });
    return problem(c, 409, 'NOT_CONFIGURED', 'The saved secrets of this connection can no longer be opened: an admin must type them again in the settings.');
  }
}

export function connectionRoutes(services: Services): Hono<Env> {
  const { db, now, connections } = services;
  const app = new Hono<Env>();
  const limits = services.config.rateLimit;
  // Admins' endpoints spend their own budget; a change asks Infobip again whether they are still admins.
  const admin = [rateLimit(db, limits, now, 'admin'), requireAdmin(services)] as const;
  const change = [rateLimit(db, limits, now, 'admin'), requireAdmin(services, true)] as const;

  // `/connections/*` matches `/connections` too.
  app.use('/connections/*', requireSession(db, now));

  /** Tests a saved connection (a probe), and keeps the outcome as its last status. */
  const test = async (session: SessionRow, connection: Connection) => {
    const lastStatus = lastStatusOf(await runAction(services, session, connection, { what: 'tested' }, (deps) => probe(connection, deps)), now());
    await connections.setStatus(session.accountKey, connection.id, lastStatus);
    return lastStatus;
  };

  /**
   * The outbound policy's verdict on the URLs a draft would call, before anything is stored: the base
   * URL, then any path that would take it to another host. A value that breaks the draft's own rules is
   * left to them (the store's save says so).
   */
  const destinationProblems = async (draft: Draft): Promise<FieldProblem[]> => {
    const own = checkDraft(draft);
    const broken = (field: FieldName) => !own.ok && own.problems[field] !== undefined;
    const base = (draft.baseUrl ?? '').trim().replace(/\/+$/, '');
    const hosts = new Set<string>();
    for (const field of DESTINATIONS) {
      const href = base + (field === 'baseUrl' ? '' : (draft[field] ?? '').trim());
      const url = URL.canParse(href) ? new URL(href) : undefined;
      if (!url || broken('baseUrl') || broken(field) || hosts.has(url.host)) continue;
      hosts.add(url.host);
      const why = await services.outbound.check(url, draft.kind);
      if (why) return [{ field, code: 'destination', words: why }];
    }
    return [];
  };

  app.get('/connections', rateLimit(db, limits, now, 'agent'), async (c) => {
    const session = c.get('session');
    const admin = await services.isAdmin(session);
    const all = await connections.list(session.accountKey);
    // An agent is not told of the actions only admins may run.
    const listed = admin ? all : all.map((view) => ({ ...view, actions: view.actions.filter((action) => action.audience === 'agents') }));
    return c.json({ connections: listed, admin } satisfies ConnectionsAnswer);
  });

  // `?test=first`: the draft is tested before anything is stored, and a failed test stores nothing
  // (422, at the field that caused it); without it ("Save anyway"), stored, then tested.
  app.put('/connections/:id', ...change, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    if (!ID.test(id)) return problem(c, 400, 'BAD_REQUEST', 'A connection id is 1 to 64 letters, digits, ".", "_" or "-".');
    const when = c.req.queries('test');
    if (when !== undefined && (when.length !== 1 || when[0] !== 'first')) {
      return problem(c, 400, 'BAD_REQUEST', 'The only test option is "?test=first" (test before saving); leave it out to save, then test.');
    }
    const draft = draftFrom(id, await jsonBody(c));
    if ('problems' in draft) return problem(c, 400, 'BAD_REQUEST', 'The connection has fields that are not valid.', { fields: draft.problems });
    const refused = await destinationProblems(draft);
    if (refused.length > 0) return problem(c, 400, 'BAD_REQUEST', 'The connection has an address the app server does not connect to.', { fields: refused });
    let tested: { lastStatus: LastStatus; version: string } | undefined;
    if (when) {
      const prepared = await connections.prepare(session.accountKey, draft as Draft);
      if (!prepared.ok) return problem(c, 400, 'BAD_REQUEST', 'The connection has fields that are not valid.', { fields: prepared.problems });
      const { lastStatus, problem: cause } = await testDraft(services, session, prepared.connection);
      if (cause) {
        const message = `"${prepared.connection.name}" was not saved: its test failed. ${cause.words} Or save it anyway, and correct it later.`;
        return c.json({ error: 'TEST_FAILED', message, lastStatus, fields: [cause] } satisfies TestFailedAnswer, 422);
      }
      tested = { lastStatus, version: connectionVersion(prepared.connection) };
    }
    const saved = await connections.save(session.accountKey, draft as Draft);
    if (!saved.ok) return problem(c, 400, 'BAD_REQUEST', 'The connection has fields that are not valid.', { fields: saved.problems });
    await audit.record(db, session.accountKey, {
      at: now(),
      username: session.username,
      kind: 'change',
      connectionId: id,
      what: saved.created ? 'created' : 'updated',
      result: 'ok',
      changes: saved.changes,
      about: { connectionName: saved.connection.name },
    });
    // Answers kept for its actions came through the old settings or secret.
    await services.actionCache.drop(session.accountKey, id);
    // The connection as saved: no second read of what was just written. Tested as a draft already
    // unless another admin's save changed what a kept secret is in the meantime.
    let lastStatus: LastStatus;
    if (tested && tested.version === connectionVersion(saved.connection)) {
      lastStatus = tested.lastStatus;
      await connections.setStatus(session.accountKey, id, lastStatus);
    } else {
      lastStatus = await test(session, saved.connection);
    }
    const view = (await connections.list(session.accountKey)).find((item) => item.id === id);
    return c.json({ connection: view ?? null, lastStatus } satisfies SaveAnswer, saved.created ? 201 : 200);
  });

  app.delete('/connections/:id', ...change, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const removed = await connections.remove(session.accountKey, id);
    if (!removed) return noSuchConnection(c);
    await services.actionCache.drop(session.accountKey, id);
    await audit.record(db, session.accountKey, {
      at: now(),
      kind: 'change',
      username: session.username,
      connectionId: id,
      what: 'removed',
      result: 'ok',
      changes: removed.changes,
      about: { connectionName: removed.name },
    });
    return c.body(null, 204);
  });

  app.post('/connections/:id/test', ...admin, async (c) => {
    const session = c.get('session');
    const connection = await connectionOr(c, services, session.accountKey, c.req.param('id'));
    return connection instanceof Response ? connection : c.json({ lastStatus: await test(session, connection) } satisfies TestAnswer);
  });

  app.route('/', actionRoutes(services));

  return app;
}
