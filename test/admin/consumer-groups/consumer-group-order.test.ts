// The JVM iteration orders kafka-consumer-groups' output follows. Expected orders were produced by
// running java.util.HashMap/HashSet (JDK 17) and Scala's immutable HashMap/HashSet (scala-library
// 2.11.12, whose hash trie 2.12 kept) on the same keys.

import { javaHashOrder, javaHashSetFromCollectionOrder, scalaImmutableOrder, stringHash, topicPartitionHash } from '../../../src/common/jvm-order/jvm-collection-order';
import { scenarioSetOrder, missingScenarioMessage } from '../../../src/admin/consumer-groups/consumer-group-command-options';
import { type TopicPartition, tpString } from '../../../src/common/topic-partition';

const tps = (topic: string, n: number): TopicPartition[] => Array.from({ length: n }, (_, partition) => ({ topic, partition }));
const names = (list: TopicPartition[]) => list.map(tpString);

describe('JVM collection orders', () => {
  it('java.util.HashMap of TopicPartitions (growing from 16 buckets)', () => {
    const keys = [...tps('orders', 10), ...tps('audit', 3)];
    expect(names(javaHashOrder(keys, topicPartitionHash))).toEqual([
      'orders-7', 'orders-8', 'orders-9', 'audit-0', 'audit-1', 'audit-2', 'orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5', 'orders-6',
    ]);
  });

  it('new HashSet<>(collection) of TopicPartitions', () => {
    const keys = [...tps('events', 6), ...tps('clicks', 2)];
    expect(names(javaHashSetFromCollectionOrder(keys, topicPartitionHash))).toEqual(['events-3', 'events-4', 'events-5', 'clicks-1', 'events-0', 'events-1', 'clicks-0', 'events-2']);
  });

  it('java.util.HashMap of group ids', () => {
    const groups = ['group-a', 'console-consumer-123', 'g', 'payments', 'zeta', 'alpha'];
    expect(javaHashOrder(groups, stringHash)).toEqual(['zeta', 'g', 'payments', 'alpha', 'console-consumer-123', 'group-a']);
  });

  it('Scala immutable maps keep insertion order up to 4 entries, then follow the hash trie', () => {
    expect(names(scalaImmutableOrder(tps('t', 4).reverse(), topicPartitionHash, tpString))).toEqual(['t-3', 't-2', 't-1', 't-0']);
    expect(names(scalaImmutableOrder(tps('orders', 10), topicPartitionHash, tpString))).toEqual([
      'orders-8', 'orders-0', 'orders-3', 'orders-1', 'orders-5', 'orders-6', 'orders-9', 'orders-2', 'orders-7', 'orders-4',
    ]);
    expect(names(scalaImmutableOrder([...tps('a', 3), ...tps('b', 3)], topicPartitionHash, tpString))).toEqual(['b-0', 'a-1', 'b-2', 'a-0', 'b-1', 'a-2']);
    const groups = ['zeta', 'g', 'payments', 'alpha', 'console-consumer-123', 'group-a'];
    expect(scalaImmutableOrder(groups, stringHash, (g) => g)).toEqual(['alpha', 'payments', 'group-a', 'zeta', 'g', 'console-consumer-123']);
  });

  it('the Set of reset scenarios prints as 2.4.1 prints it', () => {
    expect(scenarioSetOrder().length).toBe(8);
    expect(missingScenarioMessage()).toBe(
      "Option '[reset-offsets]' requires one of the following scenarios: Set([by-duration], [to-offset], [from-file], [to-datetime], [to-earliest], [to-current], [shift-by], [to-latest])",
    );
  });
});
