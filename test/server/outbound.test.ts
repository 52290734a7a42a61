/**
 * The outbound policy on its own: which addresses and names are not public, what the URL alone shows,
 * the operator's host list, and the fetch whose connector resolves a name once and dials only what passed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api-error';
import type { OutboundConfig } from '../../src/server/config';
import { isInternalName, isRefusedAddress, outboundPolicy } from '../../src/server/outbound';
import { createCatcher } from '../sandbox/catcher.js';
import { knockListener, testLookup } from './lookup';

const catcher = await createCatcher();
const knock = await knockListener();
const { knocks, port: knockPort } = knock;
afterAll(async () => {
  await catcher.close();
  await knock.close();
});

const STRICT: OutboundConfig = { allowInsecure: false, hosts: [], ports: [443] };

describe('addresses no connection is for', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'IPv6 loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'IPv6 unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'IPv6 multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, as a URL writes it'],
    ['::ffff:8.8.8.8', 'IPv4-mapped, even of a public address'],
    ['::7f00:1', 'IPv4-compatible'],
    ['[::1]', 'as a URL host'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::', '6to4'],
    ['not an address', 'anything that is not an address'],
  ])('%s is refused (%s)', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each([
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['93.184.215.14'],
    ['172.15.255.255'],
    ['172.32.0.0'],
    ['100.63.255.255'],
    ['100.128.0.0'],
    ['2606:4700:4700::1111'],
    ['[2a00:1450:4001:80b::200e]'],
    ['64:ff9b::808:808'],
  ])('%s is public', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });

  it.each([
    ['localhost'],
    ['LOCALHOST.'],
    ['api.localhost'],
    ['printer.local'],
    ['metadata.google.internal'],
    ['nas.home.arpa'],
    ['db.localdomain'],
    ['intranet'],
  ])('%s is an internal name', (name) => {
    expect(isInternalName(name)).toBe(true);
  });

  it.each([['api.micovoice.com'], ['api.aispf.global.fujitsu.com'], ['internal.example.com'], ['local.example.com']])('%s is a public name', (name) => {
    expect(isInternalName(name)).toBe(false);
  });
});

describe('what the URL alone shows', () => {
  const policy = outboundPolicy(STRICT);
  afterAll(() => policy.close());
  const refusal = (href: string, kind: Parameters<typeof policy.refusal>[1] = 'mico') => policy.refusal(new URL(href), kind);

  it('https on port 443 to a public name or address passes', () => {
    expect(refusal('https://api.micovoice.com/oauth/token')).toBeUndefined();
    expect(refusal('https://api.micovoice.com:443/v1')).toBeUndefined();
    expect(refusal('https://93.184.215.14/')).toBeUndefined();
  });

  it('each refusal says why, in words the admin who typed the URL understands', () => {
    expect(refusal('http://api.micovoice.com')).toMatch(/must be an https URL/);
    expect(refusal('https://api.micovoice.com:8443')).toMatch(/must use port 443/);
    expect(refusal('https://127.1')).toMatch(/loopback, private or other non-public address/);
    expect(refusal('https://2130706433')).toMatch(/loopback, private or other non-public address/);
    expect(refusal('https://[::ffff:127.0.0.1]')).toMatch(/non-public address/);
    expect(refusal('https://metadata.google.internal')).toMatch(/local or internal name/);
  });

  it('CONNECTION_PORTS widens the ports; the development switch lifts scheme, port and address rules', async () => {
    const ports = outboundPolicy({ ...STRICT, ports: [443, 8443] });
    const insecure = outboundPolicy({ ...STRICT, allowInsecure: true });
    expect(ports.refusal(new URL('https://api.micovoice.com:8443'), 'mico')).toBeUndefined();
    expect(ports.refusal(new URL('https://api.micovoice.com:9443'), 'mico')).toMatch(/must use port 443 or 8443/);
    expect(insecure.refusal(new URL('http://127.0.0.1:5432'), 'mico')).toBeUndefined();
    await ports.close();
    await insecure.close();
  });

  it("the operator's host list: a kind, a kind prefix, a domain's subdomains; nothing else, whatever the switch", async () => {
    const hosts = [
      { kind: 'mico', host: 'api.micovoice.com' },
      { kind: 'fujitsu-*', host: '*.fujitsu.com' },
    ];
    for (const allowInsecure of [false, true]) {
      const listed = outboundPolicy({ ...STRICT, allowInsecure, hosts });
      const refused = (href: string, kind: Parameters<typeof policy.refusal>[1]) => listed.refusal(new URL(href), kind);
      expect(refused('https://api.micovoice.com', 'mico')).toBeUndefined();
      expect(refused('https://api.aispf.global.fujitsu.com', 'fujitsu-oauth')).toBeUndefined();
      expect(refused('https://api.aispf.global.fujitsu.com', 'mico')).toMatch(/not a host the app server's operator allows/);
      expect(refused('https://api.micovoice.com', 'fujitsu-api-key')).toMatch(/not a host/);
      expect(refused('https://fujitsu.com', 'fujitsu-legacy')).toMatch(/not a host/);
      expect(refused('https://evilfujitsu.com', 'fujitsu-legacy')).toMatch(/not a host/);
      expect(refused('https://api.micovoice.com.evil.example', 'mico')).toMatch(/not a host/);
      await listed.close();
    }
  });
});

describe("the connection's fetch", () => {
  it('refuses a name that resolves to loopback, a private address, or a mix, without opening a connection', async () => {
    const lookup = testLookup();
    const policy = outboundPolicy({ ...STRICT, ports: [443, knockPort] }, lookup);
    for (const name of ['loopback.rebind.example', 'private.rebind.example', 'mixed.rebind.example']) {
      const answer = policy.fetchFor('mico')(`https://${name}:${knockPort}/oauth/token`, { method: 'POST' });
      await expect(answer).rejects.toMatchObject({ code: 'DESTINATION_REFUSED' });
      await expect(answer).rejects.toBeInstanceOf(ApiError);
    }
    expect(knocks).toHaveLength(0);
    // One resolution for each connection: the checked answer is the one dialled, never asked for again.
    expect(lookup.asked).toEqual(['loopback.rebind.example', 'private.rebind.example', 'mixed.rebind.example']);
    await policy.close();
  });

  it('refuses an address written as the host in its connector (net.connect does not resolve an IP address, so no lookup sees it)', async () => {
    const policy = outboundPolicy({ ...STRICT, ports: [443, knockPort] });
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '0.0.0.0', '[::1]']) {
      await expect(policy.fetchFor('fujitsu-api-key')(`https://${host}:${knockPort}/v1/health`)).rejects.toMatchObject({ code: 'DESTINATION_REFUSED' });
    }
    expect(knocks).toHaveLength(0);
    await policy.close();
  });

  it('a name that does not resolve is a network failure, not a refusal', async () => {
    const policy = outboundPolicy(STRICT, testLookup());
    const failure = await policy
      .fetchFor('mico')('https://unresolvable.example/')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).not.toBeInstanceOf(ApiError);
    await policy.close();
  });

  it("with the development switch on, it dials the address the policy's lookup answered and reads the answer", async () => {
    const lookup = testLookup();
    const policy = outboundPolicy({ ...STRICT, allowInsecure: true }, lookup);
    const port = new URL(catcher.url).port;
    const response = await policy.fetchFor('mico')(`http://loopback.rebind.example:${port}/v1/campaigns`, { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caught: true });
    expect(catcher.log.map((caught) => caught.path)).toEqual(['/v1/campaigns']);
    expect(lookup.asked).toEqual(['loopback.rebind.example']);
    catcher.reset();
    await policy.close();
  });
});
