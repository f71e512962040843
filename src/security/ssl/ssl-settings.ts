// The ssl.* settings of one listener (or of the broker's inter-broker client), resolved: the caller
// has already taken `listener.name.<listener>.ssl.*` over the broker-wide `ssl.*` values. Names,
// defaults and meaning are Kafka 2.4.1's (SslConfigs, BrokerSecurityConfigs, KafkaConfig).

import { Password, type ConfigValue } from '../../common/config/config-types';

export const SSL_CONFIG = {
  PROTOCOL: 'ssl.protocol',
  ENABLED_PROTOCOLS: 'ssl.enabled.protocols',
  CIPHER_SUITES: 'ssl.cipher.suites',
  KEYSTORE_TYPE: 'ssl.keystore.type',
  KEYSTORE_LOCATION: 'ssl.keystore.location',
  KEYSTORE_PASSWORD: 'ssl.keystore.password',
  KEY_PASSWORD: 'ssl.key.password',
  TRUSTSTORE_TYPE: 'ssl.truststore.type',
  TRUSTSTORE_LOCATION: 'ssl.truststore.location',
  TRUSTSTORE_PASSWORD: 'ssl.truststore.password',
  CLIENT_AUTH: 'ssl.client.auth',
  ENDPOINT_IDENTIFICATION_ALGORITHM: 'ssl.endpoint.identification.algorithm',
  PRINCIPAL_MAPPING_RULES: 'ssl.principal.mapping.rules',
} as const;

export interface SslSettings {
  /**
   * Where the values came from, put before each property name in messages: '' for the broker-wide
   * `ssl.*`, 'listener.name.mtls.' when the caller resolved a listener's overrides. The caller
   * knows which one each value came from; one prefix for all is a simplification the messages
   * can live with.
   */
  readonly configPrefix: string;
  /** ssl.protocol (default TLS). */
  readonly protocol: string;
  /** ssl.enabled.protocols (default TLSv1.2,TLSv1.1,TLSv1). */
  readonly enabledProtocols: readonly string[];
  /** ssl.cipher.suites, Java/IANA names (default none: the TLS library's defaults). */
  readonly cipherSuites: readonly string[];
  /** ssl.keystore.type: PKCS12 or PEM here; JKS (Kafka's default) is refused with how to convert. */
  readonly keystoreType: string;
  readonly keystoreLocation: string | null;
  readonly keystorePassword: string | null;
  readonly keyPassword: string | null;
  readonly truststoreType: string;
  readonly truststoreLocation: string | null;
  readonly truststorePassword: string | null;
  /** ssl.client.auth: required, requested or none (default none; a server-side setting). */
  readonly clientAuth: string;
  /** ssl.endpoint.identification.algorithm: "https" (default) checks the server's host name; null or "" does not. */
  readonly endpointIdentificationAlgorithm: string | null;
  /** ssl.principal.mapping.rules (default DEFAULT). */
  readonly principalMappingRules: string | null;
}

export const DEFAULT_SSL_SETTINGS: SslSettings = Object.freeze({
  configPrefix: '',
  protocol: 'TLS',
  enabledProtocols: Object.freeze(['TLSv1.2', 'TLSv1.1', 'TLSv1']),
  cipherSuites: Object.freeze([]),
  keystoreType: 'JKS',
  keystoreLocation: null,
  keystorePassword: null,
  keyPassword: null,
  truststoreType: 'JKS',
  truststoreLocation: null,
  truststorePassword: null,
  clientAuth: 'none',
  endpointIdentificationAlgorithm: 'https',
  principalMappingRules: 'DEFAULT',
});

/** Kafka's defaults with the given values over them. */
export function sslSettings(values: Partial<SslSettings>): SslSettings {
  return { ...DEFAULT_SSL_SETTINGS, ...values };
}

/**
 * Settings from a config getter answering parsed values by property name (strings, lists,
 * Passwords, null for unset), such as one that looks up `listener.name.<l>.<name>` before `<name>`.
 * A getter answering undefined leaves Kafka's default.
 */
export function sslSettingsFromConfig(get: (name: string) => ConfigValue | undefined, configPrefix = ''): SslSettings {
  const text = (name: string, fallback: string | null): string | null => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (value === null) return null;
    if (value instanceof Password) return value.value;
    return Array.isArray(value) ? value.join(',') : String(value);
  };
  const list = (name: string, fallback: readonly string[]): readonly string[] => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (value === null) return [];
    const items = Array.isArray(value) ? value : String(value).split(',');
    return items.map((s) => s.trim()).filter((s) => s !== '');
  };
  const d = DEFAULT_SSL_SETTINGS;
  return {
    configPrefix,
    protocol: text(SSL_CONFIG.PROTOCOL, d.protocol) ?? d.protocol,
    enabledProtocols: list(SSL_CONFIG.ENABLED_PROTOCOLS, d.enabledProtocols),
    cipherSuites: list(SSL_CONFIG.CIPHER_SUITES, d.cipherSuites),
    keystoreType: text(SSL_CONFIG.KEYSTORE_TYPE, d.keystoreType) ?? d.keystoreType,
    keystoreLocation: text(SSL_CONFIG.KEYSTORE_LOCATION, null),
    keystorePassword: text(SSL_CONFIG.KEYSTORE_PASSWORD, null),
    keyPassword: text(SSL_CONFIG.KEY_PASSWORD, null),
    truststoreType: text(SSL_CONFIG.TRUSTSTORE_TYPE, d.truststoreType) ?? d.truststoreType,
    truststoreLocation: text(SSL_CONFIG.TRUSTSTORE_LOCATION, null),
    truststorePassword: text(SSL_CONFIG.TRUSTSTORE_PASSWORD, null),
    clientAuth: text(SSL_CONFIG.CLIENT_AUTH, d.clientAuth) ?? d.clientAuth,
    endpointIdentificationAlgorithm: text(SSL_CONFIG.ENDPOINT_IDENTIFICATION_ALGORITHM, d.endpointIdentificationAlgorithm),
    principalMappingRules: text(SSL_CONFIG.PRINCIPAL_MAPPING_RULES, d.principalMappingRules),
  };
}
