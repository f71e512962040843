import { ConfigError, brokerConfigSynonyms, javaDoubleToString, validateDynamicBrokerConfigs, validateQuotaEntityConfigs } from '../../../src/common/config';

const props = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('dynamic broker configs (DynamicBrokerConfig.validateConfigs)', () => {
  it('accepts dynamic names, throttles and names Kafka does not know', () => {
    expect(() => validateDynamicBrokerConfigs(props({ 'log.cleaner.threads': '2', 'leader.replication.throttled.rate': '100', 'custom.thing': 'x' }), false)).not.toThrow();
  });

  it('refuses static ones, unprefixed SSL stores, bad values and per-broker names at cluster level', () => {
    expect(() => validateDynamicBrokerConfigs(props({ 'log.dirs': '/x' }), true)).toThrow(new ConfigError('log.dirs', 'Cannot update these configs dynamically: Set(log.dirs)'));
    expect(() => validateDynamicBrokerConfigs(props({ 'ssl.keystore.location': '/x' }), true)).toThrow(
      'These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.keystore.location)',
    );
    expect(() => validateDynamicBrokerConfigs(props({ 'log.cleaner.threads': 'two' }), true)).toThrow('Invalid value two for configuration log.cleaner.threads: Not a number of type INT');
    expect(() => validateDynamicBrokerConfigs(props({ listeners: 'PLAINTEXT://:9092' }), false)).toThrow(
      'Cannot update these configs at default cluster level, broker id must be specified: Set(listeners)',
    );
    expect(() => validateDynamicBrokerConfigs(props({ listeners: 'PLAINTEXT://:9092' }), true)).not.toThrow();
  });

  it('lists synonyms most specific first', () => {
    expect(brokerConfigSynonyms('log.retention.hours', true)).toEqual(['log.retention.ms', 'log.retention.minutes', 'log.retention.hours']);
    expect(brokerConfigSynonyms('log.flush.interval.ms', true)).toEqual(['log.flush.interval.ms', 'log.flush.scheduler.interval.ms']);
    expect(brokerConfigSynonyms('listener.name.internal.ssl.keystore.location', true)).toEqual(['listener.name.internal.ssl.keystore.location', 'ssl.keystore.location']);
    expect(brokerConfigSynonyms('listener.name.internal.plain.sasl.jaas.config', true)).toEqual(['listener.name.internal.plain.sasl.jaas.config', 'sasl.jaas.config']);
  });
});

describe('client and user quota configs (DynamicConfig.Client/User)', () => {
  it('knows only its own keys', () => {
    expect(() => validateQuotaEntityConfigs(props({ producer_byte_rate: '1024', request_percentage: '12.5' }), 'client')).not.toThrow();
    expect(() => validateQuotaEntityConfigs(props({ 'SCRAM-SHA-256': 'x' }), 'client')).toThrow('requirement failed: Unknown Dynamic Configuration: Set(SCRAM-SHA-256).');
    expect(() => validateQuotaEntityConfigs(props({ 'SCRAM-SHA-256': 'x' }), 'user')).not.toThrow();
    expect(() => validateQuotaEntityConfigs(props({ consumer_byte_rate: 'fast' }), 'user')).toThrow('Not a number of type LONG');
  });
});

describe("Java's Double.toString", () => {
  it.each([
    [0.5, '0.5'],
    [1, '1.0'],
    [0.9, '0.9'],
    [1e7, '1.0E7'],
    [12345678.5, '1.23456785E7'],
    [0.0001, '1.0E-4'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
  ])('%p prints as %s', (value, text) => expect(javaDoubleToString(value)).toBe(text));
});
