/**
 * A resolver with names the tests choose, as the server's outbound policy takes one: names that resolve
 * to loopback, to a private address, to a public and a loopback address at once, or to a public address
 * the first time and loopback after (a rebinding name). Any other name is the system's. Beside it, a
 * loopback listener that witnesses whether anything dialled an address the policy should refuse.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createServer, isIP, type LookupFunction, type Socket } from 'node:net';

/** Public, and never dialled by the tests: a name answering it is refused or fails before connecting. */
export const PUBLIC_ADDRESS = '93.184.215.14';

export function testLookup(): LookupFunction & { asked: string[] } {
  const asked: string[] = [];
  let flips = 0;
  const answers = (hostname: string): string[] | undefined => {
    switch (hostname) {
      case 'loopback.rebind.example':
        return ['127.0.0.1'];
      case 'private.rebind.example':
        return ['10.1.2.3'];
      case 'mixed.rebind.example':
        return [PUBLIC_ADDRESS, '127.0.0.1'];
      case 'flip.rebind.example':
        return flips++ === 0 ? [PUBLIC_ADDRESS] : ['127.0.0.1'];
      case 'unresolvable.example':
        return [];
      default:
        return undefined;
    }
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push(hostname);
    const found = answers(hostname);
    if (found === undefined) return dnsLookup(hostname, options, callback);
    const all: LookupAddress[] = found.map((address) => ({ address, family: isIP(address) }));
    process.nextTick(() => {
      const [first] = all;
      if (!first) callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      else if (options.all) callback(null, all);
      else callback(null, first.address, first.family);
    });
  };
  return Object.assign(lookup, { asked });
}

/**
 * A bare TCP listener on 127.0.0.1 that writes down every connection made to it and closes it at once:
 * what an https request would open before any byte of HTTP, so `knocks` stays empty when nothing dialled.
 */
export async function knockListener(): Promise<{ port: number; knocks: Socket[]; close(): Promise<void> }> {
  const knocks: Socket[] = [];
  const listener = createServer((socket) => {
    knocks.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    port: (listener.address() as { port: number }).port,
    knocks,
    close: () => new Promise<void>((resolve) => listener.close(() => resolve())),
  };
}
