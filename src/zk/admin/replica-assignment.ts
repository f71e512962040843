// Kafka's default rack-unaware replica assignment (AdminUtils.assignReplicasToBrokers): spreads
// leaders round-robin from a random start and staggers followers by a shift that grows each time
// the partition ids wrap around the broker list, so replicas of consecutive partitions don't pile
// onto the same followers.

export class InvalidReplicationFactorError extends Error {}

export interface AssignmentOptions {
  /** Where the first partition's leader starts in the broker list; random in Kafka. */
  startIndex?: number;
  /** Initial follower shift; random (and independent of startIndex) in Kafka. */
  nextReplicaShift?: number;
  /** First partition id to assign (existing partition count when adding partitions). */
  startPartitionId?: number;
  random?: () => number;
}

/** Returns partition id → replica list (first = preferred leader) for `partitions` new partitions. */
export function assignReplicasToBrokers(
  brokers: readonly number[],
  partitions: number,
  replicationFactor: number,
  options: AssignmentOptions = {},
): Map<number, number[]> {
  const n = brokers.length;
  if (partitions <= 0) throw new RangeError('Number of partitions must be larger than 0.');
  if (replicationFactor <= 0) throw new InvalidReplicationFactorError('Replication factor must be larger than 0.');
  if (replicationFactor > n) {
    throw new InvalidReplicationFactorError(`Replication factor: ${replicationFactor} larger than available brokers: ${n}.`);
  }
  const random = options.random ?? Math.random;
  const startIndex = options.startIndex ?? Math.floor(random() * n);
  let shift = options.nextReplicaShift ?? Math.floor(random() * n);
  let pid = Math.max(0, options.startPartitionId ?? 0);
  const assignment = new Map<number, number[]>();
  for (let i = 0; i < partitions; i++) {
    if (pid > 0 && pid % n === 0) shift++;
    const first = (pid + startIndex) % n;
    const replicas = [brokers[first]];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokers[(first + 1 + ((shift + j) % (n - 1))) % n]);
    }
    assignment.set(pid, replicas);
    pid++;
  }
  return assignment;
}

/**
 * The fixed start Kafka uses when adding partitions to an existing topic: the index of the first
 * broker (in id order) whose id is at least partition 0's first replica, or 0.
 */
export function startIndexForNewPartitions(sortedBrokers: readonly number[], partitionZeroLeader: number): number {
  const index = sortedBrokers.findIndex((id) => id >= partitionZeroLeader);
  return index < 0 ? 0 : index;
}
