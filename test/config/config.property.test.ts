import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type Config } from '../../src/config/config';
import { isLoopback } from '../../src/shared/secure-url';
import { securityHeaders } from '../../scripts/headers.mjs';
import { RUNS, anyJson } from '../support/property';

const page = new URL('https://cdn.example.com/apps/card/card.html');

/** URLs an operator might write, and the ones the review found accepted. */
const anyUrl = fc.oneof(
  fc.constantFrom(
    'https://user:pw@host.example/',
    'https://host.example/#top',
    'https://host.example/?q=1',
    'http://portal.example.com',
    'http://localhost:5174/x',
    'https://xyz.api.infobip.com',
    'callback.html#frag',
    'javascript:alert(1)',
    'https://h.example/a b',
    '//evil.example/',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 30 }),
);

const config = fc.record(
  {
    clientId: fc.oneof(fc.constant('0123456789abcdef0123456789abcdef'), fc.string()),
    appId: fc.oneof(fc.constant('app-1'), fc.string()),
    scope: fc.string(),
    authorizeUrl: anyUrl,
    tokenUrl: anyUrl,
    portalApiUrl: anyUrl,
    apiBaseUrl: anyUrl,
    serverUrl: anyUrl,
    redirectUri: anyUrl,
    tokenLifetimeSeconds: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double(), fc.string()),
    hostOrigins: fc.oneof(fc.array(anyUrl, { maxLength: 3 }), anyJson),
    connections: fc.oneof(
      fc.constant([]),
      anyJson,
      fc.array(fc.record({ id: fc.string(), kind: fc.constantFrom('mico', 'fujitsu-oauth', 'x'), baseUrl: anyUrl }, { requiredKeys: ['id', 'kind'] }), {
        maxLength: 2,
      }),
    ),
  },
  { requiredKeys: ['clientId', 'appId'] },
);

function read(raw: unknown): Config | ConfigError {
  try {
    return parseConfig(raw, page);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/** What every URL the app sends to must be. */
function assertPlain(value: string, query: boolean) {
  const url = new URL(value);
  expect(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))).toBe(true);
  expect(url.username + url.password + url.hash).toBe('');
  if (!query) expect(url.search).toBe('');
}

describe('config.json, against generated files', () => {
  it('throws nothing but a ConfigError naming a field; every accepted URL is https (http on loopback) with no user, password or fragment', () => {
    fc.assert(
      fc.property(fc.oneof(config, anyJson), (raw) => {
        const result = read(raw);
        if (result instanceof ConfigError) return void expect(result.message.startsWith('config.json: ')).toBe(true);
        for (const field of ['authorizeUrl', 'tokenUrl', 'redirectUri'] as const) assertPlain(result[field], true);
        for (const field of ['portalApiUrl', 'apiBaseUrl', 'serverUrl'] as const) if (result[field] !== undefined) assertPlain(result[field]!, false);
        for (const origin of result.hostOrigins) {
          assertPlain(origin, false);
          expect(new URL(origin).origin).toBe(origin);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('for every config the app accepts, the generated CSP lists only origins: nothing a value could inject', () => {
    fc.assert(
      fc.property(config, (raw) => {
        if (read(raw) instanceof ConfigError) return;
        const csp = securityHeaders(raw)['Content-Security-Policy']!;
        const directives = csp.split('; ');
        expect(directives.map((d) => d.split(' ')[0])).toEqual([
          'default-src',
          'script-src',
          'style-src',
          'img-src',
          'connect-src',
          'frame-src',
          'frame-ancestors',
          'base-uri',
          'object-src',
          'form-action',
          'require-trusted-types-for',
          'trusted-types',
        ]);
        for (const source of directives.flatMap((d) => d.split(' ').slice(1))) {
          expect(source === "'self'" || source === "'none'" || source === "'script'" || new URL(source).origin === source).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
