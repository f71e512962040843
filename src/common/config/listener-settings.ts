// One listener's view of the security settings (KafkaConfig.valuesWithPrefixOverride): a
// `listener.name.<listener>.<setting>` value wins over `<setting>`, and SASL settings may also be
// given per mechanism as `listener.name.<listener>.<mechanism>.<setting>` (listener and mechanism
// in lower case), which is where brokers read each mechanism's JAAS configuration from.

import { brokerValueGetter, type BrokerConfig } from './kafka-config';
import type { ConfigValue } from './config-types';

export interface ListenerSettings {
  readonly listenerName: string;
  /** The typed value for this listener (checked like the unprefixed setting). */
  value(name: string): ConfigValue;
  /** listener.name.<listener>.<mechanism>.<name> as given, or null. */
  mechanismValue(mechanism: string, name: string): string | null;
}

export function listenerSettings(config: BrokerConfig, listenerName: string): ListenerSettings {
  const prefix = `listener.name.${listenerName.toLowerCase()}.`;
  const overrides: Record<string, string> = {};
  for (const [name, raw] of Object.entries(config.originals)) {
    if (name.startsWith(prefix)) overrides[name.slice(prefix.length)] = raw;
  }
  const parsed = brokerValueGetter(overrides);
  return {
    listenerName,
    value: (name) => (Object.prototype.hasOwnProperty.call(overrides, name) ? parsed(name) : config.get(name)),
    mechanismValue: (mechanism, name) => overrides[`${mechanism.toLowerCase()}.${name}`] ?? null,
  };
}
