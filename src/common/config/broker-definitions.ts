// Every property Kafka 2.4.1's KafkaConfig defines (core/src/main/scala/kafka/server/KafkaConfig.scala
// at tag 2.4.1: its ConfigDef and Defaults), with type, default and validator. Facts from Kafka,
// table written here. `ignored: true` marks names we accept (Kafka knows them) but that have no
// effect in this broker yet; the broker warns for each one a user sets.

import { apiVersionProblem, LATEST_API_VERSION } from './api-version';
import { DEFAULT_LISTENER_SECURITY_PROTOCOL_MAP } from './listeners';
import {
  atLeast,
  type ConfigType,
  type ConfigValue,
  DOUBLE_MAX,
  INT_MAX,
  listOf,
  LONG_MAX,
  oneOf,
  type Validator,
} from './config-types';

/** Marks a property with no default that must be set (only zookeeper.connect). */
export const REQUIRED = Symbol('required');

export interface BrokerConfigDefinition {
  name: string;
  type: ConfigType;
  /** Parsed default; null = unset unless given (Kafka's `null` default). */
  default: ConfigValue | typeof REQUIRED;
  validator?: Validator;
  /** Accepted for compatibility with Kafka 2.4.1 but not acted on by this broker (yet). */
  ignored?: boolean;
}

const apiVersion: Validator = { kind: 'custom', check: (v) => apiVersionProblem(String(v)) };

type Options = Pick<BrokerConfigDefinition, 'validator' | 'ignored'>;
const def = (name: string, type: ConfigType, dflt: BrokerConfigDefinition['default'], options: Options = {}): BrokerConfigDefinition => ({
  name,
  type,
  default: dflt,
  ...options,
});
const IGNORED = { ignored: true } as const;
const ignoredAtLeast = (n: number): Options => ({ validator: atLeast(n), ignored: true });
const min = (n: number): Options => ({ validator: atLeast(n) });

