import {
  InvalidReplicationFactorError,
  assignReplicasToBrokers,
  startIndexForNewPartitions,
} from '../../../src/zk/admin/replica-assignment';

describe('assignReplicasToBrokers (rack-unaware)', () => {
  it("matches Kafka's documented example for 5 brokers, RF 3, fixed start 0", () => {
    const a = assignReplicasToBrokers([0, 1, 2, 3, 4], 8, 3, { startIndex: 0, nextReplicaShift: 0 });
    expect([...a.entries()]).toEqual([
      [0, [0, 1, 2]],
      [1, [1, 2, 3]],
      [2, [2, 3, 4]],
      [3, [3, 4, 0]],
      [4, [4, 0, 1]],
      [5, [0, 2, 3]],
      [6, [1, 3, 4]],
      [7, [2, 4, 0]],
    ]);
  });

  it('never puts two replicas of a partition on one broker and spreads leaders evenly', () => {
    const brokers = [1, 2, 3];
    for (let start = 0; start < 3; start++) {
      for (let shift = 0; shift < 3; shift++) {
        const a = assignReplicasToBrokers(brokers, 6, 3, { startIndex: start, nextReplicaShift: shift });
        for (const replicas of a.values()) expect(new Set(replicas).size).toBe(3);
        const leaders = [...a.values()].map((r) => r[0]);
        for (const b of brokers) expect(leaders.filter((l) => l === b)).toHaveLength(2);
      }
    }
  });

  it('continues from startPartitionId when adding partitions', () => {
    const a = assignReplicasToBrokers([1, 2, 3], 2, 2, { startIndex: 0, nextReplicaShift: 0, startPartitionId: 3 });
    expect([...a.keys()]).toEqual([3, 4]);
    expect(a.get(3)).toEqual([1, 3]); // pid 3 wrapped: shift became 1
  });

  it('uses the injected randomness for start and shift', () => {
    const a = assignReplicasToBrokers([1, 2, 3], 1, 2, { random: () => 0.5 });
    expect(a.get(0)).toEqual([2, 1]); // start 1, shift 1
  });

  it('rejects a replication factor larger than the broker count', () => {
    expect(() => assignReplicasToBrokers([1, 2], 1, 3)).toThrow(InvalidReplicationFactorError);
    expect(() => assignReplicasToBrokers([1, 2], 1, 0)).toThrow(InvalidReplicationFactorError);
    expect(() => assignReplicasToBrokers([1, 2], 0, 1)).toThrow(RangeError);
  });

  it('single broker, RF 1', () => {
    expect([...assignReplicasToBrokers([7], 3, 1).values()]).toEqual([[7], [7], [7]]);
  });
});

describe('startIndexForNewPartitions', () => {
  it("finds the first broker whose id is at least partition 0's leader", () => {
    expect(startIndexForNewPartitions([1, 2, 3], 2)).toBe(1);
    expect(startIndexForNewPartitions([1, 2, 3], 9)).toBe(0);
  });
});
