// Which JAAS configuration a broker's SASL listener uses for a mechanism (Kafka 2.4.1's
// JaasContext.loadServerContext over the listener's valuesWithPrefixOverride): only
// listener.name.<listener>.<mechanism>.sasl.jaas.config, both names in lower case. A plain
// sasl.jaas.config (or listener.name.<listener>.sasl.jaas.config) is ignored with Kafka's warning.
// Kafka would then read the KafkaServer section of the file named by -Djava.security.auth.login.config;
// there is no such file here, so the failure is the one Kafka reports when that property is unset.

import { parseJaasConfig, JaasConfigError, type JaasConfigEntry } from './jaas-config';

export const SASL_JAAS_CONFIG = 'sasl.jaas.config';

/** listener.name.<listener>.<mechanism>.sasl.jaas.config */
export function listenerMechanismJaasProperty(listenerName: string, mechanism: string): string {
  return `listener.name.${listenerName.toLowerCase()}.${mechanism.toLowerCase()}.${SASL_JAAS_CONFIG}`;
}

/**
 * The one login module of `mechanism` on `listenerName`, from the broker's properties as given.
 * Throws JaasConfigError (Kafka's IllegalArgumentException message) when absent or invalid.
 */
export function loadServerJaasConfig(listenerName: string, mechanism: string, properties: ReadonlyMap<string, string>, warn: (message: string) => void): JaasConfigEntry {
  const property = listenerMechanismJaasProperty(listenerName, mechanism);
  const value = properties.get(property);
  if (value !== undefined) return parseJaasConfig(value, property);
  const listenerPrefix = `listener.name.${listenerName.toLowerCase()}.`;
  if (properties.has(SASL_JAAS_CONFIG) || properties.has(listenerPrefix + SASL_JAAS_CONFIG)) {
    warn(`Server config ${SASL_JAAS_CONFIG} should be prefixed with SASL mechanism name, ignoring config`);
  }
  throw new JaasConfigError(
    `Could not find a 'KafkaServer' or '${listenerName.toLowerCase()}.KafkaServer' entry in the JAAS configuration. System property 'java.security.auth.login.config' is not set`,
    property,
  );
}
