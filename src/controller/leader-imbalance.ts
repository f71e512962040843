import type { TopicPartition } from '../common/topic-partition';
// The arithmetic of automatic leader rebalancing (Kafka's checkAndTriggerAutoLeaderRebalance), as
// pure functions. Partitions are grouped by their preferred replica (the first in the assignment);
// a broker's imbalance is the share of "its" partitions that some other broker leads. Above
// leader.imbalance.per.broker.percentage, the controller runs a preferred election for them.


export interface PartitionLeadership {
  tp: TopicPartition;
  /** Assignment order: the first replica is the preferred one. */
  replicas: readonly number[];
  /** Current leader, or undefined when the partition has no leadership yet (never counted). */
  leader: number | undefined;
}

export interface BrokerImbalance {
  preferredBroker: number;
  /** Partitions whose preferred replica is this broker. */
  preferred: TopicPartition[];
  /** Of those, the ones currently led by another broker (or by nobody, -1). */
  notLedByPreferred: TopicPartition[];
}

/** Per preferred broker, how many of its partitions it leads; brokers ascending. */
export function leaderImbalanceByBroker(partitions: readonly PartitionLeadership[]): BrokerImbalance[] {
  const byBroker = new Map<number, BrokerImbalance>();
  for (const p of partitions) {
    const preferredBroker = p.replicas[0];
    if (preferredBroker === undefined) continue;
    let entry = byBroker.get(preferredBroker);
    if (entry === undefined) byBroker.set(preferredBroker, (entry = { preferredBroker, preferred: [], notLedByPreferred: [] }));
    entry.preferred.push(p.tp);
    // Kafka counts only partitions with leadership info whose leader differs.
    if (p.leader !== undefined && p.leader !== preferredBroker) entry.notLedByPreferred.push(p.tp);
  }
  return [...byBroker.values()].sort((a, b) => a.preferredBroker - b.preferredBroker);
}

export function imbalanceRatio(imbalance: BrokerImbalance): number {
  return imbalance.preferred.length === 0 ? 0 : imbalance.notLedByPreferred.length / imbalance.preferred.length;
}

/** Kafka triggers strictly above the percentage: 1 of 10 partitions (10%) with the default 10 does not. */
export function isImbalanced(imbalance: BrokerImbalance, leaderImbalancePerBrokerPercentage: number): boolean {
  return imbalanceRatio(imbalance) > leaderImbalancePerBrokerPercentage / 100;
}

/**
 * The partitions an automatic check hands to the preferred election: those of imbalanced brokers
 * whose preferred replica is online (the election itself then also requires it in the ISR).
 */
export function autoRebalanceCandidates(
  partitions: readonly PartitionLeadership[],
  leaderImbalancePerBrokerPercentage: number,
  isReplicaOnline: (brokerId: number, tp: TopicPartition) => boolean,
): Array<{ preferredBroker: number; ratio: number; partitions: TopicPartition[] }> {
  return leaderImbalanceByBroker(partitions)
    .filter((b) => isImbalanced(b, leaderImbalancePerBrokerPercentage))
    .map((b) => ({
      preferredBroker: b.preferredBroker,
      ratio: imbalanceRatio(b),
      partitions: b.notLedByPreferred.filter((tp) => isReplicaOnline(b.preferredBroker, tp)),
    }));
}
