// Which configs may change at runtime, and how names relate, as in Kafka 2.4.1: the broker configs
// DynamicBrokerConfig.AllDynamicConfigs lets AlterConfigs change (per broker or cluster-wide),
// the topic-to-broker name synonyms of LogConfig.TopicConfigSynonyms, and the keys DynamicConfig
// accepts for brokers, clients and users (quotas, SCRAM credentials). Facts from Kafka's source
// (core/src/main/scala/kafka/server/DynamicBrokerConfig.scala, DynamicConfig.scala, LogConfig.scala).

import { ConfigError } from './config-error';
import { BROKER_CONFIG_BY_NAME } from './broker-definitions';
import { parseTyped, validate, atLeast, type ConfigType, type Validator } from './config-types';

/** Topic-level name -> the broker-level name it defaults from (LogConfig.TopicConfigSynonyms). */
export const TOPIC_CONFIG_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['segment.bytes', 'log.segment.bytes'],
  ['segment.ms', 'log.roll.ms'],
  ['segment.jitter.ms', 'log.roll.jitter.ms'],
  ['segment.index.bytes', 'log.index.size.max.bytes'],
  ['flush.messages', 'log.flush.interval.messages'],
  ['flush.ms', 'log.flush.interval.ms'],
  ['retention.bytes', 'log.retention.bytes'],
  ['retention.ms', 'log.retention.ms'],
  ['max.message.bytes', 'message.max.bytes'],
  ['index.interval.bytes', 'log.index.interval.bytes'],
  ['delete.retention.ms', 'log.cleaner.delete.retention.ms'],
  ['min.compaction.lag.ms', 'log.cleaner.min.compaction.lag.ms'],
  ['max.compaction.lag.ms', 'log.cleaner.max.compaction.lag.ms'],
  ['file.delete.delay.ms', 'log.segment.delete.delay.ms'],
  ['min.cleanable.dirty.ratio', 'log.cleaner.min.cleanable.ratio'],
  ['cleanup.policy', 'log.cleanup.policy'],
  ['unclean.leader.election.enable', 'unclean.leader.election.enable'],
  ['min.insync.replicas', 'min.insync.replicas'],
  ['compression.type', 'compression.type'],
  ['preallocate', 'log.preallocate'],
  ['message.format.version', 'log.message.format.version'],
  ['message.timestamp.type', 'log.message.timestamp.type'],
  ['message.timestamp.difference.max.ms', 'log.message.timestamp.difference.max.ms'],
  ['message.downconversion.enable', 'log.message.downconversion.enable'],
]);

const SSL_RECONFIGURABLE = [
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.key.password',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
];

const LISTENER_RECONFIGURABLE = [
  'advertised.listeners',
  'listeners',
  'listener.security.protocol.map',
  'principal.builder.class',
  'ssl.protocol',
  'ssl.provider',
  'ssl.cipher.suites',
  'ssl.enabled.protocols',
  ...SSL_RECONFIGURABLE,
  'ssl.keymanager.algorithm',
  'ssl.trustmanager.algorithm',
  'ssl.endpoint.identification.algorithm',
  'ssl.secure.random.implementation',
  'ssl.client.auth',
  'sasl.mechanism.inter.broker.protocol',
  'sasl.jaas.config',
  'sasl.enabled.mechanisms',
  'sasl.kerberos.service.name',
  'sasl.kerberos.kinit.cmd',
  'sasl.kerberos.ticket.renew.window.factor',
  'sasl.kerberos.ticket.renew.jitter',
  'sasl.kerberos.min.time.before.relogin',
  'sasl.kerberos.principal.to.local.rules',
  'sasl.login.refresh.window.factor',
  'sasl.login.refresh.window.jitter',
  'sasl.login.refresh.min.period.seconds',
  'sasl.login.refresh.buffer.seconds',
  'max.connections',
];

/** LogCleaner.ReconfigurableConfigs. */
export const LOG_CLEANER_RECONFIGURABLE = [
  'log.cleaner.threads',
  'log.cleaner.dedupe.buffer.size',
  'log.cleaner.io.buffer.load.factor',
  'log.cleaner.io.buffer.size',
  'message.max.bytes',
  'log.cleaner.io.max.bytes.per.second',
  'log.cleaner.backoff.ms',
];

/** DynamicLogConfig.ReconfigurableConfigs: the broker-level topic defaults, less log.message.format.version. */
export const DYNAMIC_LOG_CONFIGS: ReadonlySet<string> = new Set([...TOPIC_CONFIG_SYNONYMS.values()].filter((n) => n !== 'log.message.format.version'));

/** DynamicBrokerConfig.AllDynamicConfigs. */
export const ALL_DYNAMIC_BROKER_CONFIGS: ReadonlySet<string> = new Set([
  ...SSL_RECONFIGURABLE,
  ...LOG_CLEANER_RECONFIGURABLE,
  ...DYNAMIC_LOG_CONFIGS,
  'num.io.threads',
  'num.network.threads',
  'num.replica.fetchers',
  'num.recovery.threads.per.data.dir',
  'background.threads',
  'metric.reporters',
  ...LISTENER_RECONFIGURABLE,
  'max.connections.per.ip',
  'max.connections.per.ip.overrides',
  'max.connections',
]);

