// Broker configuration (server.properties) parsed and validated as Kafka 2.4.1's KafkaConfig does:
// an invalid value of a known property is an error naming it; a name Kafka 2.4.1 does not define
// is kept in `originals` for whatever component reads it, and `unknownPropertyWarnings` says so
// (with a "did you mean" for near-misses). Names Kafka knows but this broker does not act on yet
// are accepted too; `ignoredPropertiesSet` lists the ones a user set so the broker can warn.

import { minVersionForRecordVersion, parseApiVersion, type ApiVersion } from './api-version';
import { ConfigError } from './config-error';
import { BROKER_CONFIG_BY_NAME, isIgnoredListenerPrefixedConfig, isListenerPrefixedConfig, REQUIRED, type BrokerConfigDefinition } from './broker-definitions';
import { BROKER_EXTENSION_BY_NAME } from './extension-definitions';
import { parseTyped, validate, type ConfigValue } from './config-types';
import { logFlushIntervalMs, logRetentionTimeMs, logRollTimeJitterMs, logRollTimeMs, type ValueGetter } from './derived-values';
import { parseCsvList, parseCsvMap, parseListeners, parseListenerSecurityProtocolMap, parseSecurityProtocol, type EndPoint, type SecurityProtocol } from './listeners';
import { unknownPropertyWarning } from './unknown-properties';
import { parseZkConnect, type ZkConnect } from './zk-connect';

export type { EndPoint, SecurityProtocol } from './listeners';

/** Kafka's BrokerCompressionCodec names, in its order. */
export const BROKER_COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;
export type BrokerCompressionType = (typeof BROKER_COMPRESSION_TYPES)[number];
/** offsets.topic.compression.codec ids (CompressionCodec.getCompressionCodec). */
const COMPRESSION_CODEC_IDS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

