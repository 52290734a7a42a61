/**
 * Infobip's token endpoint, called from the page: both steps built by oauth4webapi and sent through
 * http.ts like every request (its timeout, its NETWORK and TIMEOUT errors); only the answer is read by
 * us, because Infobip's is not an OAuth token response.
 */
import * as oauth from 'oauth4webapi';
import type { Config } from '../config/config';
import { send } from '../shared/http';
import { isLoopback } from '../shared/secure-url';
import { parseTokenAnswer } from '../shared/token-answer';
import { authorizationServer } from './authorization-answer';
import { answerBody, asRefreshFailure, oncePolicy, type EndpointOptions, type TokenEndpoint } from './token-request';

function requestOptions(config: Config, options: EndpointOptions): oauth.TokenEndpointRequestOptions {
  const policy = oncePolicy(options);
  return {
    // Plain http only for the local sandbox; config.ts already refuses it anywhere else.
    [oauth.allowInsecureRequests]: isLoopback(new URL(config.tokenUrl)),
    [oauth.customFetch]: (url, init) => send(url, init, policy),
  };
}

export function infobipTokenEndpoint(config: Config): TokenEndpoint {
  const server = authorizationServer(config);
  const client = { client_id: config.clientId };
  const record = (sent: Promise<Response>, options: EndpointOptions) =>
    answerBody(sent).then((body) => parseTokenAnswer(body, options.now, config.tokenLifetimeSeconds));
  return {
    exchange(flow, validated, options) {
      const sent = oauth.authorizationCodeGrantRequest(
        server,
        client,
        oauth.None(),
        validated,
        flow.redirectUri,
        flow.verifier,
        requestOptions(config, options),
      );
      return record(sent, options);
    },
    refresh(previous, options) {
      // Infobip's document sends the current token as `code`; OAuth names it `refresh_token`. Send both.
      const sent = oauth.refreshTokenGrantRequest(server, client, oauth.None(), previous.token, {
        ...requestOptions(config, options),
        additionalParameters: { code: previous.token },
      });
      return asRefreshFailure(record(sent, options));
    },
  };
}
