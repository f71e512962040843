import { InvalidConfigError } from '../../src/log/errors';
import {
  LONG_MAX,
  defaultLogConfig,
  logConfigFromBrokerProperties,
  logConfigFromProperties,
  logConfigToProperties,
} from '../../src/log/log-config';

describe('LogConfig', () => {
  it('has Kafka 2.4 defaults', () => {
    const c = defaultLogConfig();
    expect(c['segment.bytes']).toBe(1073741824);
    expect(c['segment.ms']).toBe(604800000);
    expect(c['segment.index.bytes']).toBe(10485760);
    expect(c['index.interval.bytes']).toBe(4096);
    expect(c['retention.ms']).toBe(604800000);
    expect(c['retention.bytes']).toBe(-1);
    expect(c['flush.messages']).toBe(LONG_MAX);
    expect(c['flush.ms']).toBe(LONG_MAX);
    expect(c['max.message.bytes']).toBe(1000012);
    expect(c['message.timestamp.type']).toBe('CreateTime');
    expect(c['file.delete.delay.ms']).toBe(60000);
    expect(c['cleanup.policy']).toEqual(['delete']);
    const rendered = logConfigToProperties(c);
    expect(rendered['flush.ms']).toBe('9223372036854775807');
    expect(rendered['cleanup.policy']).toBe('delete');
  });

  it('parses topic-level properties and rejects bad values', () => {
    const c = logConfigFromProperties({ 'retention.ms': '1000', 'cleanup.policy': 'compact,delete', 'message.timestamp.type': 'LogAppendTime', 'unknown.thing': 'x' });
    expect(c['retention.ms']).toBe(1000);
    expect(c['cleanup.policy']).toEqual(['compact', 'delete']);
    expect(c['message.timestamp.type']).toBe('LogAppendTime');
    expect(() => logConfigFromProperties({ 'segment.bytes': '10' })).toThrow(InvalidConfigError);
    expect(() => logConfigFromProperties({ 'segment.bytes': 'abc' })).toThrow(/Invalid value abc for configuration segment.bytes/);
    expect(() => logConfigFromProperties({ 'segment.bytes': '3000000000' })).toThrow(/INT/);
    expect(() => logConfigFromProperties({ 'cleanup.policy': 'forever' })).toThrow(InvalidConfigError);
    expect(() => logConfigFromProperties({ 'preallocate': 'yes' })).toThrow(InvalidConfigError);
    expect(logConfigFromProperties({ 'flush.ms': '9223372036854775807' })['flush.ms']).toBe(LONG_MAX);
  });

  it('maps broker-level names (log.retention.hours etc.)', () => {
    const c = logConfigFromBrokerProperties({ 'log.retention.hours': '1', 'log.segment.bytes': '1048576', 'log.roll.ms': '5000' });
    expect(c['retention.ms']).toBe(3600000);
    expect(c['segment.bytes']).toBe(1048576);
    expect(c['segment.ms']).toBe(5000);
    expect(logConfigFromBrokerProperties({ 'log.retention.ms': '10', 'log.retention.hours': '1' })['retention.ms']).toBe(10);
  });
});
