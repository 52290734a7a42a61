// @ts-check
/**
 * The security headers of the deployed site, derived from its `config.json`:
 *   frame-ancestors  ← hostOrigins (who may frame the card; the only check Firefox gets), and the site
 *                      itself: the sign-in comes back to callback.html inside the card's hidden child frame
 *   frame-src        ← authorizeUrl's origin and the site: that child frame, which shows at once
 *                      whether the sign-in page can finish inside a frame
 *   connect-src      ← the origins of tokenUrl, portalApiUrl, apiBaseUrl and serverUrl (what the page
 *                      calls; the app server, not the page, calls the connections)
 *   img-src          ← apiBaseUrl's origin: the account's API host serves the media of non-text messages
 *   media-src        ← the same, for the video and audio messages the card plays
 * plus `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff` and a `Permissions-Policy`
 * that denies every feature the app never uses.
 *
 * `vite build` (npm run build) writes `dist/_headers` (Netlify, Cloudflare Pages) through the plugin in
 * vite.config.ts. After editing `dist/config.json`, `npm run headers` writes it again;
 * `npm run headers -- --print nginx|caddy|cloudfront|azure` prints the same headers for that host.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const INFOBIP = {
  authorizeUrl: 'https://oneapi.infobip.com/exchange/1/oauth/authorize',
  tokenUrl: 'https://oneapi.infobip.com/exchange/1/oauth/token',
  portalApiUrl: 'https://portal.infobip.com/api/amg',
};
const HOST_ORIGINS = ['https://portal.infobip.com'];

/** Features a context card never uses: a framed page that is compromised gets none of them. */
const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
  'clipboard-read',
];

export class HeadersError extends Error {
  /** @param {string} field @param {string} reason */
  constructor(field, reason) {
    super(`config.json: "${field}" ${reason}`);
    this.name = 'HeadersError';
  }
}

/**
 * An origin for a CSP source list: http(s) only, and never a wildcard or a quoted keyword.
 * @param {unknown} value @param {string} field
 */
function originOf(value, field) {
  if (typeof value !== 'string' || !URL.canParse(value)) throw new HeadersError(field, `is not a URL: ${JSON.stringify(value)}`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HeadersError(field, `is not an http(s) URL: ${value}`);
  return url.origin;
}

/**
 * The headers every page of the site must be served with.
 * @param {unknown} raw parsed config.json
 * @returns {Record<string, string>}
 */
export function securityHeaders(raw) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HeadersError('(file)', 'must be a JSON object');
  const config = /** @type {Record<string, unknown>} */ (raw);
  const pick = (/** @type {string} */ field, /** @type {string | undefined} */ fallback) => config[field] ?? fallback;

  const hostOrigins = pick('hostOrigins', undefined) ?? HOST_ORIGINS;
  if (!Array.isArray(hostOrigins) || hostOrigins.length === 0) throw new HeadersError('hostOrigins', 'must be a non-empty list of origins');
  const ancestors = hostOrigins.map((origin, i) => originOf(origin, `hostOrigins[${i}]`));

  // What the page itself calls: Infobip and the app server. Connections' own APIs are called by the
  // app server, never by the browser, so their origins stay out.
  const connect = new Set(
    ['tokenUrl', 'portalApiUrl', 'apiBaseUrl', 'serverUrl'].flatMap((field) => {
      const value = pick(field, /** @type {Record<string, string>} */ (INFOBIP)[field]);
      return value === undefined ? [] : [originOf(value, field)];
    }),
  );

  const authorize = originOf(pick('authorizeUrl', INFOBIP.authorizeUrl), 'authorizeUrl');
  const media = config.apiBaseUrl === undefined ? [] : [originOf(config.apiBaseUrl, 'apiBaseUrl')];
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ['img-src', "'self'", ...media].join(' '),
    ['media-src', "'self'", ...media].join(' '),
    ['connect-src', "'self'", ...connect].join(' '),
    ['frame-src', "'self'", authorize].join(' '),
    ['frame-ancestors', "'self'", ...ancestors].join(' '),
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': DENIED_FEATURES.map((feature) => `${feature}=()`).join(', '),
  };
}

