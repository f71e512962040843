import { autoRebalanceCandidates, imbalanceRatio, isImbalanced, leaderImbalanceByBroker, type PartitionLeadership } from '../../src/controller/leader-imbalance';

const p = (partition: number, replicas: number[], leader: number | undefined): PartitionLeadership => ({ tp: { topic: 't', partition }, replicas, leader });

describe('leader imbalance per preferred broker', () => {
  const partitions = [
    p(0, [1, 2, 3], 1),
    p(1, [2, 3, 1], 3),
    p(2, [3, 1, 2], 3),
    p(3, [1, 3, 2], 3),
    p(4, [2, 1, 3], 3),
    p(5, [3, 2, 1], 3),
  ];

  it('groups partitions by their first replica and counts those another broker leads', () => {
    const byBroker = leaderImbalanceByBroker(partitions);
    expect(byBroker.map((b) => [b.preferredBroker, b.preferred.length, b.notLedByPreferred.map((tp) => tp.partition)])).toEqual([
      [1, 2, [3]],
      [2, 2, [1, 4]],
      [3, 2, []],
    ]);
    expect(byBroker.map(imbalanceRatio)).toEqual([0.5, 1, 0]);
  });

  it('a partition without leadership info is not counted as misplaced; no leader (-1) is', () => {
    const [b] = leaderImbalanceByBroker([p(0, [1, 2], undefined), p(1, [1, 2], -1)]);
    expect(b.notLedByPreferred.map((tp) => tp.partition)).toEqual([1]);
    expect(imbalanceRatio(b)).toBe(0.5);
  });

  it('triggers strictly above the percentage, as Kafka compares ratio > percentage / 100', () => {
    const tenPercent = leaderImbalanceByBroker(Array.from({ length: 10 }, (_, i) => p(i, [1, 2], i === 0 ? 2 : 1)))[0];
    expect(imbalanceRatio(tenPercent)).toBeCloseTo(0.1);
    expect(isImbalanced(tenPercent, 10)).toBe(false);
    expect(isImbalanced(tenPercent, 9)).toBe(true);
  });

  it('proposes the misplaced partitions of imbalanced brokers whose preferred replica is online', () => {
    expect(autoRebalanceCandidates(partitions, 10, () => true)).toEqual([
      { preferredBroker: 1, ratio: 0.5, partitions: [{ topic: 't', partition: 3 }] },
      { preferredBroker: 2, ratio: 1, partitions: [{ topic: 't', partition: 1 }, { topic: 't', partition: 4 }] },
    ]);
    const broker2Offline = autoRebalanceCandidates(partitions, 10, (broker) => broker !== 2);
    expect(broker2Offline.find((c) => c.preferredBroker === 2)?.partitions).toEqual([]);
    expect(autoRebalanceCandidates(partitions, 60, () => true).map((c) => c.preferredBroker)).toEqual([2]);
  });

  it('a balanced cluster proposes nothing', () => {
    expect(autoRebalanceCandidates([p(0, [1, 2], 1), p(1, [2, 1], 2)], 0, () => true)).toEqual([]);
  });
});
