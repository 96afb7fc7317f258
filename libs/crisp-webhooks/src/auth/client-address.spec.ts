import { clientAddressOf } from './client-address';

describe('clientAddressOf', () => {
  it.each([
    ['an IPv4 address', { ip: '203.0.113.9' }, '203.0.113.9'],
    ['an IPv4-mapped IPv6 address', { ip: '::ffff:203.0.113.9' }, '203.0.113.9'],
    ['an IPv6 address, by its /64', { ip: '2001:db8:0:42:1:2:3:4' }, '2001:db8:0:42::/64'],
    ['a compressed IPv6 address', { ip: '2001:DB8::1' }, '2001:db8:0:0::/64'],
    ['IPv6 loopback', { ip: '::1' }, '0:0:0:0::/64'],
    ['a scoped IPv6 address', { ip: 'fe80::1%eth0' }, 'fe80:0:0:0::/64'],
    ['the socket address when Express gives no ip', { socket: { remoteAddress: '192.0.2.1' } }, '192.0.2.1'],
    ['nothing', {}, ''],
  ])('%s', (_label, request, expected) => {
    expect(clientAddressOf(request)).toBe(expected);
  });
});
