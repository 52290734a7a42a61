/** `npm run headers` (scripts/headers.mjs): the deployed site's headers from its config.json. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHeadersFile } from '../../scripts/headers.mjs';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function site(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'exchange-card-headers-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const headers = (dir: string) => parseHeadersFile(readFileSync(join(dir, '_headers'), 'utf8'));
const config = {
  clientId: '0123456789abcdef0123456789abcdef',
  appId: 'a',
  apiBaseUrl: 'https://xyz.api.infobip.com/',
  hostOrigins: ['https://portal.infobip.com'],
};

describe('npm run headers', { timeout: 30_000 }, () => {
  it('writes _headers from config.json, and again from an edited one', async () => {
    const dir = site(config);
    await run('node', ['scripts/headers.mjs', dir]);
    const first = headers(dir)['Content-Security-Policy']!;
    expect(first).toContain("frame-ancestors 'self' https://portal.infobip.com;");
    expect(first).toContain("frame-src 'self' https://oneapi.infobip.com;");
    expect(first).toContain("img-src 'self' https://xyz.api.infobip.com;");
    expect(first).toContain("media-src 'self' https://xyz.api.infobip.com;");
    expect(first).toContain("connect-src 'self' https://oneapi.infobip.com https://portal.infobip.com https://xyz.api.infobip.com;");
    expect(headers(dir)).toMatchObject({ 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' });

    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        ...config,
        hostOrigins: ['https://portal.infobip.com', 'https://eu.portal.infobip.com'],
        serverUrl: 'https://app.example.com',
        connections: [{ id: 'm', kind: 'mico', baseUrl: 'https://mico.example.com/v2' }],
      }),
    );
    await run('node', ['scripts/headers.mjs', dir]);
    const second = headers(dir)['Content-Security-Policy']!;
    expect(second).toContain("frame-ancestors 'self' https://portal.infobip.com https://eu.portal.infobip.com;");
    expect(second).toMatch(/connect-src [^;]*https:\/\/app\.example\.com[ ;]/);
    // The app server calls the connection; the page never does.
    expect(second).not.toContain('mico.example.com');
  });

  it('refuses a config it cannot derive headers from, naming the field, and leaves the old _headers', async () => {
    const dir = site(config);
    await run('node', ['scripts/headers.mjs', dir]);
    const before = readFileSync(join(dir, '_headers'), 'utf8');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, hostOrigins: ["https://x.example 'unsafe-inline'"] }));
    const failure = await run('node', ['scripts/headers.mjs', dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('"hostOrigins[0]"');
    expect(readFileSync(join(dir, '_headers'), 'utf8')).toBe(before);
  });

  it.each(['nginx', 'caddy', 'cloudfront', 'azure'])('prints the same headers for %s', async (host) => {
    const dir = site(config);
    const { stdout } = await run('node', ['scripts/headers.mjs', dir, '--print', host]);
    const csp = headers(dir)['Content-Security-Policy']!;
    expect(stdout).toContain(csp);
    if (host === 'cloudfront') expect(JSON.parse(stdout).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(csp);
    if (host === 'azure') expect(JSON.parse(stdout).globalHeaders['Content-Security-Policy']).toBe(csp);
  });
});
