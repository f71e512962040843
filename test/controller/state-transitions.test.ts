import { PartitionState as P, ReplicaState as R } from '../../src/controller/controller-context';
import { isValidPartitionTransition, isValidReplicaTransition } from '../../src/controller/state-transitions';

describe('partition state machine table', () => {
  it.each([
    [P.NonExistentPartition, P.NewPartition, true],
    [P.NewPartition, P.OnlinePartition, true],
    [P.OfflinePartition, P.OnlinePartition, true],
    [P.OnlinePartition, P.OfflinePartition, true],
    [P.OfflinePartition, P.NonExistentPartition, true],
    [P.OnlinePartition, P.NonExistentPartition, false],
    [P.NonExistentPartition, P.OnlinePartition, false],
    [P.OnlinePartition, P.NewPartition, false],
  ])('%s -> %s is %s', (from, to, valid) => {
    expect(isValidPartitionTransition(from, to)).toBe(valid);
  });
});

describe('replica state machine table', () => {
  it.each([
    [R.NonExistentReplica, R.NewReplica, true],
    [R.NewReplica, R.OnlineReplica, true],
    [R.OnlineReplica, R.OfflineReplica, true],
    [R.OfflineReplica, R.ReplicaDeletionStarted, true],
    [R.ReplicaDeletionStarted, R.ReplicaDeletionSuccessful, true],
    [R.ReplicaDeletionStarted, R.ReplicaDeletionIneligible, true],
    [R.ReplicaDeletionIneligible, R.OnlineReplica, true],
    [R.ReplicaDeletionSuccessful, R.NonExistentReplica, true],
    [R.OnlineReplica, R.ReplicaDeletionStarted, false],
    [R.NonExistentReplica, R.OnlineReplica, false],
    [R.ReplicaDeletionSuccessful, R.OnlineReplica, false],
  ])('%s -> %s is %s', (from, to, valid) => {
    expect(isValidReplicaTransition(from, to)).toBe(valid);
  });
});
