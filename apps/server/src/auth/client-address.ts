import { isIPv4, isIPv6 } from 'node:net';

/**
 * What a throttle counts a client as. An IPv4 address is one client (carrier NAT puts many phones
 * behind one, which is why the per-address limits are generous). An IPv6 subscriber gets a whole
 * /64 (often a /56) from the carrier and can use any address in it, so counting per address would
 * give one attacker 2^64 fresh keys: IPv6 is counted per /64. An IPv4 address mapped into IPv6
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports) is the IPv4 address.
 */
export function throttleKeyForAddress(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return bare;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g || '0', 16).toString(16));
}

/** What Fastify's `trustProxy` takes: trust nothing, these addresses, or hops counted from the socket. */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/** proxy-addr's hop count: the socket's peer is hop 0; the first `hops` hops are trusted. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/**
 * `TRUST_PROXY`: which hops in front of the server may be believed about the client's address.
 * Fastify (proxy-addr) walks X-Forwarded-For from the right and stops at the first hop it does not
 * trust, so the address used is the right-most one that no trusted proxy vouches for — never the
 * left-most, which the client writes itself.
 *
 * - unset, `0`, `false`: no proxy; the socket's address.
 * - a number of hops (`1` for one reverse proxy), or `true` (= 1: trusting every hop would make the
 *   client-written left-most entry the address, which is exactly the hole this closes).
 * - a comma-separated list of proxy addresses or CIDR ranges (`10.0.0.0/8, 127.0.0.1`), or
 *   proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text === 'false') return false;
  if (text === 'true') return trustHops(1);
  if (/^\d+$/.test(text)) return trustHops(Number(text));
  const list = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address = '', bits] = entry.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const wellFormed = (isIPv4(address) || isIPv6(address)) && (bits === undefined || /^\d{1,3}$/.test(bits));
    if (!named && !wellFormed) {
      throw new Error(`TRUST_PROXY: "${entry}" is not an address, a CIDR range or a hop count`);
    }
  }
  return list;
}