export const BROKER_CONFIG_DEFINITIONS: readonly BrokerConfigDefinition[] = [
  // ZooKeeper
  def('zookeeper.connect', 'string', REQUIRED),
  def('zookeeper.session.timeout.ms', 'int', 6000),
  def('zookeeper.connection.timeout.ms', 'int', null), // unset: the session timeout
  def('zookeeper.sync.time.ms', 'int', 2000, IGNORED),
  def('zookeeper.set.acl', 'boolean', false, IGNORED),
  def('zookeeper.max.in.flight.requests', 'int', 10, ignoredAtLeast(1)),

  // General
  def('broker.id.generation.enable', 'boolean', true),
  def('reserved.broker.max.id', 'int', 1000, min(0)),
  def('broker.id', 'int', -1),
  def('message.max.bytes', 'int', 1000012, min(0)), // 1000000 + LOG_OVERHEAD (12)
  def('num.network.threads', 'int', 3, ignoredAtLeast(1)),
  def('num.io.threads', 'int', 8, ignoredAtLeast(1)),
  def('num.replica.alter.log.dirs.threads', 'int', null, IGNORED),
  def('background.threads', 'int', 10, ignoredAtLeast(1)),
  def('queued.max.requests', 'int', 500, ignoredAtLeast(1)),
  def('queued.max.request.bytes', 'long', -1, IGNORED),
  def('request.timeout.ms', 'int', 30000),

  // Authorizer
  def('authorizer.class.name', 'string', ''),

  // Socket server
  def('port', 'int', 9092), // deprecated: used only when listeners is unset
  def('host.name', 'string', ''), // deprecated, likewise
  def('listeners', 'string', null),
  def('advertised.host.name', 'string', null),
  def('advertised.port', 'int', null),
  def('advertised.listeners', 'string', null),
  def('listener.security.protocol.map', 'string', DEFAULT_LISTENER_SECURITY_PROTOCOL_MAP),
  def('control.plane.listener.name', 'string', null),
  def('socket.send.buffer.bytes', 'int', 102400, IGNORED),
  def('socket.receive.buffer.bytes', 'int', 102400, IGNORED),
  def('socket.request.max.bytes', 'int', 104857600, min(1)),
  def('max.connections.per.ip', 'int', INT_MAX, min(0)),
  def('max.connections.per.ip.overrides', 'string', ''),
  def('max.connections', 'int', INT_MAX, min(0)),
  def('connections.max.idle.ms', 'long', 600000),
  def('connection.failed.authentication.delay.ms', 'int', 100, ignoredAtLeast(0)),

  // Rack
  def('broker.rack', 'string', null),

  // Log
  def('num.partitions', 'int', 1, min(1)),
  def('log.dir', 'string', '/tmp/kafka-logs'),
  def('log.dirs', 'string', null),
  def('log.segment.bytes', 'int', 1073741824, min(14)), // LegacyRecord.RECORD_OVERHEAD_V0
  def('log.roll.ms', 'long', null),
  def('log.roll.hours', 'int', 168, min(1)),
  def('log.roll.jitter.ms', 'long', null),
  def('log.roll.jitter.hours', 'int', 0, min(0)),
  def('log.retention.ms', 'long', null),
  def('log.retention.minutes', 'int', null),
  def('log.retention.hours', 'int', 168),
  def('log.retention.bytes', 'long', -1),
  def('log.retention.check.interval.ms', 'long', 300000, min(1)),
  def('log.cleanup.policy', 'list', ['delete'], { validator: listOf('compact', 'delete') }),
  def('log.cleaner.threads', 'int', 1, min(0)),
  def('log.cleaner.io.max.bytes.per.second', 'double', DOUBLE_MAX),
  def('log.cleaner.dedupe.buffer.size', 'long', 134217728),
  def('log.cleaner.io.buffer.size', 'int', 524288, min(0)),
  def('log.cleaner.io.buffer.load.factor', 'double', 0.9),
  def('log.cleaner.backoff.ms', 'long', 15000, min(0)),
  def('log.cleaner.min.cleanable.ratio', 'double', 0.5),
  def('log.cleaner.enable', 'boolean', true),
  def('log.cleaner.delete.retention.ms', 'long', 86400000),
  def('log.cleaner.min.compaction.lag.ms', 'long', 0),
  def('log.cleaner.max.compaction.lag.ms', 'long', LONG_MAX),
  def('log.index.size.max.bytes', 'int', 10485760, min(4)),
  def('log.index.interval.bytes', 'int', 4096, min(0)),
  def('log.flush.interval.messages', 'long', LONG_MAX, min(1)),
  def('log.segment.delete.delay.ms', 'long', 60000, min(0)),
  def('log.flush.scheduler.interval.ms', 'long', LONG_MAX),
  def('log.flush.interval.ms', 'long', null), // unset: log.flush.scheduler.interval.ms
  def('log.flush.offset.checkpoint.interval.ms', 'int', 60000, min(0)),
  def('log.flush.start.offset.checkpoint.interval.ms', 'int', 60000, min(0)),
  def('log.preallocate', 'boolean', false),
  def('num.recovery.threads.per.data.dir', 'int', 1, ignoredAtLeast(1)),
  def('auto.create.topics.enable', 'boolean', true),
  def('min.insync.replicas', 'int', 1, min(1)),
  def('log.message.format.version', 'string', LATEST_API_VERSION, { validator: apiVersion }),
  def('log.message.timestamp.type', 'string', 'CreateTime', { validator: oneOf('CreateTime', 'LogAppendTime') }),
  def('log.message.timestamp.difference.max.ms', 'long', LONG_MAX),
  def('create.topic.policy.class.name', 'class', null, IGNORED),
  def('alter.config.policy.class.name', 'class', null, IGNORED),
  def('log.message.downconversion.enable', 'boolean', true),

  // Replication
  def('controller.socket.timeout.ms', 'int', 30000),
  def('default.replication.factor', 'int', 1),
  def('replica.lag.time.max.ms', 'long', 10000),
  def('replica.socket.timeout.ms', 'int', 30000),
  def('replica.socket.receive.buffer.bytes', 'int', 65536, IGNORED),
  def('replica.fetch.max.bytes', 'int', 1048576, min(0)),
  def('replica.fetch.wait.max.ms', 'int', 500),
  def('replica.fetch.backoff.ms', 'int', 1000, min(0)),
  def('replica.fetch.min.bytes', 'int', 1),
  def('replica.fetch.response.max.bytes', 'int', 10485760, min(0)),
  def('num.replica.fetchers', 'int', 1),
  def('replica.high.watermark.checkpoint.interval.ms', 'long', 5000),
  def('fetch.purgatory.purge.interval.requests', 'int', 1000, IGNORED),
  def('producer.purgatory.purge.interval.requests', 'int', 1000, IGNORED),
  def('delete.records.purgatory.purge.interval.requests', 'int', 1, IGNORED),
  def('auto.leader.rebalance.enable', 'boolean', true),
  def('leader.imbalance.per.broker.percentage', 'int', 10),
  def('leader.imbalance.check.interval.seconds', 'long', 300),
  def('unclean.leader.election.enable', 'boolean', false),
  def('security.inter.broker.protocol', 'string', 'PLAINTEXT'),
  def('inter.broker.protocol.version', 'string', LATEST_API_VERSION, { validator: apiVersion }),
  def('inter.broker.listener.name', 'string', null),
  def('replica.selector.class', 'string', null, IGNORED),

  // Controlled shutdown
  def('controlled.shutdown.max.retries', 'int', 3),
  def('controlled.shutdown.retry.backoff.ms', 'long', 5000),
  def('controlled.shutdown.enable', 'boolean', true),

  // Group coordinator
  def('group.min.session.timeout.ms', 'int', 6000),
  def('group.max.session.timeout.ms', 'int', 1800000),
  def('group.initial.rebalance.delay.ms', 'int', 3000),
  def('group.max.size', 'int', INT_MAX, min(1)),

  // Offset management
  def('offset.metadata.max.bytes', 'int', 4096),
  def('offsets.load.buffer.size', 'int', 5242880, min(1)),
  def('offsets.topic.replication.factor', 'short', 3, min(1)),
  def('offsets.topic.num.partitions', 'int', 50, min(1)),
  def('offsets.topic.segment.bytes', 'int', 104857600, min(1)),
  def('offsets.topic.compression.codec', 'int', 0),
  def('offsets.retention.minutes', 'int', 10080, min(1)),
  def('offsets.retention.check.interval.ms', 'long', 600000, min(1)),
  def('offsets.commit.timeout.ms', 'int', 5000, min(1)),
  def('offsets.commit.required.acks', 'short', -1),
  def('delete.topic.enable', 'boolean', true),
  def('compression.type', 'string', 'producer'),

  // Transaction management
  def('transactional.id.expiration.ms', 'int', 604800000, min(1)),
  def('transaction.max.timeout.ms', 'int', 900000, min(1)),
  def('transaction.state.log.min.isr', 'int', 2, min(1)),
  def('transaction.state.log.load.buffer.size', 'int', 5242880, min(1)),
  def('transaction.state.log.replication.factor', 'short', 3, min(1)),
  def('transaction.state.log.num.partitions', 'int', 50, min(1)),
  def('transaction.state.log.segment.bytes', 'int', 104857600, min(1)),
  def('transaction.abort.timed.out.transaction.cleanup.interval.ms', 'int', 60000, min(1)),
  def('transaction.remove.expired.transaction.cleanup.interval.ms', 'int', 3600000, min(1)),

  // Fetch sessions
  def('max.incremental.fetch.session.cache.slots', 'int', 1000, min(0)),

  // Kafka metrics and Yammer reporters
  def('metrics.num.samples', 'int', 2, ignoredAtLeast(1)),
  def('metrics.sample.window.ms', 'long', 30000, ignoredAtLeast(1)),
  def('metric.reporters', 'list', [], IGNORED),
  def('metrics.recording.level', 'string', 'INFO', IGNORED),
  def('kafka.metrics.reporters', 'list', [], IGNORED),
  def('kafka.metrics.polling.interval.secs', 'int', 10, ignoredAtLeast(1)),

  // Quotas
  def('quota.producer.default', 'long', LONG_MAX, min(1)),
  def('quota.consumer.default', 'long', LONG_MAX, min(1)),
  def('quota.window.num', 'int', 11, min(1)),
  def('replication.quota.window.num', 'int', 11, min(1)),
  def('alter.log.dirs.replication.quota.window.num', 'int', 11, min(1)),
  def('quota.window.size.seconds', 'int', 1, min(1)),
  def('replication.quota.window.size.seconds', 'int', 1, min(1)),
  def('alter.log.dirs.replication.quota.window.size.seconds', 'int', 1, min(1)),
  def('client.quota.callback.class', 'class', null, IGNORED),

  // General security
  def('connections.max.reauth.ms', 'long', 0),
  def('security.providers', 'string', null, IGNORED),

  // SSL (the JVM defaults for the key/trust manager algorithms are SunX509 and PKIX)
  def('principal.builder.class', 'class', null, IGNORED),
  def('ssl.protocol', 'string', 'TLS', IGNORED),
  def('ssl.provider', 'string', null, IGNORED),
  def('ssl.enabled.protocols', 'list', ['TLSv1.2', 'TLSv1.1', 'TLSv1']),
  def('ssl.keystore.type', 'string', 'JKS'),
  def('ssl.keystore.location', 'string', null),
  def('ssl.keystore.password', 'password', null),
  def('ssl.key.password', 'password', null),
  def('ssl.truststore.type', 'string', 'JKS'),
  def('ssl.truststore.location', 'string', null),
  def('ssl.truststore.password', 'password', null),
  def('ssl.keymanager.algorithm', 'string', 'SunX509', IGNORED),
  def('ssl.trustmanager.algorithm', 'string', 'PKIX', IGNORED),
  def('ssl.endpoint.identification.algorithm', 'string', 'https'),
  def('ssl.secure.random.implementation', 'string', null, IGNORED),
  def('ssl.client.auth', 'string', 'none', { validator: oneOf('required', 'requested', 'none') }),
  def('ssl.cipher.suites', 'list', []),
  def('ssl.principal.mapping.rules', 'string', 'DEFAULT'),

  // SASL
  def('sasl.mechanism.inter.broker.protocol', 'string', 'GSSAPI'),
  def('sasl.jaas.config', 'password', null, IGNORED),
  def('sasl.enabled.mechanisms', 'list', ['GSSAPI']),
  def('sasl.server.callback.handler.class', 'class', null, IGNORED),
  def('sasl.client.callback.handler.class', 'class', null, IGNORED),
  def('sasl.login.class', 'class', null, IGNORED),
  def('sasl.login.callback.handler.class', 'class', null, IGNORED),
  def('sasl.kerberos.service.name', 'string', null, IGNORED),
  def('sasl.kerberos.kinit.cmd', 'string', '/usr/bin/kinit', IGNORED),
  def('sasl.kerberos.ticket.renew.window.factor', 'double', 0.8, IGNORED),
  def('sasl.kerberos.ticket.renew.jitter', 'double', 0.05, IGNORED),
  def('sasl.kerberos.min.time.before.relogin', 'long', 60000, IGNORED),
  def('sasl.kerberos.principal.to.local.rules', 'list', ['DEFAULT'], IGNORED),
  def('sasl.login.refresh.window.factor', 'double', 0.8, IGNORED),
  def('sasl.login.refresh.window.jitter', 'double', 0.05, IGNORED),
  def('sasl.login.refresh.min.period.seconds', 'short', 60, IGNORED),
  def('sasl.login.refresh.buffer.seconds', 'short', 300, IGNORED),

  // Delegation tokens
  def('delegation.token.master.key', 'password', null, IGNORED),
  def('delegation.token.max.lifetime.ms', 'long', 604800000, ignoredAtLeast(1)),
  def('delegation.token.expiry.time.ms', 'long', 86400000, ignoredAtLeast(1)),
  def('delegation.token.expiry.check.interval.ms', 'long', 3600000, ignoredAtLeast(1)),

  // Password encryption for dynamic configs
  def('password.encoder.secret', 'password', null, IGNORED),
  def('password.encoder.old.secret', 'password', null, IGNORED),
  def('password.encoder.keyfactory.algorithm', 'string', null, IGNORED),
  def('password.encoder.cipher.algorithm', 'string', 'AES/CBC/PKCS5Padding', IGNORED),
  def('password.encoder.key.length', 'int', 128, ignoredAtLeast(8)),
  def('password.encoder.iterations', 'int', 4096, ignoredAtLeast(1024)),
];

