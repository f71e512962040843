import { scalaImmutableOrder, topicPartitionHash } from '../../../src/common/jvm-order/jvm-collection-order';
import { scalaMutableHashSetOrder } from '../../../src/common/jvm-order/scala-mutable-hash-set-order';
import { tpString, type TopicPartition } from '../../../src/common/topic-partition';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * What Kafka's readTxnRecordValue does: per topic an immutable Set of TopicPartitions, added with
 * ++= to a mutable.Set.empty; then the mutable set's toString.
 */
function kafkaSetString(topics: Array<[string, number[]]>): string {
  const added: TopicPartition[] = [];
  for (const [topic, ids] of topics) added.push(...scalaImmutableOrder(ids.map((partition) => ({ topic, partition })), topicPartitionHash, tpString));
  return `Set(${scalaMutableHashSetOrder(added, topicPartitionHash, tpString).map(tpString).join(', ')})`;
}

describe('scalaMutableHashSetOrder', () => {
  // Expected strings printed by the real collections (Scala 2.11.12's mutable.HashSet and
  // immutable.HashSet, the same FlatHashTable and hash trie as the 2.12 Kafka 2.4.1 is built with),
  // with a class hashing and printing like org.apache.kafka.common.TopicPartition.
  it('matches the JVM for small sets, repeats, growth and collisions', () => {
    expect(kafkaSetString([])).toBe('Set()');
    expect(kafkaSetString([['orders', [0, 2]], ['audit', [1]]])).toBe('Set(orders-2, orders-0, audit-1)');
    expect(kafkaSetString([['orders', range(10)], ['audit', [3, 1, 2]]])).toBe(
      'Set(orders-3, audit-3, orders-1, orders-9, orders-7, orders-5, orders-2, audit-2, orders-0, orders-6, orders-4, audit-1, orders-8)',
    );
    expect(kafkaSetString([['t', [5, 0, 7, 1, 2, 3, 5]], ['payments', range(20)], ['x', [9, 8]]])).toBe(
      'Set(payments-13, payments-10, t-3, payments-14, t-7, payments-18, payments-0, payments-4, payments-8, t-1, payments-12, t-2, ' +
        'payments-16, payments-17, payments-2, payments-6, payments-3, x-9, payments-7, t-0, payments-11, payments-15, t-5, payments-19, ' +
        'payments-1, payments-5, payments-9, x-8)',
    );
    expect(kafkaSetString([['a', range(50)]])).toBe(
      'Set(a-42, a-20, a-24, a-43, a-46, a-2, a-28, a-47, a-6, a-10, a-29, a-32, a-14, a-33, a-18, a-37, a-15, a-0, a-41, a-19, a-4, ' +
        'a-1, a-23, a-45, a-49, a-27, a-5, a-9, a-31, a-13, a-35, a-39, a-17, a-36, a-21, a-40, a-3, a-22, a-25, a-44, a-7, a-26, a-48, ' +
        'a-11, a-30, a-8, a-12, a-34, a-16, a-38)',
    );
  });
});
