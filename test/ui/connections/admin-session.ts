/**
 * The built app server in a process of its own (here, fetch and Response are happy-dom's), with the
 * Infobip sandbox and the Mico stand-in, and an admin signed in afresh for each test: the settings
 * page's connections as an admin sees them. Call once at the top of a test file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';
import type { AppServer } from '../../../src/api/app-server';
import { startAppServer } from '../../sandbox/app-server.js';
import { createMicoSandbox } from '../../sandbox/mico.js';
import { APP_ID, authorizationCode, CLIENT_ID, useSandbox } from '../../support/sandbox';

export async function useAdminSession() {
  const { sandbox, config } = await useSandbox();
  const mico = createMicoSandbox();
  sandbox.mount('/mico', mico.handler);
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-card-server-'));
  const appServer = await startAppServer({
    env: {
      PORT: '0',
      DATA_DIR: dataDir,
      APP_ORIGINS: `${location.origin},${new URL(config.redirectUri).origin}`,
      REDIRECT_URIS: config.redirectUri,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      INFOBIP_CLIENT_ID: CLIENT_ID,
      INFOBIP_APP_ID: APP_ID,
      INFOBIP_TOKEN_URL: config.tokenUrl,
      INFOBIP_PORTAL_API_URL: config.portalApiUrl,
      ADMIN_ROLES: 'Manager',
      // The Mico stand-in is plain http on loopback: the development switch; and Mico only there.
      ALLOW_INSECURE_CONNECTIONS: '1',
      CONNECTION_HOSTS: 'mico=localhost',
    },
  });
  afterAll(async () => {
    await appServer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the page does: authorize at the sandbox, then hand the code to the app server for a session. */
  async function signIn(): Promise<string> {
    // A browser navigates there; happy-dom's fetch would hold the request to CORS.
    const settings = (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch;
    settings.disableSameOriginPolicy = true;
    let authorized: Awaited<ReturnType<typeof authorizationCode>>;
    try {
      authorized = await authorizationCode(config.authorizeUrl, config.redirectUri);
    } finally {
      settings.disableSameOriginPolicy = false;
    }
    const answer = await fetch(`${appServer.url}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: authorized.code, code_verifier: authorized.verifier, redirect_uri: config.redirectUri }),
    });
    return (await answer.json()).session.credential;
  }
  // Signed in for each test, after the sandbox's reset forgot every token: the server asks Infobip with
  // the session's token whether its holder is still an admin, before every change.
  let credential = '';
  beforeEach(async () => {
    credential = await signIn();
  });
  const server: AppServer = { url: appServer.url, credential: async () => credential };
  /** Mico as an admin saves it (id `mico`), at the stand-in, with `clientSecret` (the stand-in's own unless given). */
  const micoDraft = (clientSecret = mico.clientSecret) => ({
    id: 'mico',
    kind: 'mico' as const,
    name: 'Mico',
    baseUrl: `${sandbox.url}/mico`,
    clientId: mico.clientId,
    clientSecret,
    probePath: '/v1/campaigns',
  });
  return { sandbox, mico, server, micoDraft };
}
