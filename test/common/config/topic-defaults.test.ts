import { parseBrokerConfig } from '../../../src/common/config/kafka-config';
import { topicDefaultsFromBroker, topicDefaultsFromBrokerProperties } from '../../../src/common/config/topic-defaults';
import { InvalidConfigError } from '../../../src/log/errors';
import { defaultLogConfig, LONG_MAX, logConfigFromBrokerProperties, logConfigFromProperties } from '../../../src/log/log-config';

describe('topic-level defaults from broker config (KafkaServer.copyKafkaConfigToLog)', () => {
  it('with no broker overrides, equal the topic-level defaults', () => {
    const fromBroker = logConfigFromProperties(topicDefaultsFromBroker(parseBrokerConfig({ 'zookeeper.connect': 'z:2181' })));
    expect(fromBroker).toEqual(defaultLogConfig());
  });

  it('maps broker names, derived times and normalised versions', () => {
    const props = {
      'zookeeper.connect': 'z:2181',
      'log.retention.minutes': '10',
      'log.roll.hours': '1',
      'log.roll.jitter.ms': '50',
      'log.segment.bytes': '1048576',
      'log.index.size.max.bytes': '4096',
      'log.flush.scheduler.interval.ms': '2000',
      'message.max.bytes': '2000000',
      'log.cleanup.policy': 'compact',
      'log.cleaner.min.cleanable.ratio': '0.1',
      'log.cleaner.max.compaction.lag.ms': '100000',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'true',
      'compression.type': 'LZ4',
      'log.preallocate': 'true',
      'log.message.format.version': '2.3',
      'log.message.timestamp.type': 'LogAppendTime',
      'log.message.downconversion.enable': 'false',
    };
    const t = topicDefaultsFromBroker(parseBrokerConfig(props));
    expect(t).toMatchObject({
      'retention.ms': '600000',
      'segment.ms': '3600000',
      'segment.jitter.ms': '50',
      'segment.bytes': '1048576',
      'segment.index.bytes': '4096',
      'flush.ms': '2000',
      'flush.messages': '9223372036854775807',
      'max.message.bytes': '2000000',
      'cleanup.policy': 'compact',
      'min.cleanable.dirty.ratio': '0.1',
      'max.compaction.lag.ms': '100000',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'true',
      'compression.type': 'lz4',
      'preallocate': 'true',
      'message.format.version': '2.3-IV1',
      'message.timestamp.type': 'LogAppendTime',
      'message.downconversion.enable': 'false',
    });
    // The log layer's entry point uses the same mapping, without needing zookeeper.connect.
    const { ['zookeeper.connect']: _zk, ...logOnly } = props;
    expect(topicDefaultsFromBrokerProperties(logOnly)).toEqual(t);
    const lc = logConfigFromBrokerProperties(logOnly);
    expect(lc['retention.ms']).toBe(600000);
    expect(lc['cleanup.policy']).toEqual(['compact']);
    expect(lc['flush.messages']).toBe(LONG_MAX);
    expect(lc['message.format.version']).toBe('2.3-IV1');
  });

  it('unlimited retention stays -1', () => {
    expect(topicDefaultsFromBrokerProperties({ 'log.retention.hours': '-1' })['retention.ms']).toBe('-1');
  });

  it('bad broker values surface as the log layer error, naming the broker property', () => {
    expect(() => logConfigFromBrokerProperties({ 'log.retention.hours': 'soon' })).toThrow(InvalidConfigError);
    expect(() => logConfigFromBrokerProperties({ 'log.retention.hours': 'soon' })).toThrow(/log.retention.hours/);
    // Range checks of the topic level still apply (min.cleanable.dirty.ratio is between 0 and 1).
    expect(() => logConfigFromBrokerProperties({ 'log.cleaner.min.cleanable.ratio': '2' })).toThrow(/min.cleanable.dirty.ratio: Value must be no more than 1/);
  });
});
