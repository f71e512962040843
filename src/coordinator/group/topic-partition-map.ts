// A map keyed by (topic, partition), iterated in insertion order, for a group's committed and
// pending offsets.

import { topicPartitionKey, type TopicPartition } from '../../common/topic-partition';

export class TopicPartitionMap<V> {
  private readonly entries = new Map<string, { tp: TopicPartition; value: V }>();

  get size(): number {
    return this.entries.size;
  }

  get(tp: TopicPartition): V | undefined {
    return this.entries.get(topicPartitionKey(tp.topic, tp.partition))?.value;
  }

  has(tp: TopicPartition): boolean {
    return this.entries.has(topicPartitionKey(tp.topic, tp.partition));
  }

  set(tp: TopicPartition, value: V): void {
    this.entries.set(topicPartitionKey(tp.topic, tp.partition), { tp: { topic: tp.topic, partition: tp.partition }, value });
  }

  delete(tp: TopicPartition): V | undefined {
    const key = topicPartitionKey(tp.topic, tp.partition);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.value;
  }

  *[Symbol.iterator](): IterableIterator<[TopicPartition, V]> {
    for (const { tp, value } of this.entries.values()) yield [tp, value];
  }
}
