// @ts-check
/**
 * `npm start`: builds the app, then runs it locally inside the Infobip sandbox, framed by a stand-in
 * for the Infobip web interface. Keeps running until Ctrl-C.
 *
 *   APP_PORT (5173), SANDBOX_PORT (5174), HOST_PORT (5175),
 *   SERVER_PORT (5176)                                        ports (SERVER_PORT: the app server)
 *   DATA_DIR                                                  keep the app server's storage there (default: temporary)
 *   CLIENT_ID, APP_ID                                         the registered app (fixed defaults)
 *   DIST_DIR                                                  the built site to serve (default dist/)
 *   --no-build                                                serve the existing build as it is
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startAll } from '../test/sandbox/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const port = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

if (!process.argv.includes('--no-build')) {
  // The vite JS API reads vite.config.ts from the project root, like `vite build`.
  const { build } = await import('vite');
  try {
    await build({ root, logLevel: 'warn' });
    const { buildServer } = await import('./build-server.mjs');
    await buildServer();
  } catch (error) {
    console.error(`\nThe build failed: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}

/** With DATA_DIR the app server's data (and a key made for it once) survive a restart; without, a temporary folder, like the sandbox's own state. */
let server = {};
if (env.DATA_DIR) {
  mkdirSync(env.DATA_DIR, { recursive: true });
  const keyFile = join(env.DATA_DIR, 'local-secrets-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  server = { dataDir: env.DATA_DIR, secretsKey: readFileSync(keyFile, 'utf8').trim() };
}

const world = await startAll({
  distDir: env.DIST_DIR ?? join(root, 'dist'),
  appPort: port('APP_PORT', 5173),
  sandboxPort: port('SANDBOX_PORT', 5174),
  hostPort: port('HOST_PORT', 5175),
  clientId: env.CLIENT_ID ?? '5d1a0c7e9b2f4a6c8e0d1f3a5b7c9e1f',
  appId: env.APP_ID ?? '3bb98d89-1c0a-4a5e-9b8f-2d6e7f0a1b2c',
  server: { port: port('SERVER_PORT', 5176), ...server },
});
const sb = world.sandbox.url;

console.log(`
  Open the Infobip host page:  ${world.hostUrl}

  Click a conversation on the left to load the context card for it; "App settings" shows the
  settings page; "Several cards side by side" frames three cards at once. The sign-in happens
  inside the frame (the sandbox signs you in at once).

  App (deployed dist/):        ${world.appUrl}   (config.json: ${join(world.deployDir, 'config.json')})
  App server (dist-server/):   ${world.appServer?.url}   (embedded storage${env.DATA_DIR ? ` in ${env.DATA_DIR}` : ', temporary'})
  Infobip sandbox:             ${sb}
    request log                ${sb}/__sandbox/log
    change behaviour           curl -X POST ${sb}/__sandbox/behave -H 'content-type: application/json' -d '{"authorize":"refuse-framing"}'
    back to defaults           curl -X POST ${sb}/__sandbox/reset
    expire / revoke tokens     curl -X POST ${sb}/__sandbox/expire-tokens   |   ${sb}/__sandbox/revoke-tokens

  External connections (settings page → External connections; the secrets are typed there and kept
  by the app server — a card in any other browser uses them without ever seeing them):
    Mico Voice AI              base ${sb}/mico      client ID ${world.mico.clientId}   secret ${world.mico.clientSecret}
    Fujitsu AI platform        base ${sb}/fujitsu   client ID ${world.fujitsu.clientId}   secret ${world.fujitsu.clientSecret}
                               API keys: primary ${world.fujitsu.primaryKey}   secondary ${world.fujitsu.secondaryKey}
    Actions                    the presets "Calls with this customer" (on Mico) and "Summarise" (on Fujitsu)
                               work against these stand-ins as they are: add them to a connection, open a conversation

  Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await world.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