/** Configs only a single broker may take (no cluster-wide default). */
const PER_BROKER_CONFIGS: ReadonlySet<string> = new Set([...SSL_RECONFIGURABLE, ...LISTENER_RECONFIGURABLE].filter((n) => n !== 'max.connections'));

/** DynamicConfig.Broker's own keys, beyond the KafkaConfig ones: replication throttles. */
export const BROKER_QUOTA_CONFIGS = ['leader.replication.throttled.rate', 'follower.replication.throttled.rate', 'replica.alter.log.dirs.io.max.bytes.per.second'];

/** ReplicationQuotaManagerConfig.QuotaBytesPerSecondDefault (Long.MAX_VALUE). */
export const UNLIMITED_RATE = '9223372036854775807';

const LISTENER_CONFIG = /^listener\.name\.[^.]*\.(.*)$/;

/** DynamicBrokerConfig.brokerConfigSynonyms: the names that set the same broker value, most specific first. */
export function brokerConfigSynonyms(name: string, matchListenerOverride: boolean): string[] {
  switch (name) {
    case 'log.roll.ms':
    case 'log.roll.hours':
      return ['log.roll.ms', 'log.roll.hours'];
    case 'log.roll.jitter.ms':
    case 'log.roll.jitter.hours':
      return ['log.roll.jitter.ms', 'log.roll.jitter.hours'];
    case 'log.flush.interval.ms':
      return ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'];
    case 'log.retention.ms':
    case 'log.retention.minutes':
    case 'log.retention.hours':
      return ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];
  }
  const listener = LISTENER_CONFIG.exec(name);
  if (listener !== null && matchListenerOverride) {
    const base = listener[1]!;
    return [name, base.endsWith('sasl.jaas.config') ? 'sasl.jaas.config' : base];
  }
  return [name];
}

/** How Kafka prints a Scala Set in its messages: `Set(a, b)`. */
export function scalaSet(names: Iterable<string>): string {
  return `Set(${[...names].join(', ')})`;
}

function typedDefinition(name: string): { type: ConfigType; validator?: Validator } | undefined {
  if (BROKER_QUOTA_CONFIGS.includes(name)) return { type: 'long', validator: atLeast(0) };
  const definition = BROKER_CONFIG_BY_NAME.get(name);
  return definition !== undefined && ALL_DYNAMIC_BROKER_CONFIGS.has(name) ? definition : undefined;
}

/**
 * DynamicBrokerConfig.validateConfigs: names must be dynamic (or unknown to Kafka, which it lets
 * through), security configs need a listener prefix, values must parse, and per-broker names need
 * a broker id. Throws ConfigError with Kafka's messages.
 */
export function validateDynamicBrokerConfigs(props: ReadonlyMap<string, string>, perBrokerConfig: boolean): void {
  const names = [...props.keys()];
  const check = (invalid: string[], message: string) => {
    if (invalid.length > 0) throw new ConfigError(invalid[0]!, `${message}: ${scalaSet(invalid)}`);
  };
  check(
    names.filter((n) => BROKER_CONFIG_BY_NAME.has(n) && !ALL_DYNAMIC_BROKER_CONFIGS.has(n) && !BROKER_QUOTA_CONFIGS.includes(n)),
    'Cannot update these configs dynamically',
  );
  check(
    names.filter((n) => SSL_RECONFIGURABLE.includes(n)),
    'These security configs can be dynamically updated only per-listener using the listener prefix',
  );
  for (const [name, raw] of props) {
    const baseName = LISTENER_CONFIG.exec(name)?.[1] ?? name;
    const definition = typedDefinition(baseName);
    if (definition === undefined) continue;
    const value = parseTyped(baseName, raw, definition.type);
    if (definition.validator !== undefined) validate(baseName, value, definition.validator);
  }
  if (!perBrokerConfig) {
    check(
      names.filter((n) => PER_BROKER_CONFIGS.has(n) || (LISTENER_CONFIG.test(n) && LISTENER_CONFIG.exec(n)![1] !== 'max.connections')),
      'Cannot update these configs at default cluster level, broker id must be specified',
    );
  }
}

const QUOTA_CONFIGS: ReadonlyArray<readonly [string, ConfigType]> = [
  ['producer_byte_rate', 'long'],
  ['consumer_byte_rate', 'long'],
  ['request_percentage', 'double'],
];
const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** DynamicConfig.Client / DynamicConfig.User validation: only their own keys, values of their types. */
export function validateQuotaEntityConfigs(props: ReadonlyMap<string, string>, entity: 'client' | 'user'): void {
  const known = new Map<string, ConfigType>(QUOTA_CONFIGS);
  if (entity === 'user') for (const mechanism of SCRAM_MECHANISMS) known.set(mechanism, 'password');
  const unknown = [...props.keys()].filter((name) => !known.has(name));
  // Scala's require(): IllegalArgumentException("requirement failed: ...").
  if (unknown.length > 0) throw new ConfigError(unknown[0]!, `requirement failed: Unknown Dynamic Configuration: ${scalaSet(unknown)}.`);
  for (const [name, raw] of props) parseTyped(name, raw, known.get(name)!);
}
