/**
 * A connection's actions: admins replace the list and try an action before saving it; everyone signed
 * in runs the ones they may. The request names an action and sends values; the URL, path, body and
 * credential come from the stored connection and action, never from the request.
 */
import { Hono, type Context } from 'hono';
import { checkAction, checkActions, type ActionVariables, type ConnectionAction } from '../../shared/connection-action';
import type { ActionRunAnswer, ActionsAnswer, ActionsRefusal, ActionTryAnswer, ErrorAnswer, FieldProblem } from '../../shared/wire';
import { buildRequest, type BuiltRequest, type Values } from '../action-request';
import { perform } from '../actions';
import { jsonBody, problem, rateLimit, requireAdmin, type Env } from '../middleware';
import { runAction, type Failure } from '../outcome';
import type { Services } from '../services';
import * as audit from '../store/audit';
import type { Opened } from '../store/connections';
import { SealError } from '../store/seal';
import type { SessionRow } from '../store/sessions';

/** What the card may send as values: each is checked against the action before it goes into a template. */
const CARD_VARIABLES = ['conversationId', 'customerNumber', 'channel', 'input', 'recentMessages'] as const;
const CONVERSATION_ID = /^[\w-]{1,64}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const noSuchConnection = (c: Context) => problem(c, 404, 'NOT_FOUND', 'There is no such connection.');

/** A value the request may not send, or one that is refused, as a 400 naming it. */
const refusedValue = (c: Context, field: FieldProblem) =>
  problem(c, 400, 'BAD_REQUEST', `The value of ${field.field} is not accepted: it ${field.words}.`, { fields: [field] });

/** The values of a request's `variables`: only the card's own (or, for an admin's try, `agentUsername` too), or the first one refused. */
function valuesFrom(raw: unknown, allowAgent: boolean): Values | FieldProblem {
  if (raw === undefined) return {};
  if (!isObject(raw)) return { field: 'variables', code: 'not-object', words: 'must be a JSON object of the action’s values' };
  for (const name of Object.keys(raw)) {
    if (name === 'agentUsername' && !allowAgent)
      return { field: 'variables.agentUsername', code: 'not-allowed', words: 'is taken from your sign-in, not from the request' };
    if (name !== 'agentUsername' && !(CARD_VARIABLES as readonly string[]).includes(name))
      return { field: `variables.${name}`, code: 'not-a-field', words: 'is not a variable of an action' };
  }
  return raw as Values;
}

/** The audit entry's names for a run of `action`: its id and labels, and the conversation when the card named a valid one. */
const aboutRun = (action: ConnectionAction, variables: ActionVariables) => ({
  actionId: action.id,
  actionLabel: action.label,
  ...(action.labelJa ? { actionLabelJa: action.labelJa } : {}),
  ...(typeof variables.conversationId === 'string' && CONVERSATION_ID.test(variables.conversationId) ? { conversationId: variables.conversationId } : {}),
});

const failureAnswer = ({ code, message, detail, upstreamStatus, retryable }: Failure): ErrorAnswer => ({
  error: code,
  message,
  ...(detail ? { detail } : {}),
  ...(upstreamStatus ? { upstreamStatus } : {}),
  retryable,
});