export interface BrokerConfig {
  // ZooKeeper
  readonly zkConnect: string;
  /** zookeeper.connect split into hosts and chroot. */
  readonly zk: ZkConnect;
  readonly zkSessionTimeoutMs: number;
  /** zookeeper.connection.timeout.ms, or the session timeout when unset. */
  readonly zkConnectionTimeoutMs: number;
  // General
  /** -1 asks for a generated id (needs broker.id.generation.enable; handled at startup). */
  readonly brokerId: number;
  readonly brokerIdGenerationEnable: boolean;
  readonly maxReservedBrokerId: number;
  readonly messageMaxBytes: number;
  readonly requestTimeoutMs: number;
  // Network
  readonly listeners: readonly EndPoint[];
  /** advertised.listeners, else advertised.host.name/port, else listeners. Empty host = see endpointsForRegistration. */
  readonly advertisedListeners: readonly EndPoint[];
  readonly listenerSecurityProtocolMap: ReadonlyMap<string, SecurityProtocol>;
  readonly interBrokerListenerName: string;
  readonly interBrokerSecurityProtocol: SecurityProtocol;
  readonly controlPlaneListenerName: string | null;
  readonly socketRequestMaxBytes: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  readonly maxConnectionsPerIpOverrides: ReadonlyMap<string, number>;
  readonly connectionsMaxIdleMs: number;
  readonly rack: string | null;
  // Log
  readonly logDirs: readonly string[];
  readonly numPartitions: number;
  readonly logSegmentBytes: number;
  readonly logRollTimeMs: number;
  readonly logRollTimeJitterMs: number;
  readonly logRetentionTimeMs: number;
  readonly logRetentionBytes: number;
  readonly logRetentionCheckIntervalMs: number;
  readonly logCleanupPolicy: readonly string[];
  readonly logIndexSizeMaxBytes: number;
  readonly logIndexIntervalBytes: number;
  readonly logFlushIntervalMessages: number;
  readonly logFlushIntervalMs: number;
  readonly logFlushSchedulerIntervalMs: number;
  readonly logFlushOffsetCheckpointIntervalMs: number;
  readonly logFlushStartOffsetCheckpointIntervalMs: number;
  readonly logDeleteDelayMs: number;
  readonly logPreallocate: boolean;
  /** Normalised full version, e.g. "2.4-IV1". */
  readonly logMessageFormatVersion: string;
  readonly logMessageTimestampType: 'CreateTime' | 'LogAppendTime';
  readonly logMessageTimestampDifferenceMaxMs: number;
  readonly logMessageDownConversionEnable: boolean;
  readonly autoCreateTopicsEnable: boolean;
  readonly deleteTopicEnable: boolean;
  readonly minInsyncReplicas: number;
  /** Lower-cased. */
  readonly compressionType: BrokerCompressionType;
  // Replication and controller
  readonly defaultReplicationFactor: number;
  readonly controllerSocketTimeoutMs: number;
  readonly replicaLagTimeMaxMs: number;
  readonly replicaSocketTimeoutMs: number;
  readonly replicaFetchMaxBytes: number;
  readonly replicaFetchWaitMaxMs: number;
  readonly replicaFetchMinBytes: number;
  readonly replicaFetchResponseMaxBytes: number;
  readonly replicaFetchBackoffMs: number;
  readonly numReplicaFetchers: number;
  readonly replicaHighWatermarkCheckpointIntervalMs: number;
  readonly autoLeaderRebalanceEnable: boolean;
  readonly leaderImbalancePerBrokerPercentage: number;
  readonly leaderImbalanceCheckIntervalSeconds: number;
  readonly uncleanLeaderElectionEnable: boolean;
  /** Normalised full version, e.g. "2.4-IV1". */
  readonly interBrokerProtocolVersion: string;
  readonly controlledShutdownEnable: boolean;
  readonly controlledShutdownMaxRetries: number;
  readonly controlledShutdownRetryBackoffMs: number;
  // Group coordinator and offsets
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMaxSize: number;
  readonly offsetMetadataMaxBytes: number;
  readonly offsetsLoadBufferSize: number;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicNumPartitions: number;
  readonly offsetsTopicSegmentBytes: number;
  /** Codec id 0..4 (none, gzip, snappy, lz4, zstd). */
  readonly offsetsTopicCompressionCodec: number;
  readonly offsetsRetentionMinutes: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly offsetsCommitTimeoutMs: number;
  readonly offsetsCommitRequiredAcks: number;
  // Transactions and fetch sessions
  readonly transactionalIdExpirationMs: number;
  readonly transactionMaxTimeoutMs: number;
  readonly transactionStateLogMinIsr: number;
  readonly transactionStateLogLoadBufferSize: number;
  readonly transactionStateLogReplicationFactor: number;
  readonly transactionStateLogNumPartitions: number;
  readonly transactionStateLogSegmentBytes: number;
  readonly transactionAbortTimedOutTransactionCleanupIntervalMs: number;
  readonly transactionRemoveExpiredTransactionCleanupIntervalMs: number;
  readonly maxIncrementalFetchSessionCacheSlots: number;
  // This broker's own (extension-definitions.ts)
  /** metrics.prometheus.port: where /metrics is served; null: not served. */
  readonly metricsPrometheusPort: number | null;
  readonly metricsPrometheusHost: string;

  /** Any defined property's parsed value (default when unset; null when unset without default). */
  get(name: string): ConfigValue;
  /** The properties as given. */
  readonly originals: Readonly<Record<string, string>>;
  /** Properties the user set that this broker accepts but ignores (warn about each). */
  ignoredPropertiesSet(): string[];
  /** One warning per property name Kafka 2.4.1 does not define (the broker starts anyway). */
  unknownPropertyWarnings(): string[];
}

function definition(name: string): BrokerConfigDefinition {
  const d = BROKER_CONFIG_BY_NAME.get(name) ?? BROKER_EXTENSION_BY_NAME.get(name);
  if (!d) throw new Error(`no broker config definition for ${name}`);
  return d;
}

