/**
 * The token endpoint this page signs in at, chosen once from config.json: Infobip's, or the app
 * server's when `serverUrl` names one.
 */
import type { Config } from '../config/config';
import { infobipTokenEndpoint } from './infobip-token-endpoint';
import { serverTokenEndpoint } from './server-token-endpoint';
import type { TokenEndpoint } from './token-request';

export function tokenEndpoint(config: Config): TokenEndpoint {
  return config.serverUrl ? serverTokenEndpoint(config, config.serverUrl) : infobipTokenEndpoint(config);
}
