// The client host as Kafka's authorizer sees it: InetAddress.getHostAddress of the connection's
// peer. ACL hosts are compared with it as text, so Node's forms must be turned into Java's: an
// IPv4-mapped IPv6 peer (`::ffff:10.0.0.1`, what a dual-stack listener reports) is the IPv4
// address, and IPv6 is written in full, unpadded groups (`0:0:0:0:0:0:0:1` for `::1`).

import { isIPv6 } from 'node:net';

export function javaHostAddress(host: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped !== null) return mapped[1]!;
  const percent = host.indexOf('%');
  const address = percent < 0 ? host : host.slice(0, percent);
  if (!isIPv6(address)) return host;
  const zone = percent < 0 ? '' : host.slice(percent);
  return `${expandIpv6(address).join(':')}${zone}`;
}

/** The eight groups of an IPv6 address, hex without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head === '' ? [] : head!.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
