// @ts-check
/**
 * Starts the whole local world: the Infobip sandbox on `localhost`, the deployed app on a plain
 * static server at `http://localhost:<appPort>/apps/card/`, and the host page (the Infobip web
 * interface) on `http://127.0.0.1:<hostPort>/`, which frames the app cross-site. With `server`, also
 * the app server (the built `dist-server/`, as `npm run server`), named in config.json as `serverUrl`.
 */
import { createInfobipSandbox, PATHS } from './infobip.js';
import { createStaticServer } from './static-server.js';
import { createHostServer } from './host.js';
import { deploy, undeploy, writeConfig } from './deploy.js';
import { createMicoSandbox } from './mico.js';
import { createFujitsuSandbox } from './fujitsu.js';
import { startAppServer } from './app-server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const APP_BASE = '/apps/card/';

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] default 0 (any free port)
 * @property {string} [dataDir] embedded storage; default a temporary folder, removed on close
 * @property {string} [secretsKey] base64 of 32 bytes; default random
 * @property {Record<string, string>} [env] more environment variables (ADMIN_ROLES, DATABASE_URL…)
 */

/**
 * @param {{ distDir: string, appPort?: number, sandboxPort?: number, hostPort?: number, clientId?: string, appId?: string, server?: boolean | ServerOptions }} options
 */
export async function startAll({ distDir, appPort = 0, sandboxPort = 0, hostPort = 0, clientId, appId, server }) {
  /** @type {(() => Promise<void> | void)[]} */
  const closers = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
    closers.length = 0;
  };
  try {
    const sandbox = await createInfobipSandbox({ port: sandboxPort, clientId, appId });
    closers.push(sandbox.close);
    // Mico Voice AI and Fujitsu's AI platform on the same server, under their own prefixes.
    const mico = createMicoSandbox();
    const fujitsu = createFujitsuSandbox();
    sandbox.mount('/mico', mico.handler);
    sandbox.mount('/fujitsu', fujitsu.handler);
    // The app server starts empty, so its URL (needed by the host page and config.json) is known before deploying.
    const app = await createStaticServer({ base: APP_BASE, port: appPort });
    closers.push(app.close);
    const host = await createHostServer({ appUrl: app.url, port: hostPort });
    closers.push(host.close);

    const sb = sandbox.url;
    const redirectUri = `${app.url}callback.html`;
    sandbox.registerRedirectUri(redirectUri);

    /** @type {Awaited<ReturnType<typeof startAppServer>> | undefined} */
    let appServer;
    if (server) {
      const options = server === true ? {} : server;
      let dataDir = options.dataDir;
      if (!dataDir) {
        const temporary = mkdtempSync(join(tmpdir(), 'exchange-card-server-'));
        closers.push(() => rmSync(temporary, { recursive: true, force: true }));
        dataDir = temporary;
      }
      appServer = await startAppServer({
        env: {
          PORT: String(options.port ?? 0),
          DATA_DIR: dataDir,
          APP_ORIGINS: new URL(app.url).origin,
          // The app is served under APP_BASE, so its callback is not the default {origin}/callback.html.
          REDIRECT_URIS: redirectUri,
          SECRETS_KEY: options.secretsKey ?? randomBytes(32).toString('base64'),
          INFOBIP_CLIENT_ID: sandbox.clientId,
          INFOBIP_APP_ID: sandbox.appId,
          INFOBIP_TOKEN_URL: `${sb}${PATHS.token}`,
          INFOBIP_PORTAL_API_URL: `${sb}${PATHS.portalApi}`,
          // Mico and Fujitsu stand-ins are plain http on loopback: the development switch.
          ALLOW_INSECURE_CONNECTIONS: '1',
          ...options.env,
        },
      });
      closers.push(appServer.close);
    }

    /** What an operator would write for this account. */
    const defaultConfig = Object.freeze({
      clientId: sandbox.clientId,
      appId: sandbox.appId,
      // Non-secret defaults an operator may ship; the secrets are typed on the settings page.
      connections: [
        { id: 'mico', kind: 'mico', name: 'Mico Voice AI', baseUrl: `${sb}/mico`, clientId: mico.clientId },
        { id: 'fujitsu', kind: 'fujitsu-oauth', name: 'Fujitsu AI platform', baseUrl: `${sb}/fujitsu`, clientId: fujitsu.clientId },
      ],
      authorizeUrl: `${sb}${PATHS.authorize}`,
      tokenUrl: `${sb}${PATHS.token}`,
      portalApiUrl: `${sb}${PATHS.portalApi}`,
      apiBaseUrl: sb,
      hostOrigins: [host.origin],
      ...(appServer ? { serverUrl: appServer.url } : {}),
    });
    const deployDir = deploy({ distDir, config: defaultConfig });
    // Removed last, once nothing serves it any more.
    closers.unshift(() => undeploy(deployDir));
    app.setDir(deployDir);

    /** @type {object | string | null} */
    let current = defaultConfig;

    return {
      sandbox,
      mico,
      fujitsu,
      /** The app server, when started: its URL and its JSON log lines. */
      appServer,
      /** 'http://localhost:PORT/apps/card/' */
      appUrl: app.url,
      /** The site's files the static server sent, in order (paths under /apps/card/): what no cache held. */
      appSent: app.sent,
      /** Whether the app server sends the generated `_headers` (on by default; reset per test). @param {boolean} on */
      serveHeaders: (on) => app.serveHeaders(on),
      /** 'http://127.0.0.1:PORT/' */
      hostUrl: host.url,
      hostOrigin: host.origin,
      redirectUri,
      deployDir,
      defaultConfig,
      /** The config.json now deployed: an object, raw text, or null when deleted. */
      get config() {
        return current;
      },
      /**
       * Rewrites config.json as the default config with overrides; an override of `undefined` removes
       * that field (for missing-field tests). A string is written as raw text. Takes effect on the next
       * page load (the static server has pages and config.json revalidated). A changed redirectUri is not registered at the
       * sandbox: call sandbox.registerRedirectUri() for that.
       * @param {Record<string, unknown> | string} [overrides]
       */
      configFor(overrides = {}) {
        if (typeof overrides === 'string') {
          current = overrides;
        } else {
          /** @type {Record<string, unknown>} */
          const config = { ...defaultConfig };
          for (const [key, value] of Object.entries(overrides)) {
            if (value === undefined) delete config[key];
            else config[key] = value;
          }
          current = config;
        }
        writeConfig(deployDir, current);
        return current;
      },
      /** Writes config.json as raw text (bad JSON etc.). @param {string} text */
      setConfigText(text) {
        current = text;
        writeConfig(deployDir, text);
      },
      /** Removes config.json (the missing-config case). */
      deleteConfig() {
        current = null;
        writeConfig(deployDir, null);
      },
      /** Puts the default config.json back. */
      resetConfig() {
        current = defaultConfig;
        writeConfig(deployDir, defaultConfig);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** @typedef {Awaited<ReturnType<typeof startAll>>} Sandboxes */
