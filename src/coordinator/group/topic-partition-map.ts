// A map keyed by (topic, partition), iterated in insertion order, for a group's committed and
// pending offsets.

export interface TopicPartition {
  topic: string;
  partition: number;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class TopicPartitionMap<V> {
  private readonly entries = new Map<string, { tp: TopicPartition; value: V }>();

  get size(): number {
    return this.entries.size;
  }

  get(tp: TopicPartition): V | undefined {
    return this.entries.get(keyOf(tp.topic, tp.partition))?.value;
  }

  has(tp: TopicPartition): boolean {
    return this.entries.has(keyOf(tp.topic, tp.partition));
  }

  set(tp: TopicPartition, value: V): void {
    this.entries.set(keyOf(tp.topic, tp.partition), { tp: { topic: tp.topic, partition: tp.partition }, value });
  }

  delete(tp: TopicPartition): V | undefined {
    const key = keyOf(tp.topic, tp.partition);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.value;
  }

  *[Symbol.iterator](): IterableIterator<[TopicPartition, V]> {
    for (const { tp, value } of this.entries.values()) yield [tp, value];
  }
}
