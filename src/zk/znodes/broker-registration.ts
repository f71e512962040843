// /brokers/ids/<id> — E, the broker's registration (JSON version 4 in Kafka 2.4: IBP >= 0.10.0).
// Written from a Scala mutable.Map, so keys come out in its hash order:
// listener_security_protocol_map, endpoints, [rack], jmx_port, host, timestamp, port, version.

import { JsonReader } from '../json/json-reader';
import { javaStringHash, scalaImmutableMapOrder, scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { jsonBytes, jsonObject, type OrderedJson } from '../json/ordered-json';
import { BROKER_IDS_PATH } from './paths';

export const BROKER_REGISTRATION_VERSION = 4;

export function brokerIdPath(brokerId: number): string {
  return `${BROKER_IDS_PATH}/${brokerId}`;
}

export interface BrokerEndpoint {
  listenerName: string;
  /** null renders as `LISTENER://:port` (bind to all interfaces with no advertised host). */
  host: string | null;
  port: number;
  /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
  securityProtocol: string;
}

export interface BrokerRegistration {
  id: number;
  /** Advertised listeners, in configuration order. */
  endpoints: BrokerEndpoint[];
  rack: string | null;
  /** `com.sun.management.jmxremote.port`, -1 when unset (always for us). */
  jmxPort: number;
  version: number;
  /** Epoch ms of registration (decode only). */
  timestamp?: bigint;
}

/** EndPoint.connectionString: `LISTENER://host:port`, IPv6 hosts in brackets. */
export function endpointConnectionString(endpoint: BrokerEndpoint): string {
  const host = endpoint.host === null ? '' : endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.listenerName}://${host}:${endpoint.port}`;
}

const ENDPOINT_PATTERN = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/;

export function encodeBrokerRegistration(
  broker: { id: number; endpoints: BrokerEndpoint[]; rack?: string | null; jmxPort?: number },
  timestampMs: number,
): Buffer {
  // Legacy top-level host/port: the first PLAINTEXT endpoint, else null/-1 (old clients only).
  const plaintext = broker.endpoints.find((e) => e.securityProtocol === 'PLAINTEXT');
  const listenerNames = broker.endpoints.map((e) => e.listenerName);
  const protocolByListener = new Map(broker.endpoints.map((e) => [e.listenerName, e.securityProtocol]));
  // `.toMap` of the listener list: insertion order up to 4 listeners, hash order beyond.
  const securityProtocolMap = jsonObject(
    scalaImmutableMapOrder([...new Set(listenerNames)], javaStringHash).map((name) => [name, protocolByListener.get(name) ?? null]),
  );
  const fields = new Map<string, OrderedJson>([
    ['version', BROKER_REGISTRATION_VERSION],
    ['host', plaintext?.host ?? null],
    ['port', plaintext?.port ?? -1],
    ['endpoints', broker.endpoints.map(endpointConnectionString)],
    ['jmx_port', broker.jmxPort ?? -1],
    ['timestamp', String(timestampMs)],
  ]);
  if (broker.rack !== undefined && broker.rack !== null) fields.set('rack', broker.rack);
  fields.set('listener_security_protocol_map', securityProtocolMap);
  const order = scalaMutableHashMapOrder([...fields.keys()], javaStringHash);
  return jsonBytes(jsonObject(order.map((key) => [key, fields.get(key) as OrderedJson])));
}

/** Decodes versions 1-5 as Kafka's BrokerIdZNode.decode does (v1: host/port only; later: endpoints). */
export function decodeBrokerRegistration(brokerId: number, data: Buffer | null): BrokerRegistration {
  const { reader, json } = JsonReader.object(brokerIdPath(brokerId), data);
  const version = reader.int(json, 'version');
  if (version < 1) reader.fail(`unsupported broker registration version ${version}`);
  const jmxPort = reader.int(json, 'jmx_port');
  let endpoints: BrokerEndpoint[];
  if (version === 1) {
    const host = reader.string(json, 'host');
    endpoints = [{ listenerName: 'PLAINTEXT', host, port: reader.int(json, 'port'), securityProtocol: 'PLAINTEXT' }];
  } else {
    const protocolMap = new Map<string, string>();
    if (json.listener_security_protocol_map !== undefined) {
      const map = reader.asObject(json.listener_security_protocol_map, 'listener_security_protocol_map');
      for (const name of Object.keys(map)) protocolMap.set(name, reader.string(map, name));
    }
    endpoints = reader.stringArray(json.endpoints, 'endpoints').map((text) => {
      const match = ENDPOINT_PATTERN.exec(text);
      if (!match) return reader.fail(`bad endpoint ${JSON.stringify(text)}`);
      const [, listenerName, host, port] = match;
      // Without a map, the listener name is the protocol name (pre-v4 registrations).
      return { listenerName, host: host === '' ? null : host, port: Number(port), securityProtocol: protocolMap.get(listenerName) ?? listenerName };
    });
  }
  const rack = json.rack === undefined || json.rack === null ? null : reader.string(json, 'rack');
  const registration: BrokerRegistration = { id: brokerId, endpoints, rack, jmxPort, version };
  if (json.timestamp !== undefined) registration.timestamp = reader.intString(json, 'timestamp');
  return registration;
}
