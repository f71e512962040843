// Listener strings ("PLAINTEXT://host:9092,INTERNAL://[::1]:9093") and the listener -> security
// protocol map, parsed and validated as Kafka 2.4.1 does (EndPoint.createEndPoint,
// CoreUtils.listenerListToEndPoints, KafkaConfig.listenerSecurityProtocolMap).

import { ConfigError } from './config-error';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

/** listener.security.protocol.map's default: each protocol is also a listener name. */
export const DEFAULT_LISTENER_SECURITY_PROTOCOL_MAP = SECURITY_PROTOCOLS.map((p) => `${p}:${p}`).join(',');

export interface EndPoint {
  /** Upper-cased listener name (ListenerName.normalised). */
  name: string;
  /** Host or IP without brackets; '' means "all interfaces" (Kafka keeps null). */
  host: string;
  port: number;
  securityProtocol: SecurityProtocol;
}

/** SecurityProtocol.forName: case-insensitive. */
export function parseSecurityProtocol(text: string, property: string): SecurityProtocol {
  const upper = text.toUpperCase();
  if ((SECURITY_PROTOCOLS as readonly string[]).includes(upper)) return upper as SecurityProtocol;
  throw new ConfigError(property, `Invalid security protocol \`${text}\` defined in ${property}`);
}

/** CoreUtils.parseCsvList: split on commas with whitespace around them, dropping empty items. */
export function parseCsvList(text: string): string[] {
  if (text === '') return [];
  return text.split(/\s*,\s*/).filter((s) => s !== '');
}

/** CoreUtils.parseCsvMap: "k:v,k2:v2", splitting each entry at its last colon. */
export function parseCsvMap(text: string, property: string): Map<string, string> {
  const map = new Map<string, string>();
  if (text === '') return map;
  for (const entry of text.split(/\s*,\s*/)) {
    const colon = entry.lastIndexOf(':');
    if (colon < 0) throw new ConfigError(property, `Error parsing configuration property '${property}': entry '${entry}' is not of the form key:value`);
    map.set(entry.slice(0, colon).trim(), entry.slice(colon + 1).trim());
  }
  return map;
}

/** listener.security.protocol.map parsed: upper-cased listener name -> protocol. */
export function parseListenerSecurityProtocolMap(text: string, property = 'listener.security.protocol.map'): Map<string, SecurityProtocol> {
  const out = new Map<string, SecurityProtocol>();
  for (const [name, protocol] of parseCsvMap(text, property)) {
    if (name === '') throw new ConfigError(property, `Error parsing configuration property '${property}': empty listener name`);
    out.set(name.toUpperCase(), parseSecurityProtocol(protocol, property));
  }
  return out;
}

// EndPoint.uriParseExp (matched against the whole entry): brackets around the host are optional,
// and the host may itself contain ':' so an IPv6 literal parses with or without them.
const ENDPOINT = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/;

/**
 * Parses a listeners/advertised.listeners value. Checks, like Kafka: each entry matches
 * NAME://host:port, each name is in the protocol map, names are unique, non-zero ports are unique.
 * Stricter than Kafka: a port must be 0..65535 (Kafka accepts any int and fails later at bind).
 */
export function parseListeners(text: string, protocolMap: Map<string, SecurityProtocol>, property: string): EndPoint[] {
  const fail = (why: string) => new ConfigError(property, `Error creating broker listeners from '${text}': ${why}`);
  const endpoints: EndPoint[] = [];
  for (const entry of parseCsvList(text)) {
    const m = ENDPOINT.exec(entry);
    if (!m) throw fail(`Unable to parse ${entry} to a broker endpoint`);
    const name = m[1]!.toUpperCase();
    const port = Number(m[3]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw fail(`Invalid port ${m[3]} in ${entry}`);
    const securityProtocol = protocolMap.get(name);
    if (securityProtocol === undefined) throw fail(`No security protocol defined for listener ${name}`);
    endpoints.push({ name, host: m[2]!, port, securityProtocol });
  }
  const ports = endpoints.map((e) => e.port).filter((p) => p !== 0);
  if (new Set(ports).size !== ports.length) throw new ConfigError(property, `Each listener must have a different port, listeners: ${text}`);
  if (new Set(endpoints.map((e) => e.name)).size !== endpoints.length) {
    throw new ConfigError(property, `Each listener must have a different name, listeners: ${text}`);
  }
  return endpoints;
}

/** Utils.formatAddress + EndPoint.connectionString: "NAME://host:port", IPv6 in brackets. */
export function endpointToString(e: EndPoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.name}://${host}:${e.port}`;
}

/**
 * The endpoints a broker registers in ZooKeeper. Kafka 2.4.1 (KafkaServer.createBrokerInfo)
 * replaces an empty host with InetAddress.getLocalHost.getCanonicalHostName; the caller passes that
 * name in (see canonicalLocalHostName) so this stays pure.
 */
export function endpointsForRegistration(advertised: readonly EndPoint[], canonicalHostName: string): EndPoint[] {
  return advertised.map((e) => (e.host.trim() === '' ? { ...e, host: canonicalHostName } : { ...e }));
}
