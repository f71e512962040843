// Properties this broker adds to Kafka 2.4.1's (which broker-definitions.ts lists exactly). Kafka
// has a JMX agent for what these do; here they are plain properties. They are known names, so
// setting them draws no "isn't a known config" warning, but they are not Kafka's: DescribeConfigs
// and the dynamic config defaults keep to Kafka's list.

import { between, type Validator } from './config-types';
import type { BrokerConfigDefinition } from './broker-definitions';

const def = (name: string, type: BrokerConfigDefinition['type'], dflt: BrokerConfigDefinition['default'], validator?: Validator): BrokerConfigDefinition => ({
  name,
  type,
  default: dflt,
  ...(validator === undefined ? {} : { validator }),
});

export const BROKER_EXTENSION_DEFINITIONS: readonly BrokerConfigDefinition[] = [
  // The broker's HTTP endpoint: /metrics in the Prometheus text format (and routes other parts
  // add). Unset: no endpoint. 0 picks a free port (tests).
  def('metrics.prometheus.port', 'int', null, between(0, 65535)),
  // Loopback by default: metrics are no one else's business unless the operator says so.
  def('metrics.prometheus.host', 'string', '127.0.0.1'),
];

export const BROKER_EXTENSION_BY_NAME: ReadonlyMap<string, BrokerConfigDefinition> = new Map(BROKER_EXTENSION_DEFINITIONS.map((d) => [d.name, d]));