/** @typedef {'netlify' | 'nginx' | 'caddy' | 'cloudfront' | 'azure'} Host */
export const HOSTS = /** @type {const} */ (['netlify', 'nginx', 'caddy', 'cloudfront', 'azure']);

/**
 * The headers in the form `host` reads them.
 * @param {Record<string, string>} headers @param {Host} host
 */
export function formatFor(headers, host) {
  const entries = Object.entries(headers);
  switch (host) {
    case 'netlify':
      // `_headers` of Netlify and Cloudflare Pages: every path of the site.
      return `/*\n${entries.map(([name, value]) => `  ${name}: ${value}`).join('\n')}\n`;
    case 'nginx':
      return `${entries.map(([name, value]) => `add_header ${name} "${value}" always;`).join('\n')}\n`;
    case 'caddy':
      return `header {\n${entries.map(([name, value]) => `\t${name} "${value}"`).join('\n')}\n}\n`;
    case 'cloudfront':
      // A response headers policy: `aws cloudfront create-response-headers-policy --response-headers-policy-config file://policy.json`.
      return `${JSON.stringify(
        {
          Name: 'exchange-card-security-headers',
          Comment: 'Generated by npm run headers from config.json',
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: headers['Content-Security-Policy'], Override: true },
            ReferrerPolicy: { ReferrerPolicy: headers['Referrer-Policy'], Override: true },
            ContentTypeOptions: { Override: true },
          },
          CustomHeadersConfig: { Quantity: 1, Items: [{ Header: 'Permissions-Policy', Value: headers['Permissions-Policy'], Override: true }] },
        },
        null,
        2,
      )}\n`;
    case 'azure':
      // `staticwebapp.config.json` of Azure Static Web Apps, beside the pages.
      return `${JSON.stringify({ globalHeaders: headers }, null, 2)}\n`;
  }
}

/**
 * Reads `dir/config.json` and writes `dir/_headers`. Throws a HeadersError naming the field when the
 * config cannot give the headers (the old `_headers`, if any, is left as it was).
 * @param {string} dir
 */
export function writeHeaders(dir) {
  const file = join(dir, 'config.json');
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HeadersError('(file)', `could not be read as JSON from ${file}: ${/** @type {Error} */ (error).message}`);
  }
  const headers = securityHeaders(raw);
  writeFileSync(join(dir, '_headers'), formatFor(headers, 'netlify'));
  return headers;
}

/**
 * Parses a `_headers` file's `/*` block back into headers (what the test static server serves).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseHeadersFile(text) {
  /** @type {Record<string, string>} */
  const headers = {};
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(' ') && line.trim() !== '') inBlock = line.trim() === '/*';
    const match = inBlock && /^\s+([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (match) headers[/** @type {string} */ (match[1])] = /** @type {string} */ (match[2]);
  }
  return headers;
}

function main() {
  const args = process.argv.slice(2);
  const printAt = args.indexOf('--print');
  const host = printAt === -1 ? undefined : args[printAt + 1];
  const dir = resolve(args.find((arg, i) => !arg.startsWith('--') && (printAt === -1 || i !== printAt + 1)) ?? 'dist');
  try {
    if (host !== undefined && !HOSTS.includes(/** @type {Host} */ (host))) throw new Error(`--print takes one of ${HOSTS.join(', ')}`);
    const headers = writeHeaders(dir);
    if (host) process.stdout.write(formatFor(headers, /** @type {Host} */ (host)));
    else console.log(`Wrote ${join(dir, '_headers')} from ${join(dir, 'config.json')}.`);
  } catch (error) {
    console.error(/** @type {Error} */ (error).message);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
