// Everything the broker's security settings turn into at startup (Kafka 2.4.1's ChannelBuilders for
// the listeners and for the inter-broker client): the TLS options of each SSL/SASL_SSL listener,
// the SASL mechanisms and JAAS users of each SASL listener, the SSL principal mapping, the SCRAM
// credential cache fed from /config/users, and how this broker connects to the others.
//
// Brokers read JAAS only from listener.name.<listener>.<mechanism>.sasl.jaas.config (Kafka's
// JaasContext.loadServerContext; an unprefixed sasl.jaas.config is ignored with Kafka's warning).
// Kafka would fall back to a JAAS file named by -Djava.security.auth.login.config; there is no JVM
// here, so a SASL listener without that property fails to start, saying which property to set.
// The same JAAS entry's username/password are the broker's own credentials when the listener is
// the inter-broker one, as in Kafka.

import type { PeerCertificate } from 'node:tls';
import type { BrokerConfig } from '../../common/config';
import { ConfigError, listenerSettings, type ListenerSettings } from '../../common/config';
import type { KafkaPrincipal } from '../../common/kafka-principal';
import type { Logger } from '../../common/logger';
import type { BrokerClientSecurity, BrokerConnectionOptions } from '../../network/broker-connection';
import type { ListenerEndpoint } from '../../network/listener';
import {
  createSaslClient,
  createSaslServer,
  isSupportedSaslMechanism,
  jaasOption,
  parseJaasConfigEntries,
  plainUsersFromJaas,
  saslAuthenticateFailure,
  ScramCredentialCache,
  type JaasConfigEntry,
  type SaslMechanismName,
} from '../../security/sasl';
import {
  buildClientTlsOptions,
  buildServerTlsOptions,
  SslPrincipalMapper,
  sslPrincipal,
  sslSettingsFromConfig,
} from '../../security/ssl';
import type { SaslListenerSettings } from '../sasl/sasl-authenticator';

export interface BrokerSecurity {
  /** The listeners to bind, with their security protocol and TLS options. */
  readonly listeners: ListenerEndpoint[];
  readonly principalForCertificate: (listenerName: string, certificate: PeerCertificate) => KafkaPrincipal;
  /** SASL_PLAINTEXT and SASL_SSL listeners by name. */
  readonly saslListeners: ReadonlyMap<string, SaslListenerSettings>;
  /** Fed by DynamicConfigManager from /config/users/<user>. */
  readonly scramCredentials: ScramCredentialCache;
  /** How this broker reaches the others' inter-broker listener; undefined for PLAINTEXT. */
  readonly interBrokerClient: BrokerClientSecurity | undefined;
}

const isTls = (protocol: string) => protocol === 'SSL' || protocol === 'SASL_SSL';
const isSasl = (protocol: string) => protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';

export function buildBrokerSecurity(config: BrokerConfig, logger: Logger): BrokerSecurity {
  const warn = (message: string) => logger.warn(message);
  const settingsOf = new Map(config.listeners.map((l) => [l.name, listenerSettings(config, l.name)]));
  const jaasByListener = new Map<string, Map<SaslMechanismName, JaasConfigEntry[]>>();
  const mechanismsByListener = new Map<string, SaslMechanismName[]>();

  if (config.originals['sasl.jaas.config'] !== undefined && config.listeners.some((l) => isSasl(l.securityProtocol))) {
    logger.warn('Server config sasl.jaas.config should be prefixed with SASL mechanism name, ignoring config');
  }
  for (const listener of config.listeners) {
    if (!isSasl(listener.securityProtocol)) continue;
    const settings = settingsOf.get(listener.name)!;
    const mechanisms = enabledMechanisms(settings);
    mechanismsByListener.set(listener.name, mechanisms);
    jaasByListener.set(listener.name, new Map(mechanisms.map((m) => [m, jaasEntries(settings, m)])));
  }
  const scramCredentials = new ScramCredentialCache(new Set([...mechanismsByListener.values()].flat()), logger);
  const saslListeners = new Map<string, SaslListenerSettings>();
  for (const [name, mechanisms] of mechanismsByListener) {
    saslListeners.set(name, saslListener(settingsOf.get(name)!, mechanisms, jaasByListener.get(name)!, scramCredentials));
  }

  const mappers = new Map<string, SslPrincipalMapper>();
  const listeners: ListenerEndpoint[] = config.listeners.map((l) => {
    const base = { name: l.name, host: l.host, port: l.port, securityProtocol: l.securityProtocol };
    if (!isTls(l.securityProtocol)) return base;
    const ssl = sslSettingsFromConfig(settingsOf.get(l.name)!.value, '');
    mappers.set(l.name, SslPrincipalMapper.fromRules(ssl.principalMappingRules));
    return { ...base, tls: buildServerTlsOptions(ssl, { warn }) };
  });

  return {
    listeners,
    principalForCertificate: (listenerName, certificate) => sslPrincipal(certificate, mappers.get(listenerName) ?? null),
    saslListeners,
    scramCredentials,
    interBrokerClient: interBrokerClient(config, warn, jaasByListener),
  };
}