export const BROKER_CONFIG_BY_NAME: ReadonlyMap<string, BrokerConfigDefinition> = new Map(BROKER_CONFIG_DEFINITIONS.map((d) => [d.name, d]));

/** Names accepted but without effect in this broker yet (for the startup warning). */
export const IGNORED_BROKER_CONFIGS: readonly string[] = BROKER_CONFIG_DEFINITIONS.filter((d) => d.ignored).map((d) => d.name);

// Security settings Kafka also accepts per listener as listener.name.<listener>.<setting>
// (SASL ones also as listener.name.<listener>.<mechanism>.<setting>), plus the per-listener
// max.connections of KIP-402. Each is live or ignored as its unprefixed setting is.
const PER_LISTENER_SETTINGS = new Set([
  ...BROKER_CONFIG_DEFINITIONS.filter((d) => d.name.startsWith('ssl.') || d.name.startsWith('sasl.')).map((d) => d.name),
  'connections.max.reauth.ms',
  'principal.builder.class',
  'max.connections',
]);
const LISTENER_PREFIXED = /^listener\.name\.([^.]+)\.(?:([^.]+)\.)?(.+)$/;

/** The setting a listener.name.<listener>.[<mechanism>.]<security setting> name overrides, or null. */
export function listenerPrefixedSetting(name: string): string | null {
  const m = LISTENER_PREFIXED.exec(name);
  if (!m) return null;
  const [, , mechanism, rest] = m;
  if (mechanism === undefined) return PER_LISTENER_SETTINGS.has(rest!) ? rest! : null;
  if (PER_LISTENER_SETTINGS.has(`${mechanism}.${rest}`)) return `${mechanism}.${rest}`;
  return rest!.startsWith('sasl.') && PER_LISTENER_SETTINGS.has(rest!) ? rest! : null;
}

/** True for listener.name.<listener>.[<mechanism>.]<security setting>. */
export function isListenerPrefixedConfig(name: string): boolean {
  return listenerPrefixedSetting(name) !== null;
}

/** A listener.name.<listener>.<mechanism>.sasl.jaas.config is what brokers read JAAS from (not ignored). */
export function isIgnoredListenerPrefixedConfig(name: string): boolean {
  const setting = listenerPrefixedSetting(name);
  if (setting === null || /^listener\.name\.[^.]+\.[^.]+\.sasl\.jaas\.config$/.test(name)) return false;
  return BROKER_CONFIG_BY_NAME.get(setting)?.ignored === true;
}
