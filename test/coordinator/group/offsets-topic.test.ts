import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { javaStringHash } from '../../../src/common/jvm-order/java-hash';
import { offsetsPartitionFor, offsetsTopicConfigs } from '../../../src/coordinator/group/offsets-topic';
import { encodeEntityConfig } from '../../../src/zk/znodes/entity-config';

describe('__consumer_offsets', () => {
  it('is configured exactly as Kafka 2.4.1 writes /config/topics/__consumer_offsets', () => {
    const reference = readFileSync(join(__dirname, '../../../../shared/reference/kafka-2.4.1-znodes.txt'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('/config/topics/__consumer_offsets '))!;
    expect(reference.split(/\s+P\s+/)[1]).toBe(encodeEntityConfig(offsetsTopicConfigs(104857600)).toString());
  });

  it('maps a group to abs(String.hashCode) % partitions, with Integer.MIN_VALUE mapping to 0 as Utils.abs does', () => {
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    // "g".hashCode() = 103; "console-consumer".hashCode() is negative.
    expect(offsetsPartitionFor('g', 50)).toBe(3);
    expect(javaStringHash('console-consumer')).toBeLessThan(0);
    expect(offsetsPartitionFor('console-consumer', 50)).toBe(Math.abs(javaStringHash('console-consumer')) % 50);
  });
});
