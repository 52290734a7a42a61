/**
 * A connection's draft tested before it is stored (PUT /connections/:id?test=first): the probe, signed
 * in with the draft's own credential kept apart from the saved connection's, and a failure named at the
 * field that caused it, so the form can show it there and offer "Save anyway".
 */
import { STATUS_CODES } from 'node:http';
import type { Connection } from '../shared/connection';
import { FIELDS, SECRETS, type FieldName } from '../shared/connection-fields';
import type { FieldProblem, LastStatus, ProbeResult } from '../shared/wire';
import { probe } from './actions';
import { lastStatusOf, runAction, type Outcome } from './outcome';
import { throwawayCredentials } from './providers/credential-cache';
import { endpoint } from './providers/endpoint';
import type { Services } from './services';
import type { SessionRow } from './store/sessions';

export interface DraftTest {
  lastStatus: LastStatus;
  /** The field that made the test fail; absent when it passed. */
  problem?: FieldProblem;
}

/** `HTTP 404 Not Found`. */
const statusWords = (status: number | undefined) =>
  status === undefined ? 'an error' : `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;

const at = (field: FieldName, words: string): FieldProblem => ({ field, code: 'test', words });

/** The kind's first secret: the one an admin types (Mico's and Fujitsu's client secret, the Primary API key). */
const firstSecret = (connection: Connection): FieldName => FIELDS[connection.kind].find((field) => SECRETS.includes(field)) ?? 'baseUrl';

/**
 * The field a failed test points at. `atTokenEndpoint`: the last request went to the token path (the
 * draft could not sign in), else to the probe path (or nothing answered at all).
 */
function blame(connection: Connection, outcome: Outcome<ProbeResult>, atTokenEndpoint: boolean): FieldProblem {
  const secret = firstSecret(connection);
  const refused = (status: number | undefined): FieldProblem => {
    if (atTokenEndpoint || !('tokenPath' in connection)) {
      const words = `The server refused ${secret === 'primaryKey' ? 'these API keys' : 'this client ID and secret'} (${statusWords(status)}).`;
      return at(secret, `${words} ${secret === 'primaryKey' ? 'Type the current ones.' : 'Check the client ID, and type the current secret.'}`);
    }
    // The secret got a token; the API refused the token itself: what it may do, or where it was sent.
    const words = `The server issued a token but refused it at the probe path (${statusWords(status)}).`;
    return 'scope' in connection ? at('scope', `${words} Check the scope.`) : at('probePath', `${words} Check the path.`);
  };
  if (outcome.ok) {
    const { status } = outcome.result;
    if (status === 401 || status === 403) return refused(status);
    const why =
      status === 404
        ? 'there is nothing at this path on the server. Check the path.'
        : status !== undefined && status >= 500
          ? 'the server had a problem answering. Try again later.'
          : 'the server did not accept a request to this path. Check the path.';
    return at('probePath', `The probe path answered ${statusWords(status)}: ${why}`);
  }
  const { code, upstreamStatus: status, message } = outcome.failure;
  switch (code) {
    case 'BAD_CREDENTIALS':
      return refused(status);
    case 'DESTINATION_REFUSED':
      return at('baseUrl', message);
    case 'NETWORK':
      return at('baseUrl', 'Nothing answered at this address: the name does not resolve, or the connection was refused. Check the base URL.');
    case 'TIMEOUT':
      return at('baseUrl', 'The server did not answer in time. Check the base URL, or try again later.');
    case 'REDIRECTED':
      return at(
        'baseUrl',
        `The server answered a redirect (${statusWords(status)}), which is not followed. Check the base URL: https, and the API's own host.`,
      );
  }
  if (atTokenEndpoint && 'tokenPath' in connection) {
    const why = status === 404 ? 'there is no token endpoint at this path' : 'it did not issue a token';
    return at('tokenPath', `The token path answered ${statusWords(status)}: ${why}. Check the path.`);
  }
  if (status !== undefined) return at('probePath', `The probe path answered ${statusWords(status)}. Check the path, or try again later.`);
  return at('baseUrl', `${message} Check the base URL, or try again later.`);
}

/**
 * Runs the probe for the prepared (not stored) connection and keeps the outcome in the audit log as a
 * test, like every test; its credential is thrown away afterwards.
 */
export async function testDraft(services: Services, session: SessionRow, connection: Connection): Promise<DraftTest> {
  const deps = throwawayCredentials(services.connectionDeps(session.accountKey, connection.kind));
  const inner = deps.fetch ?? fetch;
  let last: URL | undefined;
  const watched: typeof fetch = (input, init) => {
    last = new URL(input instanceof Request ? input.url : input);
    return inner(input, init);
  };
  const outcome = await runAction(services, session, connection, { what: 'tested' }, (tested) => probe(connection, tested), { ...deps, fetch: watched });
  const lastStatus = lastStatusOf(outcome, services.now());
  if (lastStatus.ok) return { lastStatus };
  const tokenUrl = 'tokenPath' in connection ? endpoint(connection, connection.tokenPath) : undefined;
  return { lastStatus, problem: blame(connection, outcome, last !== undefined && last.pathname === tokenUrl?.pathname) };
}
