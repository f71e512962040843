// --bootstrap-server as Kafka 2.4.1's client reads bootstrap.servers: a comma-separated LIST
// (whitespace around commas dropped, an empty value is no entry), each entry matched by
// Utils.getHost/getPort and resolved (ClientUtils.parseAndValidateAddresses); an entry that does
// not resolve is skipped, and none left is a ConfigException. The bootstrap nodes get ids -1, -2,
// ... in the order given (Cluster.bootstrap) and keep the host as written.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { configException } from './java-throwable';
import type { KafkaNode } from './kafka-node';

/** A bootstrap node and the address to connect to (the host resolved as InetSocketAddress does). */
export interface BootstrapNode {
  node: KafkaNode;
  address: string;
}

/** Resolves a host name to one address, or null when DNS has none. */
export type HostResolver = (host: string) => Promise<string | null>;

/** InetAddress.getByName: literals as they are, names to their first address, IPv4 preferred as Java does. */
export const resolveHost: HostResolver = async (host) => {
  if (isIP(host) !== 0) return host;
  if (host === '') return '127.0.0.1'; // InetAddress.getByName("") is the loopback address
  try {
    return (await lookup(host, { verbatim: false })).address;
  } catch {
    return null;
  }
};

// Utils.HOST_PORT_PATTERN, matched against the whole entry.
const HOST_PORT = /^.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$/;

/** ConfigDef's LIST type. */
export function splitList(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
}

export async function bootstrapNodes(bootstrapServers: string, resolve: HostResolver = resolveHost): Promise<BootstrapNode[]> {
  const nodes: BootstrapNode[] = [];
  for (const url of splitList(bootstrapServers)) {
    if (url === '') continue;
    const match = HOST_PORT.exec(url);
    if (match === null) throw configException(`Invalid url in bootstrap.servers: ${url}`);
    const [, host, portText] = match;
    const port = Number(portText);
    // Integer.parseInt overflowing, or InetSocketAddress refusing the port, both end as this.
    if (!Number.isSafeInteger(port) || port > 65535) throw configException(`Invalid port in bootstrap.servers: ${url}`);
    const address = await resolve(host);
    if (address === null) continue; // Kafka logs a WARN and goes on with the others
    nodes.push({ node: { id: -1 - nodes.length, host, port, rack: null }, address });
  }
  if (nodes.length === 0) throw configException('No resolvable bootstrap urls given in bootstrap.servers');
  return nodes;
}