/** One property: its given value parsed and validated, else its default. */
function valueOf(d: BrokerConfigDefinition, raw: string | undefined): ConfigValue {
  if (raw === undefined) {
    if (d.default === REQUIRED) throw new ConfigError(d.name, `Missing required configuration "${d.name}" which has no default value.`);
    return d.default;
  }
  const value = parseTyped(d.name, raw, d.type);
  if (d.validator) validate(d.name, value, d.validator);
  return value;
}

/** A lazy, memoised getter over raw properties (used by the log-only topic defaults path). */
export function brokerValueGetter(props: Record<string, string>): ValueGetter {
  const cache = new Map<string, ConfigValue>();
  return (name) => {
    if (!cache.has(name)) cache.set(name, valueOf(definition(name), Object.prototype.hasOwnProperty.call(props, name) ? props[name] : undefined));
    return cache.get(name)!;
  };
}

function isKnownName(name: string): boolean {
  return BROKER_CONFIG_BY_NAME.has(name) || BROKER_EXTENSION_BY_NAME.has(name) || isListenerPrefixedConfig(name);
}

/** What kafka.security.auth.SimpleAclAuthorizer reads from the broker's properties. */
const AUTHORIZER_PROPERTIES = ['super.users', 'allow.everyone.if.no.acl.found'];

/** Kafka's `require(...)` in validateValues, naming the property to fix. */
function check(condition: boolean, property: string, message: string): void {
  if (!condition) throw new ConfigError(property, message);
}