function enabledMechanisms(settings: ListenerSettings): SaslMechanismName[] {
  const names = settings.value('sasl.enabled.mechanisms') as string[];
  if (names.length === 0) throw new ConfigError('sasl.enabled.mechanisms', `No SASL mechanisms are enabled for listener ${settings.listenerName}`);
  for (const name of names) {
    if (!isSupportedSaslMechanism(name)) {
      throw new ConfigError(
        'sasl.enabled.mechanisms',
        `SASL mechanism ${name} of listener ${settings.listenerName} is not supported by this broker (it has PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; GSSAPI and OAUTHBEARER are not implemented)`,
      );
    }
  }
  return names as SaslMechanismName[];
}

function jaasEntries(settings: ListenerSettings, mechanism: SaslMechanismName): JaasConfigEntry[] {
  const property = `listener.name.${settings.listenerName.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
  const text = settings.mechanismValue(mechanism, 'sasl.jaas.config');
  if (text === null) {
    throw new ConfigError(
      property,
      `Could not find a '${settings.listenerName.toLowerCase()}.KafkaServer' or 'KafkaServer' entry in the JAAS configuration: set ${property} (JAAS files given with -Djava.security.auth.login.config are not read by this broker)`,
    );
  }
  const entries = parseJaasConfigEntries(text, property);
  if (entries.length !== 1) throw new ConfigError(property, `JAAS config property contains ${entries.length} login modules, should be 1 module`);
  return entries;
}

function saslListener(
  settings: ListenerSettings,
  mechanisms: readonly SaslMechanismName[],
  jaas: ReadonlyMap<SaslMechanismName, JaasConfigEntry[]>,
  scram: ScramCredentialCache,
): SaslListenerSettings {
  const plainUsers = jaas.has('PLAIN') ? plainUsersFromJaas(jaas.get('PLAIN')!) : () => undefined;
  const defaultReauthMs = Number(settings.value('connections.max.reauth.ms'));
  const reauthMs = new Map(
    mechanisms.map((m) => {
      const override = settings.mechanismValue(m, 'connections.max.reauth.ms');
      return [m as string, override === null ? defaultReauthMs : Number(override)];
    }),
  );
  return {
    enabledMechanisms: mechanisms,
    createServer: (mechanism) => createSaslServer(mechanism as SaslMechanismName, { plainUsers, scramCredential: (m, user) => scram.get(m, user) }),
    maxReauthMs: (mechanism) => reauthMs.get(mechanism) ?? 0,
    failureMessage: (error, mechanism, reauthenticating) => {
      const answer = saslAuthenticateFailure(error, mechanism, reauthenticating);
      return answer.respond ? answer.errorMessage : null;
    },
  };
}

function interBrokerClient(
  config: BrokerConfig,
  warn: (message: string) => void,
  jaasByListener: ReadonlyMap<string, ReadonlyMap<SaslMechanismName, JaasConfigEntry[]>>,
): BrokerClientSecurity | undefined {
  const listenerName = config.interBrokerListenerName;
  const protocol = config.interBrokerSecurityProtocol;
  if (protocol === 'PLAINTEXT') return undefined;
  const settings = listenerSettings(config, listenerName);
  const ssl = isTls(protocol) ? sslSettingsFromConfig(settings.value, '') : null;
  // Load the stores once, now, so that a bad store fails the startup rather than the first fetch.
  if (ssl !== null) buildClientTlsOptions(ssl, 'localhost', { warn });
  let sasl: BrokerConnectionOptions['sasl'];
  if (isSasl(protocol)) {
    const mechanism = config.get('sasl.mechanism.inter.broker.protocol') as SaslMechanismName;
    const entries = jaasByListener.get(listenerName)?.get(mechanism);
    const property = `listener.name.${listenerName.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
    const username = entries === undefined ? undefined : jaasOption(entries, 'username');
    const password = entries === undefined ? undefined : jaasOption(entries, 'password');
    if (username === undefined || password === undefined) {
      throw new ConfigError(property, `${property} must give username and password: the broker authenticates with them to the other brokers over ${listenerName}`);
    }
    sasl = { mechanism, createExchange: () => createSaslClient(mechanism, { username, password }) };
  }
  const byHost = new Map<string, ReturnType<BrokerClientSecurity>>();
  return (host) => {
    let options = byHost.get(host);
    if (options === undefined) {
      options = { ...(ssl === null ? {} : { tls: buildClientTlsOptions(ssl, host, { warn }) }), ...(sasl === undefined ? {} : { sasl }) };
      byHost.set(host, options);
    }
    return options;
  };
}
