/**
 * The one policy of every request the server makes for a connection (token, probe, action): https on
 * an allowed port, to a host the operator allows for the connection's kind, at a public address. The
 * address is checked where the socket is opened: the name is resolved once, every address checked, and
 * only checked addresses dialled, so a name that answers differently the second time (DNS rebinding)
 * gains nothing. ALLOW_INSECURE_CONNECTIONS=1 (development, the sandbox) lifts the scheme, port and
 * address rules; the operator's host list applies either way.
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { ApiError } from '../shared/api-error';
import type { ConnectionKind } from '../shared/connection';
import type { HostRule, OutboundConfig } from './config';

/**
 * Addresses no connection is for: nothing public is served from them. One list per family: Node's
 * BlockList reads an IPv4 address as IPv4-mapped against IPv6 rules, so ::ffff:0:0/96 would take every IPv4.
 */
const NOT_PUBLIC_V4 = new BlockList();
const NOT_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", with the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, where clouds serve instance metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relays
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with broadcast
] as const)
  NOT_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // protocol assignments, with Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address a NAT64 address (64:ff9b::/96) stands for. */
function nat64Target(address: string): string | undefined {
  const url = new URL(`http://[${address}]/`);
  const groups = url.hostname.slice(1, -1).split(':');
  if (!url.hostname.startsWith('[64:ff9b::') || groups.length > 5) return undefined;
  const [high = 0, low = 0] = groups.slice(-2).map((group) => Number.parseInt(group || '0', 16));
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** A URL's host without the brackets of an IPv6 address, as net.connect takes it. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** Whether `address` (an IP address as written in a URL's host or answered by DNS) is one no connection may use. */
export function isRefusedAddress(address: string): boolean {
  const ip = bare(address).replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return NOT_PUBLIC_V4.check(ip, 'ipv4');
  if (family !== 6) return true;
  const target = nat64Target(ip);
  return target ? NOT_PUBLIC_V4.check(target, 'ipv4') : NOT_PUBLIC_V6.check(ip, 'ipv6');
}

/** Names that stay inside a network: a single label (completed by the resolver's search list), localhost, mDNS and private-use suffixes. */
export function isInternalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return !name.includes('.') || /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/.test(name);
}

const matches = (rule: HostRule, kind: ConnectionKind, hostname: string) =>
  (rule.kind.endsWith('*') ? kind.startsWith(rule.kind.slice(0, -1)) : rule.kind === kind) &&
  (rule.host.startsWith('*.') ? hostname.endsWith(rule.host.slice(1)) : hostname === rule.host);

/** The connector's refusal: carried as the cause of undici's "fetch failed", and recognised by the fetch below. */
class RefusedDestination extends Error {
  override name = 'RefusedDestination';
}

/** What the card and the audit log see: the same words whatever the reason, nothing of what the name resolved to. */
const refusedError = () =>
  new ApiError(
    'DESTINATION_REFUSED',
    "The app server does not connect to this connection's address: it is not a public https address, or the server's operator does not allow it.",
  );

const SAVE_LOOKUP_MS = 5000;

/** Larger answers are refused rather than relayed. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** A body the platform's Response may not carry. */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * One request as fetch would send it with `redirect: 'manual'`, through undici's own request API: fetch's
 * web streams, Request and signals cost about as much CPU as the rest of an action. The answer is read
 * whole, up to MAX_ANSWER_BYTES (over it: INVALID_RESPONSE, final), into the platform's Response; a 3xx
 * comes back as it is. A failure to reach the server is fetch's TypeError, with the cause.
 */
async function sendThrough(agent: Agent, url: URL, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    body = body.toString();
  }
  if (body !== undefined && body !== null && typeof body !== 'string') throw new TypeError("A connection's request body is text.");
  let answer: Dispatcher.ResponseData;
  try {
    answer = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(headers),
      ...(body ? { body } : {}),
      signal: init.signal ?? undefined,
    });
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      answer.body.destroy();
      throw new ApiError('INVALID_RESPONSE', `The answer is larger than ${MAX_ANSWER_BYTES / 1024} KB.`, { status: answer.statusCode });
    }
    chunks.push(chunk);
  }
  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one);
  }
  const status = answer.statusCode;
  return new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers: answerHeaders });
}

