// Partition leader elections as pure functions (Kafka's PartitionLeaderElectionAlgorithms and
// Election). Each takes the partition's assignment (preference order), its current ISR and who is
// alive, and returns the new leader and ISR, or null when no leader can be chosen. The controller
// writes the result to ZooKeeper with leader_epoch + 1; these functions decide nothing else.

export type BrokerId = number;

export interface ElectionResult {
  leader: BrokerId;
  isr: BrokerId[];
}

/**
 * A partition whose leader is gone. Clean: the first replica in assignment order that is alive and
 * in the ISR; the ISR keeps only live members. Unclean (when allowed and nothing clean is left): the
 * first live replica in assignment order becomes leader with an ISR of itself, accepting data loss.
 */
export function offlinePartitionLeaderElection(
  assignment: readonly BrokerId[],
  isr: readonly BrokerId[],
  isAlive: (id: BrokerId) => boolean,
  uncleanLeaderElectionEnabled: boolean,
): (ElectionResult & { unclean: boolean }) | null {
  const clean = assignment.find((id) => isAlive(id) && isr.includes(id));
  if (clean !== undefined) return { leader: clean, isr: isr.filter(isAlive), unclean: false };
  if (!uncleanLeaderElectionEnabled) return null;
  const unclean = assignment.find(isAlive);
  return unclean === undefined ? null : { leader: unclean, isr: [unclean], unclean: true };
}

/** Only the preferred (first assigned) replica, and only if it is alive and in the ISR; the ISR is unchanged. */
export function preferredReplicaPartitionLeaderElection(
  assignment: readonly BrokerId[],
  isr: readonly BrokerId[],
  isAlive: (id: BrokerId) => boolean,
): ElectionResult | null {
  const preferred = assignment[0];
  if (preferred === undefined || !isAlive(preferred) || !isr.includes(preferred)) return null;
  return { leader: preferred, isr: [...isr] };
}

/**
 * Moves leadership off brokers that are shutting down: the first replica in assignment order that
 * is alive, in the ISR and not shutting down; the shutting-down brokers leave the ISR.
 */
export function controlledShutdownPartitionLeaderElection(
  assignment: readonly BrokerId[],
  isr: readonly BrokerId[],
  isAlive: (id: BrokerId) => boolean,
  shuttingDown: ReadonlySet<BrokerId>,
): ElectionResult | null {
  const leader = assignment.find((id) => isAlive(id) && isr.includes(id) && !shuttingDown.has(id));
  if (leader === undefined) return null;
  return { leader, isr: isr.filter((id) => !shuttingDown.has(id)) };
}

/** During a reassignment: the first replica of the target list that is alive and in the ISR; ISR unchanged. */
export function reassignPartitionLeaderElection(
  targetReplicas: readonly BrokerId[],
  isr: readonly BrokerId[],
  isAlive: (id: BrokerId) => boolean,
): ElectionResult | null {
  const leader = targetReplicas.find((id) => isAlive(id) && isr.includes(id));
  return leader === undefined ? null : { leader, isr: [...isr] };
}

/** A brand-new partition: the first live replica leads, every live replica is in the ISR. */
export function newPartitionLeaderElection(
  assignment: readonly BrokerId[],
  isAlive: (id: BrokerId) => boolean,
): ElectionResult | null {
  const live = assignment.filter(isAlive);
  return live.length === 0 ? null : { leader: live[0], isr: live };
}

/**
 * A replica going offline (dead broker, follower of a shutting-down broker, reassignment removal):
 * it leaves the ISR, except that a single-member ISR is kept as is so that the last in-sync replica
 * is remembered for a later clean election; if it was the leader the partition has none (-1).
 */
export function removeReplicaFromIsr(leader: BrokerId, isr: readonly BrokerId[], replica: BrokerId): ElectionResult {
  const newLeader = leader === replica ? -1 : leader;
  const newIsr = isr.length === 1 && isr[0] === replica ? [...isr] : isr.filter((id) => id !== replica);
  return { leader: newLeader, isr: newIsr };
}