/** Mounted by connectionRoutes, after its session check of every `/connections/*` path. */
export function actionRoutes(services: Services): Hono<Env> {
  const { db, now, connections, actionCache } = services;
  const app = new Hono<Env>();
  const limits = services.config.rateLimit;
  const change = [rateLimit(db, limits, now, 'admin'), requireAdmin(services, true)] as const;
  const admin = [rateLimit(db, limits, now, 'admin'), requireAdmin(services)] as const;

  /** The account's connection and its actions, opened; a 404 or 409 answer when there is none or its secrets do not open. */
  const openOr = async (c: Context, session: SessionRow, id: string): Promise<Opened | Response> => {
    try {
      return (await connections.open(session.accountKey, id)) ?? noSuchConnection(c);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      services.log.error('connection secrets do not open', { account: session.accountKey, connection: id, reason: error.message });
      return problem(c, 409, 'NOT_CONFIGURED', 'The saved secrets of this connection can no longer be opened: an admin must type them again in the settings.');
    }
  };

  /** Sends the built request for the session, audited; what the card shows, or the failure. */
  const run = (session: SessionRow, opened: Opened, action: ConnectionAction, request: BuiltRequest, what: string, variables: ActionVariables) =>
    runAction(services, session, opened.connection, { what, about: aboutRun(action, variables) }, (deps) => perform(action, request, opened.connection, deps));

  app.put('/connections/:id/actions', ...change, async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const body = await jsonBody(c);
    const checked = checkActions(isObject(body) ? body.actions : undefined);
    if (!checked.ok)
      return c.json(
        {
          error: 'BAD_REQUEST',
          message: 'The actions have fields that are not valid: nothing was saved.',
          problems: checked.problems,
        } satisfies ActionsRefusal,
        400,
      );
    const saved = await connections.saveActions(session.accountKey, id, checked.actions);
    if (!saved) return noSuchConnection(c);
    await actionCache.drop(session.accountKey, id);
    await audit.record(db, session.accountKey, {
      at: now(),
      kind: 'change',
      username: session.username,
      connectionId: id,
      what: 'actions updated',
      result: 'ok',
      changes: saved.changes,
      about: { connectionName: saved.name },
    });
    return c.json({ actions: checked.actions } satisfies ActionsAnswer);
  });

  app.post('/connections/:id/actions/:action', rateLimit(db, limits, now, 'action'), async (c) => {
    const session = c.get('session');
    const opened = await openOr(c, session, c.req.param('id'));
    if (opened instanceof Response) return opened;
    const name = c.req.param('action');
    const action = opened.actions.find((item) => item.id === name);
    // An action that does not exist is one answer, whatever was sent with it.
    if (!action) return problem(c, 404, 'NOT_FOUND', `There is no action "${name}".`);
    if (action.audience === 'admins' && !(await services.isAdmin(session))) {
      await audit.record(db, session.accountKey, {
        at: now(),
        kind: 'refusal',
        username: session.username,
        connectionId: opened.connection.id,
        what: `POST /connections/${opened.connection.id}/actions/${action.id}`,
        result: 'refused: not an admin',
        about: { connectionName: opened.connection.name, ...aboutRun(action, {}) },
      });
      return problem(c, 403, 'FORBIDDEN', `Only the account's admins may run "${action.label}".`);
    }

    const sent = (await jsonBody(c)) ?? {};
    if (!isObject(sent)) return problem(c, 400, 'BAD_REQUEST', 'The request must be a JSON object: { variables, fresh }.');
    const extra = Object.keys(sent).find((field) => field !== 'variables' && field !== 'fresh');
    if (extra !== undefined) return problem(c, 400, 'BAD_REQUEST', `"${extra}" cannot be sent: only the action's values (variables) and fresh are accepted.`);
    if (sent.fresh !== undefined && typeof sent.fresh !== 'boolean') return problem(c, 400, 'BAD_REQUEST', '"fresh" must be true or false.');
    const values = valuesFrom(sent.variables, false);
    if ('field' in values) return refusedValue(c, values as FieldProblem);
    const built = buildRequest(opened.connection.baseUrl, action, { ...values, agentUsername: session.username });
    if (!built.ok) return refusedValue(c, built.problem);

    const cacheable = action.runs === 'on-open' && action.cacheSeconds > 0;
    if (cacheable && sent.fresh !== true) {
      const kept = actionCache.get(session.accountKey, opened.connection.id, action, built.request);
      if (kept) return c.json({ ...kept, cached: true } satisfies ActionRunAnswer);
    }
    const outcome = await run(session, opened, action, built.request, action.id, values as ActionVariables);
    if (outcome.ok) {
      const answer = { result: outcome.result, fetchedAt: now() };
      if (cacheable) actionCache.set(session.accountKey, opened.connection.id, action, built.request, answer);
      return c.json({ ...answer, cached: false } satisfies ActionRunAnswer);
    }
    const { error, message, ...rest } = failureAnswer(outcome.failure);
    if (error === 'RATE_LIMITED') c.header('Retry-After', '5');
    // 424: this request was fine, the connection it depends on failed (not 502, which a client may read as "maybe sent").
    return problem(c, 424, error, message, rest);
  });

  app.post('/connections/:id/try-action', ...admin, async (c) => {
    const session = c.get('session');
    const opened = await openOr(c, session, c.req.param('id'));
    if (opened instanceof Response) return opened;
    const body = await jsonBody(c);
    const checked = checkAction(isObject(body) ? body.action : undefined);
    if (!checked.ok) {
      const problems = checked.problems.map(({ field, problem: rule }) => ({ field: field ? `action.${field}` : 'action', problem: rule }));
      return c.json({ error: 'BAD_REQUEST', message: 'The action has fields that are not valid.', problems } satisfies ActionsRefusal, 400);
    }
    const action = checked.action;
    const values = valuesFrom(isObject(body) ? body.variables : undefined, true);
    const refused = (field: FieldProblem): ActionTryAnswer => ({
      request: null,
      error: { error: 'BAD_REQUEST', message: `The value of ${field.field} is not accepted: it ${field.words}.`, fields: [field] },
    });
    if ('field' in values) return c.json(refused(values as FieldProblem));
    const built = buildRequest(opened.connection.baseUrl, action, { ...values, agentUsername: values.agentUsername || session.username });
    if (!built.ok) return c.json(refused(built.problem));
    const { method, url, body: sentBody } = built.request;
    // Only what the admin wrote and typed: the URL under the base URL and the body, never a header.
    const request = { method, url: url.href, ...(sentBody === undefined ? {} : { body: sentBody }) };
    const outcome = await run(session, opened, action, built.request, 'tried', values as ActionVariables);
    return c.json(
      (outcome.ok
        ? { request, answer: { result: outcome.result, fetchedAt: now(), cached: false } }
        : { request, error: failureAnswer(outcome.failure) }) satisfies ActionTryAnswer,
    );
  });

  return app;
}
