// Kafka's ReplicaAssignment arithmetic (KIP-455): during a reassignment the replica set RS is the
// target replicas followed by the original ones (ORS + TRS, without repeats), `adding` = RS − ORS
// and `removing` = RS − TRS, so the topic znode alone says where the partition came from and
// where it is going, and a new controller can resume from it.

import type { ReplicaAssignment } from '../zk';

const diff = (a: readonly number[], b: readonly number[]) => a.filter((x) => !b.includes(x));

export const originReplicas = (a: ReplicaAssignment): number[] => diff(a.replicas, a.addingReplicas);
export const targetReplicas = (a: ReplicaAssignment): number[] => diff(a.replicas, a.removingReplicas);
export const isBeingReassigned = (a: ReplicaAssignment): boolean => a.addingReplicas.length > 0 || a.removingReplicas.length > 0;

/** ReplicaAssignment.fromOldAndNewReplicas. */
export function fromOldAndNewReplicas(oldReplicas: readonly number[], newReplicas: readonly number[]): ReplicaAssignment {
  const full = [...new Set([...newReplicas, ...oldReplicas])];
  return { replicas: full, addingReplicas: diff(full, oldReplicas), removingReplicas: diff(full, newReplicas) };
}

/** ReplicaAssignment.reassignTo: from where the partition originally was to `newReplicas`. */
export function reassignTo(current: ReplicaAssignment, newReplicas: readonly number[]): ReplicaAssignment {
  return fromOldAndNewReplicas(originReplicas(current), newReplicas);
}

export function sameAssignment(a: ReplicaAssignment, b: ReplicaAssignment): boolean {
  const same = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.replicas, b.replicas) && same(a.addingReplicas, b.addingReplicas) && same(a.removingReplicas, b.removingReplicas);
}
