/** For any value an agent's card could send, the request an action makes stays under the connection's base path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/server/action-request';
import type { ConnectionAction } from '../../src/shared/connection-action';
import { anyText, RUNS } from '../support/property';

const BASE = 'https://api.example.com/base';

const action = (path: string, body?: string): ConnectionAction => ({
  id: 'a',
  label: 'A',
  audience: 'agents',
  method: body === undefined ? 'GET' : 'POST',
  path,
  ...(body === undefined ? {} : { body }),
  input: { label: 'Value', pattern: '[^]*' },
  runs: 'on-click',
  cacheSeconds: 0,
  show: { kind: 'all' },
});

/** Text with the characters that move a URL, in any mix with anything else. */
const hostile = fc.oneof(
  anyText,
  fc
    .array(fc.constantFrom('.', '..', '/', '\\', '%2e', '%2f', '?', '#', '&', '=', '@', ':', '\r\n', '\u0000', '"', '{input}', ' ', 'é', '\ud800'), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
);

describe('action requests, for any value', () => {
  it('a path value is refused, or the request goes to the base URL’s host under its path, with the value whole in one segment', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom('/v1/items/{input}', '/v1/items/{input}/detail', '/v1/search?q={input}&x=1'), (value, path) => {
        const result = buildRequest(BASE, action(path), { input: value });
        if (!result.ok) return;
        const { url } = result.request;
        expect(url.origin).toBe('https://api.example.com');
        expect(url.pathname.startsWith('/base/v1/')).toBe(true);
        expect(url.hash).toBe('');
        if (path.includes('?')) expect(url.searchParams.get('q')).toBe(value);
        else expect(decodeURIComponent(url.pathname.split('/')[4] ?? '')).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });

  it('a body value is refused, or the body is JSON holding the value exactly where the template put it', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const result = buildRequest(BASE, action('/v1/ask', '{"q":"{input}","fixed":1}'), { input: value });
        if (!result.ok) return;
        expect(JSON.parse(result.request.body as string)).toEqual({ q: value, fixed: 1 });
      }),
      { numRuns: RUNS },
    );
  });
});
