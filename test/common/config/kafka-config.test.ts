import { ConfigError } from '../../../src/common/config/config-error';
import { BROKER_CONFIG_DEFINITIONS, IGNORED_BROKER_CONFIGS } from '../../../src/common/config/broker-definitions';
import { nearMisses } from '../../../src/common/config/unknown-properties';
import { LONG_MAX, Password } from '../../../src/common/config/config-types';
import { parseBrokerConfig } from '../../../src/common/config/kafka-config';
import { parseProperties } from '../../../src/common/config/properties-file';

const ZK = { 'zookeeper.connect': 'localhost:2181' };
const parse = (props: Record<string, string>) => parseBrokerConfig({ ...ZK, ...props });

/** Runs `fn`, expects a ConfigError, returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka 2.4.1 broker config definitions', () => {
  it('defines every KafkaConfig property of 2.4.1, once', () => {
    const names = BROKER_CONFIG_DEFINITIONS.map((d) => d.name);
    expect(names).toHaveLength(192);
    expect(new Set(names).size).toBe(192);
    for (const n of ['zookeeper.connect', 'log.message.downconversion.enable', 'max.incremental.fetch.session.cache.slots', 'password.encoder.iterations', 'control.plane.listener.name', 'replica.selector.class']) {
      expect(names).toContain(n);
    }
    // Added after 2.4: not known to 2.4.1.
    for (const n of ['fetch.max.bytes', 'zookeeper.clientCnxnSocket', 'zookeeper.ssl.client.enable', 'socket.connection.setup.timeout.ms']) {
      expect(names).not.toContain(n);
    }
  });

  it('lists accepted-but-ignored properties', () => {
    for (const n of ['num.network.threads', 'num.io.threads', 'socket.send.buffer.bytes', 'sasl.jaas.config', 'sasl.kerberos.service.name', 'num.recovery.threads.per.data.dir']) {
      expect(IGNORED_BROKER_CONFIGS).toContain(n);
    }
    for (const n of ['broker.id', 'listeners', 'log.dirs', 'zookeeper.connect', 'replica.lag.time.max.ms', 'num.replica.fetchers', 'ssl.keystore.location', 'ssl.client.auth', 'sasl.enabled.mechanisms', 'authorizer.class.name']) {
      expect(IGNORED_BROKER_CONFIGS).not.toContain(n);
    }
  });
});

describe('parseBrokerConfig defaults (Kafka 2.4.1)', () => {
  const c = parse({});
  it('has 2.4.1 defaults', () => {
    expect(c.brokerId).toBe(-1);
    expect(c.brokerIdGenerationEnable).toBe(true);
    expect(c.maxReservedBrokerId).toBe(1000);
    expect(c.zkSessionTimeoutMs).toBe(6000);
    expect(c.zkConnectionTimeoutMs).toBe(6000);
    expect(c.numPartitions).toBe(1);
    expect(c.defaultReplicationFactor).toBe(1);
    expect(c.autoCreateTopicsEnable).toBe(true);
    expect(c.deleteTopicEnable).toBe(true);
    expect(c.logSegmentBytes).toBe(1073741824);
    expect(c.logRetentionBytes).toBe(-1);
    expect(c.logRetentionTimeMs).toBe(168 * 3600000);
    expect(c.logRollTimeMs).toBe(168 * 3600000);
    expect(c.logRollTimeJitterMs).toBe(0);
    expect(c.logRetentionCheckIntervalMs).toBe(300000);
    expect(c.logFlushIntervalMs).toBe(LONG_MAX);
    expect(c.logFlushIntervalMessages).toBe(LONG_MAX);
    expect(c.logDirs).toEqual(['/tmp/kafka-logs']);
    expect(c.offsetsTopicReplicationFactor).toBe(3);
    expect(c.offsetsTopicNumPartitions).toBe(50);
    expect(c.offsetsTopicSegmentBytes).toBe(104857600);
    expect(c.offsetsRetentionMinutes).toBe(10080);
    expect(c.offsetsCommitRequiredAcks).toBe(-1);
    expect(c.replicaLagTimeMaxMs).toBe(10000);
    expect(c.minInsyncReplicas).toBe(1);
    expect(c.uncleanLeaderElectionEnable).toBe(false);
    expect(c.autoLeaderRebalanceEnable).toBe(true);
    expect(c.leaderImbalancePerBrokerPercentage).toBe(10);
    expect(c.leaderImbalanceCheckIntervalSeconds).toBe(300);
    expect(c.controlledShutdownEnable).toBe(true);
    expect(c.controlledShutdownMaxRetries).toBe(3);
    expect(c.controlledShutdownRetryBackoffMs).toBe(5000);
    expect(c.socketRequestMaxBytes).toBe(104857600);
    expect(c.maxConnections).toBe(2147483647);
    expect(c.maxConnectionsPerIp).toBe(2147483647);
    expect(c.connectionsMaxIdleMs).toBe(600000);
    expect(c.messageMaxBytes).toBe(1000012);
    expect(c.groupMinSessionTimeoutMs).toBe(6000);
    expect(c.groupMaxSessionTimeoutMs).toBe(1800000);
    expect(c.groupInitialRebalanceDelayMs).toBe(3000);
    expect(c.groupMaxSize).toBe(2147483647);
    expect(c.transactionStateLogMinIsr).toBe(2);
    expect(c.transactionStateLogReplicationFactor).toBe(3);
    expect(c.transactionMaxTimeoutMs).toBe(900000);
    expect(c.transactionalIdExpirationMs).toBe(604800000);
    expect(c.replicaFetchMaxBytes).toBe(1048576);
    expect(c.replicaFetchResponseMaxBytes).toBe(10485760);
    expect(c.replicaFetchWaitMaxMs).toBe(500);
    expect(c.numReplicaFetchers).toBe(1);
    expect(c.maxIncrementalFetchSessionCacheSlots).toBe(1000);
    expect(c.rack).toBeNull();
    expect(c.logMessageTimestampType).toBe('CreateTime');
    expect(c.compressionType).toBe('producer');
    expect(c.interBrokerProtocolVersion).toBe('2.4-IV1');
    expect(c.logMessageFormatVersion).toBe('2.4-IV1');
  });

  it('defaults the listeners to PLAINTEXT://:9092 and advertises the same', () => {
    expect(c.listeners).toEqual([{ name: 'PLAINTEXT', host: '', port: 9092, securityProtocol: 'PLAINTEXT' }]);
    expect(c.advertisedListeners).toEqual(c.listeners);
    expect(c.interBrokerListenerName).toBe('PLAINTEXT');
    expect(c.interBrokerSecurityProtocol).toBe('PLAINTEXT');
    expect(c.controlPlaneListenerName).toBeNull();
    expect([...c.listenerSecurityProtocolMap]).toEqual([
      ['PLAINTEXT', 'PLAINTEXT'],
      ['SSL', 'SSL'],
      ['SASL_PLAINTEXT', 'SASL_PLAINTEXT'],
      ['SASL_SSL', 'SASL_SSL'],
    ]);
  });

  it('exposes any property through get(), passwords hidden', () => {
    expect(c.get('num.network.threads')).toBe(3);
    expect(c.get('ssl.enabled.protocols')).toEqual(['TLSv1.2', 'TLSv1.1', 'TLSv1']);
    expect(c.get('ssl.keystore.password')).toBeNull();
    expect(c.get('log.cleaner.io.max.bytes.per.second')).toBe(Number.MAX_VALUE);
    const withPassword = parse({ 'ssl.keystore.password': ' secret ' });
    const pw = withPassword.get('ssl.keystore.password') as Password;
    expect(pw.value).toBe('secret');
    expect(String(pw)).toBe('[hidden]');
    expect(JSON.stringify({ pw })).toBe('{"pw":"[hidden]"}');
  });
});

describe('derived values', () => {
  it('log.retention.ms over minutes over hours; negative means -1', () => {
    expect(parse({ 'log.retention.hours': '1' }).logRetentionTimeMs).toBe(3600000);
    expect(parse({ 'log.retention.hours': '1', 'log.retention.minutes': '2' }).logRetentionTimeMs).toBe(120000);
    expect(parse({ 'log.retention.hours': '1', 'log.retention.minutes': '2', 'log.retention.ms': '5' }).logRetentionTimeMs).toBe(5);
    expect(parse({ 'log.retention.ms': '-1' }).logRetentionTimeMs).toBe(-1);
    expect(parse({ 'log.retention.hours': '-5' }).logRetentionTimeMs).toBe(-1);
  });

  it('log.roll.ms over log.roll.hours, jitter likewise', () => {
    expect(parse({ 'log.roll.hours': '2' }).logRollTimeMs).toBe(7200000);
    expect(parse({ 'log.roll.hours': '2', 'log.roll.ms': '1000' }).logRollTimeMs).toBe(1000);
    expect(parse({ 'log.roll.jitter.hours': '1' }).logRollTimeJitterMs).toBe(3600000);
    expect(parse({ 'log.roll.jitter.hours': '1', 'log.roll.jitter.ms': '7' }).logRollTimeJitterMs).toBe(7);
  });

  it('log.flush.interval.ms falls back to log.flush.scheduler.interval.ms', () => {
    expect(parse({ 'log.flush.scheduler.interval.ms': '3000' }).logFlushIntervalMs).toBe(3000);
    expect(parse({ 'log.flush.scheduler.interval.ms': '3000', 'log.flush.interval.ms': '10' }).logFlushIntervalMs).toBe(10);
  });

  it('log.dirs over log.dir, comma separated with spaces', () => {
    expect(parse({ 'log.dir': '/a' }).logDirs).toEqual(['/a']);
    expect(parse({ 'log.dir': '/a', 'log.dirs': '/b , /c,' }).logDirs).toEqual(['/b', '/c']);
  });

  it('zookeeper.connection.timeout.ms defaults to the session timeout', () => {
    expect(parse({ 'zookeeper.session.timeout.ms': '18000' }).zkConnectionTimeoutMs).toBe(18000);
    expect(parse({ 'zookeeper.session.timeout.ms': '18000', 'zookeeper.connection.timeout.ms': '1000' }).zkConnectionTimeoutMs).toBe(1000);
  });

  it('splits zookeeper.connect into servers and chroot', () => {
    const c = parseBrokerConfig({ 'zookeeper.connect': 'a:2181,b:2182,c/kafka/prod' });
    expect(c.zkConnect).toBe('a:2181,b:2182,c/kafka/prod');
    expect(c.zk.hosts).toBe('a:2181,b:2182,c');
    expect(c.zk.chroot).toBe('/kafka/prod');
    expect(c.zk.servers).toEqual([{ host: 'a', port: 2181 }, { host: 'b', port: 2182 }, { host: 'c', port: 2181 }]);
    expect(parseBrokerConfig({ 'zookeeper.connect': 'a:1/' }).zk.chroot).toBeNull();
    expect(parseBrokerConfig({ 'zookeeper.connect': '[::1]:2181' }).zk.servers).toEqual([{ host: '::1', port: 2181 }]);
    expect(configError(() => parseBrokerConfig({ 'zookeeper.connect': 'a:1/kafka/' })).property).toBe('zookeeper.connect');
    expect(configError(() => parseBrokerConfig({ 'zookeeper.connect': 'a:1//x' })).message).toMatch(/empty node name/);
    expect(configError(() => parseBrokerConfig({ 'zookeeper.connect': '/kafka' })).property).toBe('zookeeper.connect');
    expect(configError(() => parseBrokerConfig({ 'zookeeper.connect': 'a:xyz' })).property).toBe('zookeeper.connect');
  });

  it('uses host.name/port when listeners is unset, advertised.host.name/port when advertised.listeners is unset', () => {
    const c = parse({ 'host.name': 'h1', port: '9999' });
    expect(c.listeners).toEqual([{ name: 'PLAINTEXT', host: 'h1', port: 9999, securityProtocol: 'PLAINTEXT' }]);
    expect(c.advertisedListeners).toEqual(c.listeners);
    const a = parse({ 'host.name': 'h1', port: '9999', 'advertised.host.name': 'pub' });
    expect(a.advertisedListeners).toEqual([{ name: 'PLAINTEXT', host: 'pub', port: 9999, securityProtocol: 'PLAINTEXT' }]);
    const b = parse({ 'advertised.port': '19092' });
    expect(b.advertisedListeners).toEqual([{ name: 'PLAINTEXT', host: '', port: 19092, securityProtocol: 'PLAINTEXT' }]);
  });

  it('parses named listeners, IPv6 and the inter-broker listener', () => {
    const c = parse({
      listeners: 'internal://[::1]:9093, EXTERNAL://0.0.0.0:9092,CONTROL://:9094',
      'advertised.listeners': 'INTERNAL://[::1]:9093,EXTERNAL://example.com:9092,CONTROL://localhost:9094',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,external:plaintext,CONTROL:PLAINTEXT',
      'inter.broker.listener.name': 'internal',
      'control.plane.listener.name': 'control',
    });
    expect(c.listeners).toEqual([
      { name: 'INTERNAL', host: '::1', port: 9093, securityProtocol: 'PLAINTEXT' },
      { name: 'EXTERNAL', host: '0.0.0.0', port: 9092, securityProtocol: 'PLAINTEXT' },
      { name: 'CONTROL', host: '', port: 9094, securityProtocol: 'PLAINTEXT' },
    ]);
    expect(c.advertisedListeners[1]).toEqual({ name: 'EXTERNAL', host: 'example.com', port: 9092, securityProtocol: 'PLAINTEXT' });
    expect(c.interBrokerListenerName).toBe('INTERNAL');
    expect(c.interBrokerSecurityProtocol).toBe('PLAINTEXT');
    expect(c.controlPlaneListenerName).toBe('CONTROL');
  });

  it('derives the inter-broker listener from security.inter.broker.protocol', () => {
    const c = parse({ listeners: 'PLAINTEXT://:9092,SSL://:9093', 'security.inter.broker.protocol': 'ssl' });
    expect(c.interBrokerListenerName).toBe('SSL');
    expect(c.interBrokerSecurityProtocol).toBe('SSL');
  });

  it('normalises versions and compression type', () => {
    const c = parse({ 'inter.broker.protocol.version': '2.4.1', 'log.message.format.version': '2.1', 'compression.type': 'GZIP' });
    expect(c.interBrokerProtocolVersion).toBe('2.4-IV1');
    expect(c.logMessageFormatVersion).toBe('2.1-IV2');
    expect(c.compressionType).toBe('gzip');
    expect(parse({ 'inter.broker.protocol.version': '0.10.0.1', 'log.message.format.version': '0.10.0' }).interBrokerProtocolVersion).toBe('0.10.0-IV1');
  });

  it('parses overrides, lists and Java number forms', () => {
    const c = parse({ 'max.connections.per.ip.overrides': 'host1:5, 10.0.0.1:100', 'log.cleanup.policy': 'compact, delete', 'num.partitions': ' +3 ' });
    expect([...c.maxConnectionsPerIpOverrides]).toEqual([['host1', 5], ['10.0.0.1', 100]]);
    expect(c.logCleanupPolicy).toEqual(['compact', 'delete']);
    expect(c.numPartitions).toBe(3);
    expect(parse({ 'log.flush.interval.messages': '9223372036854775807' }).logFlushIntervalMessages).toBe(LONG_MAX);
    expect(parse({ 'log.cleaner.min.cleanable.ratio': '0.75' }).get('log.cleaner.min.cleanable.ratio')).toBe(0.75);
  });

  it('reports the set properties this broker ignores', () => {
    const c = parse({
      'num.network.threads': '5',
      'num.io.threads': '4',
      'broker.id': '1',
      // Brokers read JAAS per listener and mechanism; the per-listener Kerberos name is not acted on.
      'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': 'x',
      'listener.name.sasl_ssl.sasl.kerberos.service.name': 'kafka',
      'listener.name.ssl.ssl.client.auth': 'required',
    });
    expect(c.ignoredPropertiesSet().sort()).toEqual(['listener.name.sasl_ssl.sasl.kerberos.service.name', 'num.io.threads', 'num.network.threads']);
  });
});

describe('unknown property names', () => {
  it('are accepted and kept for the components that read them, each with a warning', () => {
    const c = parse({ 'allow.everyone.if.no.acl.found': 'true', 'confluent.support.metrics.enable': 'false', 'num.partitions': '4' });
    expect(c.numPartitions).toBe(4);
    expect(c.originals['allow.everyone.if.no.acl.found']).toBe('true');
    expect(c.unknownPropertyWarnings()).toEqual([
      "The configuration 'allow.everyone.if.no.acl.found' was supplied but isn't a known config.",
      "The configuration 'confluent.support.metrics.enable' was supplied but isn't a known config.",
    ]);
  });

  it('suggest the known name one or two edits away', () => {
    const c = parse({ 'num.partition': '3', 'log.retention.hour': '5', 'zookeeper.sesion.timeout.mss': '1' });
    expect(c.unknownPropertyWarnings()).toEqual([
      "The configuration 'num.partition' was supplied but isn't a known config. Did you mean 'num.partitions'?",
      "The configuration 'log.retention.hour' was supplied but isn't a known config. Did you mean 'log.retention.hours'?",
      "The configuration 'zookeeper.sesion.timeout.mss' was supplied but isn't a known config. Did you mean 'zookeeper.session.timeout.ms'?",
    ]);
    // The near-miss's own value is what the broker uses: the typo changes nothing.
    expect(c.numPartitions).toBe(1);
  });

  it('do not include known names, listener-prefixed settings or client settings that are really unknown to a broker', () => {
    const c = parse({ 'num.io.threads': '4', 'listener.name.ssl.ssl.keystore.location': '/k', 'fetch.max.bytes': '57671680' });
    expect(c.unknownPropertyWarnings()).toEqual(["The configuration 'fetch.max.bytes' was supplied but isn't a known config."]);
  });
});

describe('nearMisses', () => {
  it('lists every name at the smallest distance and nothing beyond two edits', () => {
    expect(nearMisses('portt', ['port', 'ports', 'host.name'])).toEqual(['port', 'ports']);
    expect(nearMisses('log.dirz', ['log.dir', 'log.dirs', 'log.dirs.x'])).toEqual(['log.dir', 'log.dirs']);
    expect(nearMisses('metric.reporters.xyz', ['metric.reporters'])).toEqual([]);
  });
});

describe('parseBrokerConfig errors name the property', () => {
  it('still rejects an invalid value of a known property, naming it', () => {
    const e = configError(() => parse({ 'num.partitions': 'three' }));
    expect(e.property).toBe('num.partitions');
    expect(e.message).toContain('num.partitions');
  });

  it('accepts listener-prefixed security settings Kafka knows', () => {
    expect(() => parse({ 'listener.name.ssl.ssl.keystore.location': '/k', 'listener.name.plaintext.max.connections': '10', 'listener.name.sasl_plaintext.plain.sasl.jaas.config': 'x' })).not.toThrow();
  });

  it('requires zookeeper.connect', () => {
    const e = configError(() => parseBrokerConfig({ 'broker.id': '0' }));
    expect(e.property).toBe('zookeeper.connect');
    expect(e.message).toBe('Missing required configuration "zookeeper.connect" which has no default value.');
  });

  it('rejects values of the wrong type', () => {
    let e = configError(() => parse({ 'num.partitions': 'three' }));
    expect(e.property).toBe('num.partitions');
    expect(e.message).toBe('Invalid value three for configuration num.partitions: Not a number of type INT');
    e = configError(() => parse({ 'log.segment.bytes': '3000000000' }));
    expect(e.message).toMatch(/log.segment.bytes: Not a number of type INT/);
    e = configError(() => parse({ 'offsets.topic.replication.factor': '40000' }));
    expect(e.message).toMatch(/offsets.topic.replication.factor: Not a number of type SHORT/);
    e = configError(() => parse({ 'log.retention.ms': '1.5' }));
    expect(e.message).toMatch(/log.retention.ms: Not a number of type LONG/);
    e = configError(() => parse({ 'auto.create.topics.enable': 'yes' }));
    expect(e.message).toMatch(/auto.create.topics.enable: Expected value to be either true or false/);
    e = configError(() => parse({ 'log.cleaner.min.cleanable.ratio': 'half' }));
    expect(e.message).toMatch(/Not a number of type DOUBLE/);
    e = configError(() => parse({ 'create.topic.policy.class.name': 'not a class' }));
    expect(e.property).toBe('create.topic.policy.class.name');
  });

  it('rejects values out of range', () => {
    const e = configError(() => parse({ 'num.partitions': '0' }));
    expect(e.property).toBe('num.partitions');
    expect(e.message).toBe('Invalid value 0 for configuration num.partitions: Value must be at least 1');
    expect(configError(() => parse({ 'log.segment.bytes': '13' })).message).toMatch(/Value must be at least 14/);
    expect(configError(() => parse({ 'min.insync.replicas': '0' })).property).toBe('min.insync.replicas');
    expect(configError(() => parse({ 'password.encoder.iterations': '1000' })).property).toBe('password.encoder.iterations');
  });

  it('rejects values outside the allowed set', () => {
    let e = configError(() => parse({ 'log.message.timestamp.type': 'createtime' }));
    expect(e.property).toBe('log.message.timestamp.type');
    expect(e.message).toMatch(/String must be one of: CreateTime, LogAppendTime/);
    e = configError(() => parse({ 'log.cleanup.policy': 'delete,forever' }));
    expect(e.message).toBe('Invalid value forever for configuration log.cleanup.policy: String must be one of: compact, delete');
    e = configError(() => parse({ 'compression.type': 'brotli' }));
    expect(e.property).toBe('compression.type');
    expect(e.message).toMatch(/Valid options are uncompressed,zstd,lz4,snappy,gzip,producer/);
    e = configError(() => parse({ 'inter.broker.protocol.version': '2.5' }));
    expect(e.message).toBe('Invalid value 2.5 for configuration inter.broker.protocol.version: Version `2.5` is not a valid version');
    expect(configError(() => parse({ 'ssl.client.auth': 'always' })).property).toBe('ssl.client.auth');
    expect(configError(() => parse({ 'offsets.topic.compression.codec': '7' })).property).toBe('offsets.topic.compression.codec');
  });

  it('rejects bad listeners', () => {
    let e = configError(() => parse({ listeners: 'PLAINTEXT://localhost' }));
    expect(e.property).toBe('listeners');
    expect(e.message).toMatch(/Unable to parse PLAINTEXT:\/\/localhost to a broker endpoint/);
    e = configError(() => parse({ listeners: 'FOO://:9092' }));
    expect(e.message).toMatch(/No security protocol defined for listener FOO/);
    e = configError(() => parse({ listeners: 'PLAINTEXT://:9092,SSL://:9092' }));
    expect(e.message).toMatch(/Each listener must have a different port/);
    e = configError(() => parse({ listeners: 'PLAINTEXT://:9092,plaintext://:9093' }));
    expect(e.message).toMatch(/Each listener must have a different name/);
    expect(configError(() => parse({ listeners: 'PLAINTEXT://:70000' })).property).toBe('listeners');
    e = configError(() => parse({ 'advertised.listeners': 'PLAINTEXT://0.0.0.0:9092' }));
    expect(e.property).toBe('advertised.listeners');
    expect(e.message).toMatch(/nonroutable meta-address 0.0.0.0/);
    e = configError(() => parse({ listeners: 'PLAINTEXT://:9092', 'advertised.listeners': 'PLAINTEXT://h:9092,SSL://h:9093' }));
    expect(e.message).toMatch(/must be equal to or a subset/);
    e = configError(() => parse({ listeners: 'SSL://:9093' }));
    expect(e.property).toBe('security.inter.broker.protocol');
    expect(e.message).toMatch(/must be a listener name defined in advertised.listeners/);
    e = configError(() => parse({ 'inter.broker.listener.name': 'PLAINTEXT', 'security.inter.broker.protocol': 'PLAINTEXT' }));
    expect(e.message).toMatch(/Only one of inter.broker.listener.name and security.inter.broker.protocol/);
    e = configError(() => parse({ 'inter.broker.listener.name': 'NOPE' }));
    expect(e.message).toMatch(/not found in listener.security.protocol.map/);
    e = configError(() => parse({ 'listener.security.protocol.map': 'PLAINTEXT:TLS' }));
    expect(e.property).toBe('listener.security.protocol.map');
    expect(e.message).toMatch(/Invalid security protocol `TLS`/);
    e = configError(() => parse({ 'security.inter.broker.protocol': 'TLS' }));
    expect(e.property).toBe('security.inter.broker.protocol');
    e = configError(() => parse({ listeners: 'PLAINTEXT://:9092,CONTROL://:9093', 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROL:PLAINTEXT', 'control.plane.listener.name': 'PLAINTEXT' }));
    expect(e.property).toBe('control.plane.listener.name');
  });

  it("enforces Kafka's cross-property rules", () => {
    expect(configError(() => parse({ 'broker.id': '1001' })).message).toMatch(/not greater than reserved.broker.max.id/);
    expect(configError(() => parse({ 'broker.id': '-2' })).property).toBe('broker.id');
    expect(configError(() => parse({ 'broker.id': '-1', 'broker.id.generation.enable': 'false' })).message).toBe('broker.id must be equal or greater than 0');
    expect(parse({ 'broker.id': '5000', 'broker.id.generation.enable': 'false' }).brokerId).toBe(5000);
    expect(configError(() => parse({ 'log.retention.ms': '0' })).property).toBe('log.retention.ms');
    expect(configError(() => parse({ 'log.retention.minutes': '0' })).property).toBe('log.retention.minutes');
    expect(configError(() => parse({ 'log.roll.ms': '0' })).property).toBe('log.roll.ms');
    expect(configError(() => parse({ 'log.roll.jitter.ms': '-1' })).property).toBe('log.roll.jitter.ms');
    expect(configError(() => parse({ 'log.dirs': ' , ' })).property).toBe('log.dirs');
    expect(configError(() => parse({ 'log.cleaner.dedupe.buffer.size': '1048576' })).property).toBe('log.cleaner.dedupe.buffer.size');
    expect(configError(() => parse({ 'replica.fetch.wait.max.ms': '40000' })).property).toBe('replica.socket.timeout.ms');
    expect(configError(() => parse({ 'replica.lag.time.max.ms': '100' })).property).toBe('replica.fetch.wait.max.ms');
    expect(configError(() => parse({ 'offsets.commit.required.acks': '4' })).property).toBe('offsets.commit.required.acks');
    expect(configError(() => parse({ 'inter.broker.protocol.version': '0.10.2', 'log.message.format.version': '0.11.0' })).property).toBe('log.message.format.version');
    expect(configError(() => parse({ 'inter.broker.protocol.version': '2.0', 'offsets.topic.compression.codec': '4' })).property).toBe('offsets.topic.compression.codec');
    expect(configError(() => parse({ 'queued.max.request.bytes': '10' })).property).toBe('queued.max.request.bytes');
    expect(configError(() => parse({ 'max.connections.per.ip': '0' })).property).toBe('max.connections.per.ip');
    expect(parse({ 'max.connections.per.ip': '0', 'max.connections.per.ip.overrides': 'h:1' }).maxConnectionsPerIp).toBe(0);
    expect(configError(() => parse({ 'max.connections.per.ip.overrides': 'h:x' })).property).toBe('max.connections.per.ip.overrides');
    expect(configError(() => parse({ 'max.connections.per.ip.overrides': 'bad host:1' })).property).toBe('max.connections.per.ip.overrides');
    expect(configError(() => parse({ 'connections.max.idle.ms': '50' })).property).toBe('connection.failed.authentication.delay.ms');
    const sasl = { listeners: 'SASL_PLAINTEXT://:9092', 'security.inter.broker.protocol': 'SASL_PLAINTEXT' };
    expect(configError(() => parse({ ...sasl, 'sasl.mechanism.inter.broker.protocol': 'PLAIN' })).property).toBe('sasl.mechanism.inter.broker.protocol');
    expect(() => parse({ ...sasl, 'sasl.mechanism.inter.broker.protocol': 'PLAIN', 'sasl.enabled.mechanisms': 'PLAIN' })).not.toThrow();
  });
});

describe("Kafka 2.4's stock config/server.properties", () => {
  // The non-comment lines of Kafka 2.4's shipped config/server.properties.
  const STOCK = `
broker.id=0
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=/tmp/kafka-logs
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
zookeeper.connect=localhost:2181
zookeeper.connection.timeout.ms=6000
group.initial.rebalance.delay.ms=0
`;
  it('parses cleanly', () => {
    const c = parseBrokerConfig(parseProperties(STOCK));
    expect(c.brokerId).toBe(0);
    expect(c.logDirs).toEqual(['/tmp/kafka-logs']);
    expect(c.offsetsTopicReplicationFactor).toBe(1);
    expect(c.transactionStateLogMinIsr).toBe(1);
    expect(c.logRetentionTimeMs).toBe(604800000);
    expect(c.zk.servers).toEqual([{ host: 'localhost', port: 2181 }]);
    expect(c.zkConnectionTimeoutMs).toBe(6000);
    expect(c.groupInitialRebalanceDelayMs).toBe(0);
    expect(c.ignoredPropertiesSet().sort()).toEqual(['num.io.threads', 'num.network.threads', 'num.recovery.threads.per.data.dir', 'socket.receive.buffer.bytes', 'socket.send.buffer.bytes']);
  });
});
