import { javaHashMapCapacity, javaHashMapOrder } from '../../../src/common/jvm-order/java-hash-map-order';
import { javaStringHash } from '../../../src/common/jvm-order/java-hash';
import { DescribeFilter, formatPartitionLine, formatTopicLine, printTopicDescription, type PartitionSummary } from '../../../src/admin/topics/topic-description';
import { selectTopics, whitelistRegex } from '../../../src/admin/common/topic-filter';

describe('kafka-topics --describe lines (Kafka 2.4.1 format)', () => {
  it('prints the topic line with tab-separated fields and the configs', () => {
    expect(formatTopicLine({ topic: 'orders', partitionCount: 3, replicationFactor: 2, configs: [], markedForDeletion: false })).toBe(
      'Topic: orders\tPartitionCount: 3\tReplicationFactor: 2\tConfigs: ',
    );
    expect(formatTopicLine({ topic: 't', partitionCount: 1, replicationFactor: 1, configs: [['retention.ms', '1000']], markedForDeletion: true })).toBe(
      'Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: retention.ms=1000\tMarkedForDeletion: true',
    );
  });

  it('prints partition lines with Leader none for a leaderless partition', () => {
    expect(formatPartitionLine({ topic: 'orders', partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], markedForDeletion: false })).toBe(
      '\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2',
    );
    expect(formatPartitionLine({ topic: 'orders', partition: 2, leader: null, replicas: [3], isr: [], markedForDeletion: false })).toBe(
      '\tTopic: orders\tPartition: 2\tLeader: none\tReplicas: 3\tIsr: ',
    );
  });

  const partitions: PartitionSummary[] = [
    { topic: 't', partition: 1, leader: 2, replicas: [2, 3], isr: [2], markedForDeletion: false }, // under-replicated
    { topic: 't', partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], markedForDeletion: false },
    { topic: 't', partition: 2, leader: null, replicas: [3, 1], isr: [1], markedForDeletion: false }, // unavailable
    { topic: 't', partition: 3, leader: 3, replicas: [3, 1], isr: [3, 1], markedForDeletion: false }, // leader 3 is not live
  ];
  const topic = { topic: 't', partitionCount: 4, replicationFactor: 2, configs: [], markedForDeletion: false };
  const print = (opts: ConstructorParameters<typeof DescribeFilter>[0]) => {
    const lines: string[] = [];
    printTopicDescription(new DescribeFilter(opts, new Set([1, 2])), topic, partitions, (l) => lines.push(l));
    return lines;
  };

  it('prints the topic line and every partition in partition order by default', () => {
    expect(print({}).map((l) => l.split('\t').slice(0, 3).join('|'))).toEqual([
      'Topic: t|PartitionCount: 4|ReplicationFactor: 2',
      '|Topic: t|Partition: 0',
      '|Topic: t|Partition: 1',
      '|Topic: t|Partition: 2',
      '|Topic: t|Partition: 3',
    ]);
  });

  it('keeps only the matching partitions, without topic lines, for the reports', () => {
    expect(print({ underReplicatedPartitions: true }).map((l) => l.split('\t')[2])).toEqual(['Partition: 1', 'Partition: 2']);
    expect(print({ unavailablePartitions: true }).map((l) => l.split('\t')[2])).toEqual(['Partition: 2', 'Partition: 3']);
    expect(print({ topicsWithOverrides: true })).toEqual([]);
  });

  it('compares the ISR with min.insync.replicas for the min-ISR reports (a leaderless partition is under it)', () => {
    const withMinIsr = partitions.map((p) => ({ ...p, minIsrCount: 2 }));
    const report = (opts: ConstructorParameters<typeof DescribeFilter>[0]) => {
      const lines: string[] = [];
      printTopicDescription(new DescribeFilter(opts, new Set([1, 2])), topic, withMinIsr, (l) => lines.push(l));
      return lines.map((l) => l.split('\t')[2]);
    };
    expect(report({ underMinIsrPartitions: true })).toEqual(['Partition: 1', 'Partition: 2']);
    expect(report({ atMinIsrPartitions: true })).toEqual(['Partition: 0', 'Partition: 3']);
  });
});

describe('java.util.HashMap iteration order', () => {
  it("computes String.hashCode like Java, overflow included", () => {
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(javaStringHash('')).toBe(0);
  });

  it('sizes the table like HashMap (tableSizeFor, then doubling past 0.75)', () => {
    expect(javaHashMapCapacity(0)).toBe(16);
    expect(javaHashMapCapacity(13)).toBe(32);
    expect(javaHashMapCapacity(1, 1)).toBe(2);
    expect(javaHashMapCapacity(3, 3)).toBe(4);
  });

  it('orders by bucket and keeps insertion order inside a bucket', () => {
    // "b"=98 and "a"=97 land in buckets 2 and 1; "Aa" and "BB" share hash 2112.
    expect(javaHashMapOrder(['b', 'a'], (k) => k)).toEqual(['a', 'b']);
    expect(javaHashMapOrder(['BB', 'Aa'], (k) => k)).toEqual(['BB', 'Aa']);
    expect(javaHashMapOrder(['Aa', 'BB'], (k) => k)).toEqual(['Aa', 'BB']);
  });
});

describe('--topic as a whitelist', () => {
  it('matches whole names, with commas as alternatives and quotes dropped', () => {
    expect(whitelistRegex('foo').test('foo2')).toBe(false);
    expect(selectTopics(['b', 'foo', 'foo2', 'a.b', 'axb'], 'foo.*', false)).toEqual(['foo', 'foo2']);
    expect(selectTopics(['b', 'foo', 'bar'], '"foo, bar"', false)).toEqual(['bar', 'foo']);
    expect(selectTopics(['a.b', 'axb'], 'a\\.b', false)).toEqual(['a.b']);
  });

  it('sorts, and drops internal topics only when asked', () => {
    expect(selectTopics(['z', '__consumer_offsets', 'a'], undefined, false)).toEqual(['__consumer_offsets', 'a', 'z']);
    expect(selectTopics(['z', '__consumer_offsets', 'a'], undefined, true)).toEqual(['a', 'z']);
  });

  it('reports an invalid regex like Kafka', () => {
    expect(() => whitelistRegex('a(')).toThrow('a( is an invalid regex.');
  });
});
