// Client hosts as Java's InetAddress.getHostAddress writes them, since ACL hosts are compared as text.

import { javaHostAddress } from '../../../src/security/acl/java-host-address';

describe('javaHostAddress', () => {
  it('keeps IPv4, unmaps IPv4-mapped IPv6 and writes IPv6 in eight unpadded groups', () => {
    expect(javaHostAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(javaHostAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(javaHostAddress('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(javaHostAddress('fe80::0a:1%eth0')).toBe('fe80:0:0:0:0:0:a:1%eth0');
    expect(javaHostAddress('2001:db8::')).toBe('2001:db8:0:0:0:0:0:0');
    expect(javaHostAddress('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8:0:0:1:0:0:1');
    expect(javaHostAddress('::ffff:1.2.3.4:5')).toBe('::ffff:1.2.3.4:5');
  });
});
