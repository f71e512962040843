// The __consumer_offsets topic: which partition holds a group, and the configs it is created with.

import { javaStringHash } from '../../common/jvm-order/java-hash';

export const GROUP_METADATA_TOPIC_NAME = '__consumer_offsets';

/** Kafka's Utils.abs: Math.abs, except that Integer.MIN_VALUE maps to 0. */
const kafkaAbs = (n: number) => (n === -2147483648 ? 0 : Math.abs(n));

export function offsetsPartitionFor(groupId: string, numPartitions: number): number {
  return kafkaAbs(javaStringHash(groupId)) % numPartitions;
}

/** GroupCoordinator.offsetsTopicConfigs, in the order Kafka puts them. */
export function offsetsTopicConfigs(segmentBytes: number): Map<string, string> {
  return new Map([
    ['cleanup.policy', 'compact'],
    ['segment.bytes', String(segmentBytes)],
    ['compression.type', 'producer'],
  ]);
}