/** Parses and validates broker properties (server.properties) into a BrokerConfig. */
export function parseBrokerConfig(props: Record<string, string>): BrokerConfig {
  const values = new Map<string, ConfigValue>();
  for (const d of [...BROKER_CONFIG_BY_NAME.values(), ...BROKER_EXTENSION_BY_NAME.values()]) {
    values.set(d.name, valueOf(d, Object.prototype.hasOwnProperty.call(props, d.name) ? props[d.name] : undefined));
  }
  const get: ValueGetter = (name) => {
    if (!values.has(name)) throw new Error(`unknown broker config ${name}`);
    return values.get(name)!;
  };
  const int = (name: string) => get(name) as number;
  const bool = (name: string) => get(name) as boolean;
  const str = (name: string) => get(name) as string | null;
  const isSet = (name: string) => Object.prototype.hasOwnProperty.call(props, name);

  // --- broker id
  const brokerId = int('broker.id');
  if (bool('broker.id.generation.enable')) {
    check(brokerId >= -1 && brokerId <= int('reserved.broker.max.id'), 'broker.id', 'broker.id must be equal or greater than -1 and not greater than reserved.broker.max.id');
  } else {
    check(brokerId >= 0, 'broker.id', 'broker.id must be equal or greater than 0');
  }

  // --- log times and dirs
  const roll = logRollTimeMs(get);
  check(roll.value >= 1, roll.source, 'log.roll.ms must be equal or greater than 1');
  const jitter = logRollTimeJitterMs(get);
  check(jitter.value >= 0, jitter.source, 'log.roll.jitter.ms must be equal or greater than 0');
  const retention = logRetentionTimeMs(get);
  check(retention.value >= 1 || retention.value === -1, retention.source, 'log.retention.ms must be unlimited (-1) or, equal or greater than 1');
  const logDirs = parseCsvList(str('log.dirs') ?? str('log.dir')!);
  check(logDirs.length > 0, isSet('log.dirs') ? 'log.dirs' : 'log.dir', 'At least one log directory must be defined via log.dirs or log.dir.');
  // Kafka divides by the thread count; with 0 threads (allowed by its validator) it would fail
  // with a division by zero, so we only check when there are cleaner threads.
  const cleanerThreads = int('log.cleaner.threads');
  if (cleanerThreads > 0) {
    check(Math.floor(int('log.cleaner.dedupe.buffer.size') / cleanerThreads) > 1024 * 1024, 'log.cleaner.dedupe.buffer.size', 'log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.');
  }

  // --- replication timing
  check(int('replica.fetch.wait.max.ms') <= int('replica.socket.timeout.ms'), 'replica.socket.timeout.ms', 'replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms to prevent unnecessary socket timeouts');
  check(int('replica.fetch.wait.max.ms') <= int('replica.lag.time.max.ms'), 'replica.fetch.wait.max.ms', 'replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms to prevent frequent changes in ISR');
  const requiredAcks = int('offsets.commit.required.acks');
  check(requiredAcks >= -1 && requiredAcks <= int('offsets.topic.replication.factor'), 'offsets.commit.required.acks', 'offsets.commit.required.acks must be greater or equal -1 and less or equal to offsets.topic.replication.factor');

  // --- compression
  const compressionType = str('compression.type')!.toLowerCase();
  check((BROKER_COMPRESSION_TYPES as readonly string[]).includes(compressionType), 'compression.type', `compression.type : ${str('compression.type')} is not valid. Valid options are ${BROKER_COMPRESSION_TYPES.join(',')}`);
  const offsetsCodec = int('offsets.topic.compression.codec');
  if (offsetsCodec < 0 || offsetsCodec >= COMPRESSION_CODEC_IDS.length) throw ConfigError.invalid('offsets.topic.compression.codec', offsetsCodec, `${offsetsCodec} is an unknown compression codec`);

  // --- listeners
  const protocolMap = parseListenerSecurityProtocolMap(str('listener.security.protocol.map')!);
  const listeners = isSet('listeners')
    ? parseListeners(str('listeners')!, protocolMap, 'listeners')
    : parseListeners(`PLAINTEXT://${str('host.name')}:${int('port')}`, protocolMap, 'listeners');
  let advertisedListeners: EndPoint[];
  if (isSet('advertised.listeners')) advertisedListeners = parseListeners(str('advertised.listeners')!, protocolMap, 'advertised.listeners');
  else if (isSet('advertised.host.name') || isSet('advertised.port')) {
    const host = str('advertised.host.name') ?? str('host.name');
    const port = (get('advertised.port') as number | null) ?? int('port');
    advertisedListeners = parseListeners(`PLAINTEXT://${host}:${port}`, protocolMap, 'advertised.listeners');
  } else advertisedListeners = listeners.map((e) => ({ ...e }));

  let interBrokerListenerName: string;
  let interBrokerSecurityProtocol: SecurityProtocol;
  const ibListener = str('inter.broker.listener.name');
  if (ibListener !== null) {
    check(!isSet('security.inter.broker.protocol'), 'inter.broker.listener.name', 'Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.');
    interBrokerListenerName = ibListener.toUpperCase();
    const protocol = protocolMap.get(interBrokerListenerName);
    if (protocol === undefined) throw new ConfigError('inter.broker.listener.name', `Listener with name ${interBrokerListenerName} defined in inter.broker.listener.name not found in listener.security.protocol.map.`);
    interBrokerSecurityProtocol = protocol;
  } else {
    interBrokerSecurityProtocol = parseSecurityProtocol(str('security.inter.broker.protocol')!, 'security.inter.broker.protocol');
    interBrokerListenerName = interBrokerSecurityProtocol;
  }
  const advertisedNames = new Set(advertisedListeners.map((e) => e.name));
  const listenerNames = new Set(listeners.map((e) => e.name));
  const ibProperty = ibListener !== null ? 'inter.broker.listener.name' : 'security.inter.broker.protocol';
  check(advertisedNames.has(interBrokerListenerName), ibProperty, `inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options based on currently configured listeners are ${[...advertisedNames].join(',')}`);
  check([...advertisedNames].every((n) => listenerNames.has(n)), 'advertised.listeners', `advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. Found ${[...advertisedNames].join(',')}. The valid options based on the current configuration are ${[...listenerNames].join(',')}`);
  check(!advertisedListeners.some((e) => e.host === '0.0.0.0'), 'advertised.listeners', 'advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.');

  const cpName = str('control.plane.listener.name');
  const controlPlaneListenerName = cpName === null ? null : cpName.toUpperCase();
  if (controlPlaneListenerName !== null) {
    check(protocolMap.has(controlPlaneListenerName), 'control.plane.listener.name', `Listener with ${controlPlaneListenerName} defined in control.plane.listener.name not found in listener.security.protocol.map.`);
    check(advertisedNames.has(controlPlaneListenerName), 'control.plane.listener.name', `control.plane.listener.name must be a listener name defined in advertised.listeners. The valid options based on currently configured listeners are ${[...advertisedNames].join(',')}`);
    check(controlPlaneListenerName !== interBrokerListenerName, 'control.plane.listener.name', `control.plane.listener.name, when defined, should have a different value from the inter broker listener name. Currently they both have the value ${controlPlaneListenerName}`);
  }

  // --- protocol and message format versions
  const ibp = parseApiVersion(str('inter.broker.protocol.version')!) as ApiVersion;
  const format = parseApiVersion(str('log.message.format.version')!) as ApiVersion;
  check(ibp.recordVersion >= format.recordVersion, 'log.message.format.version', `log.message.format.version ${str('log.message.format.version')} can only be used when inter.broker.protocol.version is set to version ${minVersionForRecordVersion(format.recordVersion)} or higher`);
  if (offsetsCodec === 4) {
    check(ibp.ordinal >= parseApiVersion('2.1-IV0')!.ordinal, 'offsets.topic.compression.codec', 'offsets.topic.compression.codec zstd can only be used when inter.broker.protocol.version is set to version 2.1 or higher');
  }

  // --- SASL between brokers (accepted but unimplemented; Kafka's consistency rules still apply)
  if (interBrokerSecurityProtocol === 'SASL_PLAINTEXT' || interBrokerSecurityProtocol === 'SASL_SSL') {
    const mechanism = str('sasl.mechanism.inter.broker.protocol')!;
    check(ibp.ordinal >= parseApiVersion('0.10.0-IV1')!.ordinal || mechanism === 'GSSAPI', 'sasl.mechanism.inter.broker.protocol', `Only GSSAPI mechanism is supported for inter-broker communication with SASL when inter.broker.protocol.version is set to ${str('inter.broker.protocol.version')}`);
    const override = props[`listener.name.${interBrokerListenerName.toLowerCase()}.sasl.enabled.mechanisms`];
    const enabled = override !== undefined ? (parseTyped('sasl.enabled.mechanisms', override, 'list') as string[]) : (get('sasl.enabled.mechanisms') as string[]);
    check(enabled.includes(mechanism), 'sasl.mechanism.inter.broker.protocol', 'sasl.mechanism.inter.broker.protocol must be included in sasl.enabled.mechanisms when SASL is used for inter-broker communication');
  }

  // --- request and connection limits
  const queuedMaxBytes = int('queued.max.request.bytes');
  check(queuedMaxBytes <= 0 || queuedMaxBytes >= int('socket.request.max.bytes'), 'queued.max.request.bytes', 'queued.max.request.bytes must be larger or equal to socket.request.max.bytes');
  const overrides = new Map<string, number>();
  for (const [host, count] of parseCsvMap(str('max.connections.per.ip.overrides')!, 'max.connections.per.ip.overrides')) {
    const n = parseTyped('max.connections.per.ip.overrides', count, 'int') as number;
    overrides.set(host, n);
  }
  if (int('max.connections.per.ip') === 0) {
    check(overrides.size > 0, 'max.connections.per.ip', 'max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.');
  }
  const badHosts = [...overrides.keys()].filter((h) => !/^[A-Za-z0-9[\].:_-]+$/.test(h));
  check(badHosts.length === 0, 'max.connections.per.ip.overrides', `max.connections.per.ip.overrides contains invalid addresses : ${badHosts.join(',')}`);
  const idleMs = int('connections.max.idle.ms');
  if (idleMs >= 0) {
    const delay = int('connection.failed.authentication.delay.ms');
    check(delay < idleMs, 'connection.failed.authentication.delay.ms', `connection.failed.authentication.delay.ms=${delay} should always be less than connections.max.idle.ms=${idleMs} to prevent failed authentication responses from timing out`);
  }

  const zk = parseZkConnect(str('zookeeper.connect')!);
  const originals = Object.freeze({ ...props });

  return Object.freeze({
    zkConnect: zk.connectString,
    zk,
    zkSessionTimeoutMs: int('zookeeper.session.timeout.ms'),
    zkConnectionTimeoutMs: (get('zookeeper.connection.timeout.ms') as number | null) ?? int('zookeeper.session.timeout.ms'),
    brokerId,
    brokerIdGenerationEnable: bool('broker.id.generation.enable'),
    maxReservedBrokerId: int('reserved.broker.max.id'),
    messageMaxBytes: int('message.max.bytes'),
    requestTimeoutMs: int('request.timeout.ms'),
    listeners,
    advertisedListeners,
    listenerSecurityProtocolMap: protocolMap,
    interBrokerListenerName,
    interBrokerSecurityProtocol,
    controlPlaneListenerName,
    socketRequestMaxBytes: int('socket.request.max.bytes'),
    maxConnections: int('max.connections'),
    maxConnectionsPerIp: int('max.connections.per.ip'),
    maxConnectionsPerIpOverrides: overrides,
    connectionsMaxIdleMs: idleMs,
    rack: str('broker.rack'),
    logDirs,
    numPartitions: int('num.partitions'),
    logSegmentBytes: int('log.segment.bytes'),
    logRollTimeMs: roll.value,
    logRollTimeJitterMs: jitter.value,
    logRetentionTimeMs: retention.value,
    logRetentionBytes: int('log.retention.bytes'),
    logRetentionCheckIntervalMs: int('log.retention.check.interval.ms'),
    logCleanupPolicy: get('log.cleanup.policy') as string[],
    logIndexSizeMaxBytes: int('log.index.size.max.bytes'),
    logIndexIntervalBytes: int('log.index.interval.bytes'),
    logFlushIntervalMessages: int('log.flush.interval.messages'),
    logFlushIntervalMs: logFlushIntervalMs(get),
    logFlushSchedulerIntervalMs: int('log.flush.scheduler.interval.ms'),
    logFlushOffsetCheckpointIntervalMs: int('log.flush.offset.checkpoint.interval.ms'),
    logFlushStartOffsetCheckpointIntervalMs: int('log.flush.start.offset.checkpoint.interval.ms'),
    logDeleteDelayMs: int('log.segment.delete.delay.ms'),
    logPreallocate: bool('log.preallocate'),
    logMessageFormatVersion: format.version,
    logMessageTimestampType: str('log.message.timestamp.type') as 'CreateTime' | 'LogAppendTime',
    logMessageTimestampDifferenceMaxMs: int('log.message.timestamp.difference.max.ms'),
    logMessageDownConversionEnable: bool('log.message.downconversion.enable'),
    autoCreateTopicsEnable: bool('auto.create.topics.enable'),
    deleteTopicEnable: bool('delete.topic.enable'),
    minInsyncReplicas: int('min.insync.replicas'),
    compressionType: compressionType as BrokerCompressionType,
    defaultReplicationFactor: int('default.replication.factor'),
    controllerSocketTimeoutMs: int('controller.socket.timeout.ms'),
    replicaLagTimeMaxMs: int('replica.lag.time.max.ms'),
    replicaSocketTimeoutMs: int('replica.socket.timeout.ms'),
    replicaFetchMaxBytes: int('replica.fetch.max.bytes'),
    replicaFetchWaitMaxMs: int('replica.fetch.wait.max.ms'),
    replicaFetchMinBytes: int('replica.fetch.min.bytes'),
    replicaFetchResponseMaxBytes: int('replica.fetch.response.max.bytes'),
    replicaFetchBackoffMs: int('replica.fetch.backoff.ms'),
    numReplicaFetchers: int('num.replica.fetchers'),
    replicaHighWatermarkCheckpointIntervalMs: int('replica.high.watermark.checkpoint.interval.ms'),
    autoLeaderRebalanceEnable: bool('auto.leader.rebalance.enable'),
    leaderImbalancePerBrokerPercentage: int('leader.imbalance.per.broker.percentage'),
    leaderImbalanceCheckIntervalSeconds: int('leader.imbalance.check.interval.seconds'),
    uncleanLeaderElectionEnable: bool('unclean.leader.election.enable'),
    interBrokerProtocolVersion: ibp.version,
    controlledShutdownEnable: bool('controlled.shutdown.enable'),
    controlledShutdownMaxRetries: int('controlled.shutdown.max.retries'),
    controlledShutdownRetryBackoffMs: int('controlled.shutdown.retry.backoff.ms'),
    groupMinSessionTimeoutMs: int('group.min.session.timeout.ms'),
    groupMaxSessionTimeoutMs: int('group.max.session.timeout.ms'),
    groupInitialRebalanceDelayMs: int('group.initial.rebalance.delay.ms'),
    groupMaxSize: int('group.max.size'),
    offsetMetadataMaxBytes: int('offset.metadata.max.bytes'),
    offsetsLoadBufferSize: int('offsets.load.buffer.size'),
    offsetsTopicReplicationFactor: int('offsets.topic.replication.factor'),
    offsetsTopicNumPartitions: int('offsets.topic.num.partitions'),
    offsetsTopicSegmentBytes: int('offsets.topic.segment.bytes'),
    offsetsTopicCompressionCodec: offsetsCodec,
    offsetsRetentionMinutes: int('offsets.retention.minutes'),
    offsetsRetentionCheckIntervalMs: int('offsets.retention.check.interval.ms'),
    offsetsCommitTimeoutMs: int('offsets.commit.timeout.ms'),
    offsetsCommitRequiredAcks: requiredAcks,
    transactionalIdExpirationMs: int('transactional.id.expiration.ms'),
    transactionMaxTimeoutMs: int('transaction.max.timeout.ms'),
    transactionStateLogMinIsr: int('transaction.state.log.min.isr'),
    transactionStateLogLoadBufferSize: int('transaction.state.log.load.buffer.size'),
    transactionStateLogReplicationFactor: int('transaction.state.log.replication.factor'),
    transactionStateLogNumPartitions: int('transaction.state.log.num.partitions'),
    transactionStateLogSegmentBytes: int('transaction.state.log.segment.bytes'),
    transactionAbortTimedOutTransactionCleanupIntervalMs: int('transaction.abort.timed.out.transaction.cleanup.interval.ms'),
    transactionRemoveExpiredTransactionCleanupIntervalMs: int('transaction.remove.expired.transaction.cleanup.interval.ms'),
    maxIncrementalFetchSessionCacheSlots: int('max.incremental.fetch.session.cache.slots'),
    metricsPrometheusPort: get('metrics.prometheus.port') as number | null,
    metricsPrometheusHost: str('metrics.prometheus.host')!,
    get,
    originals,
    ignoredPropertiesSet: () => Object.keys(originals).filter((n) => BROKER_CONFIG_BY_NAME.get(n)?.ignored === true || isIgnoredListenerPrefixedConfig(n)),
    unknownPropertyWarnings: () =>
      Object.keys(originals)
        // The ACL authorizer reads its own settings from the same file, as Kafka's does.
        .filter((n) => !isKnownName(n) && !(str('authorizer.class.name') && AUTHORIZER_PROPERTIES.includes(n)))
        .map((n) => unknownPropertyWarning(n, [...BROKER_CONFIG_BY_NAME.keys(), ...BROKER_EXTENSION_BY_NAME.keys()])),
  });
}
