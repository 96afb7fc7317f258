import { isIPv4, isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * Who a request counts against when it fails to authenticate: its IPv4 address, or the /64 network of
 * its IPv6 address (one host usually holds a whole /64, so counting single IPv6 addresses would let it
 * fail without end). Express's `req.ip` honours the app's `trust proxy` setting.
 */
export function clientAddressOf(request: { ip?: string; socket?: { remoteAddress?: string } }): string {
  const address = (request.ip ?? request.socket?.remoteAddress ?? '').replace(/%.*$/, '');
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address) || address.includes('.')) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}