export interface OutboundPolicy {
  /** Why a connection of `kind` may not call `url`, judged from the URL alone, in words for the admin who typed it; undefined when it may. */
  refusal(url: URL, kind: ConnectionKind): string | undefined;
  /** As refusal(), and also when the host's name resolves to a refused address now (the connector checks again at every connection). */
  check(url: URL, kind: ConnectionKind): Promise<string | undefined>;
  /**
   * fetch for a connection of `kind`, through the checking dispatcher: a refused destination is
   * DESTINATION_REFUSED, before any byte is sent; no redirect is followed; an answer over 64 KB is refused.
   */
  fetchFor(kind: ConnectionKind): typeof fetch;
  close(): Promise<void>;
}

/** `lookup`: how names are resolved (tests: a name that resolves to loopback). */
export function outboundPolicy(config: OutboundConfig, lookup: LookupFunction = dnsLookup): OutboundPolicy {
  const checked = !config.allowInsecure;

  /** The operator's list: the one rule that needs the connection's kind, so the fetch applies it. */
  const unlisted = (url: URL, kind: ConnectionKind) => config.hosts.length > 0 && !config.hosts.some((rule) => matches(rule, kind, url.hostname));

  /** Scheme, port and the host as written: what the connector sees of every connection it opens. */
  const destinationRefusal = (protocol: string, port: string, hostname: string): string | undefined => {
    if (!checked) return undefined;
    if (protocol !== 'https:') return 'must be an https URL: the app server sends no credential over plain http';
    if (!config.ports.includes(Number(port || 443))) return `must use port ${config.ports.join(' or ')}: the app server connects to no other port`;
    if (isIP(bare(hostname)))
      return isRefusedAddress(hostname) ? 'is a loopback, private or other non-public address, which the app server does not connect to' : undefined;
    return isInternalName(hostname) ? 'is a local or internal name, which the app server does not connect to' : undefined;
  };

  const refusal: OutboundPolicy['refusal'] = (url, kind) =>
    unlisted(url, kind)
      ? "is not a host the app server's operator allows for this kind of connection"
      : destinationRefusal(url.protocol, url.port, url.hostname);

  /** Resolves once and passes on only addresses that passed: net.connect dials what this answers, never resolving again. */
  const checkingLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, answer) => {
      if (error) return callback(error, '', 0);
      const all = typeof answer === 'string' ? [] : answer;
      const [first] = all;
      if (!first || all.some(({ address }) => isRefusedAddress(address))) return callback(new RefusedDestination(), '', 0);
      if (options.all) callback(null, all);
      else callback(null, first.address, first.family);
    });
  };

  const connectChecked = buildConnector({ lookup: checked ? checkingLookup : lookup });
  // Every connection the dispatcher opens passes here; net.connect does not call lookup for an IP address, so those are checked here too.
  const connect: buildConnector.connector = (options, callback) => {
    if (destinationRefusal(options.protocol, options.port, options.hostname) !== undefined) {
      queueMicrotask(() => callback(new RefusedDestination(), null));
      return;
    }
    connectChecked(options, callback);
  };
  const agent = new Agent({ connect });

  const resolvesRefused = (hostname: string) =>
    new Promise<boolean>((resolve) => {
      // A name that does not resolve now is left to the test after the save, which says so.
      const timer = setTimeout(() => resolve(false), SAVE_LOOKUP_MS);
      checkingLookup(hostname, { all: true }, (error) => {
        clearTimeout(timer);
        resolve(error instanceof RefusedDestination);
      });
    });

  return {
    refusal,
    async check(url, kind) {
      const why = refusal(url, kind);
      if (why || !checked || isIP(bare(url.hostname))) return why;
      return (await resolvesRefused(url.hostname)) ? 'resolves to a private or other non-public address, which the app server does not connect to' : undefined;
    },
    fetchFor(kind) {
      return async (input, init = {}) => {
        if (input instanceof Request) throw new TypeError("A connection's request is sent by its URL.");
        const url = new URL(input);
        if (unlisted(url, kind)) throw refusedError();
        try {
          return await sendThrough(agent, url, init);
        } catch (error) {
          if (error instanceof RefusedDestination || (error instanceof TypeError && error.cause instanceof RefusedDestination)) throw refusedError();
          throw error;
        }
      };
    },
    close: () => agent.close(),
  };
}
