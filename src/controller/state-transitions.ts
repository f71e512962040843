// The controller's partition and replica state machines as tables of legal previous states
// (Kafka's PartitionStateMachine / ReplicaStateMachine). Every transition is checked against
// these; an illegal one is logged to the state-change log and skipped, as Kafka does.

import { PartitionState as P, ReplicaState as R } from './controller-context';

export const VALID_PREVIOUS_PARTITION_STATES: Readonly<Record<P, readonly P[]>> = {
  [P.NonExistentPartition]: [P.OfflinePartition],
  [P.NewPartition]: [P.NonExistentPartition],
  [P.OnlinePartition]: [P.NewPartition, P.OnlinePartition, P.OfflinePartition],
  [P.OfflinePartition]: [P.NewPartition, P.OnlinePartition, P.OfflinePartition],
};

export const VALID_PREVIOUS_REPLICA_STATES: Readonly<Record<R, readonly R[]>> = {
  [R.NonExistentReplica]: [R.ReplicaDeletionSuccessful],
  [R.NewReplica]: [R.NonExistentReplica],
  [R.OnlineReplica]: [R.NewReplica, R.OnlineReplica, R.OfflineReplica, R.ReplicaDeletionIneligible],
  [R.OfflineReplica]: [R.NewReplica, R.OnlineReplica, R.OfflineReplica, R.ReplicaDeletionIneligible],
  [R.ReplicaDeletionStarted]: [R.OfflineReplica],
  [R.ReplicaDeletionSuccessful]: [R.ReplicaDeletionStarted],
  [R.ReplicaDeletionIneligible]: [R.OfflineReplica, R.ReplicaDeletionStarted],
};

export function isValidPartitionTransition(from: P, to: P): boolean {
  return VALID_PREVIOUS_PARTITION_STATES[to].includes(from);
}

export function isValidReplicaTransition(from: R, to: R): boolean {
  return VALID_PREVIOUS_REPLICA_STATES[to].includes(from);
}
