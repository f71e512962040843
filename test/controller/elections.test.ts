import {
  controlledShutdownPartitionLeaderElection,
  newPartitionLeaderElection,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
  reassignPartitionLeaderElection,
  removeReplicaFromIsr,
} from '../../src/controller/elections';

const alive = (...ids: number[]) => (id: number) => ids.includes(id);

describe('offline partition election', () => {
  it('picks the first replica in assignment order that is alive and in the ISR, not the first in the ISR', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [3, 2], alive(2, 3), false)).toEqual({ leader: 2, isr: [3, 2], unclean: false });
  });

  it('drops dead members from the ISR', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1, 2, 3], alive(2, 3), false)).toEqual({ leader: 2, isr: [2, 3], unclean: false });
  });

  it('stays offline when no ISR member is alive and unclean election is off', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], alive(2, 3), false)).toBeNull();
  });

  it('unclean: the first live replica leads alone', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], alive(3, 2), true)).toEqual({ leader: 2, isr: [2], unclean: true });
  });

  it('unclean is only a fallback: a live ISR member still wins', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [3], alive(2, 3), true)).toEqual({ leader: 3, isr: [3], unclean: false });
  });

  it('nothing alive: no leader even with unclean election', () => {
    expect(offlinePartitionLeaderElection([1, 2], [1], alive(), true)).toBeNull();
  });
});

describe('preferred replica election', () => {
  it('elects the first assigned replica when alive and in sync, keeping the ISR', () => {
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 3, 2], alive(1, 2, 3))).toEqual({ leader: 2, isr: [1, 3, 2] });
  });
  it('refuses when the preferred replica is out of the ISR or dead', () => {
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 3], alive(1, 2, 3))).toBeNull();
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 2, 3], alive(1, 3))).toBeNull();
  });
});

describe('controlled shutdown election', () => {
  it('moves leadership to the next in-sync replica not shutting down and shrinks the ISR', () => {
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [1, 2, 3], alive(1, 2, 3), new Set([1]))).toEqual({ leader: 2, isr: [2, 3] });
  });
  it('gives up when every in-sync replica is shutting down', () => {
    expect(controlledShutdownPartitionLeaderElection([1, 2], [1], alive(1, 2), new Set([1]))).toBeNull();
  });
});

describe('reassignment and new partitions', () => {
  it('reassignment picks from the target list', () => {
    expect(reassignPartitionLeaderElection([4, 5, 1], [1, 4, 5], alive(1, 4, 5))).toEqual({ leader: 4, isr: [1, 4, 5] });
    expect(reassignPartitionLeaderElection([4, 5], [1], alive(1, 4, 5))).toBeNull();
  });
  it('a new partition is led by the first live replica with every live replica in sync', () => {
    expect(newPartitionLeaderElection([3, 1, 2], alive(1, 2))).toEqual({ leader: 1, isr: [1, 2] });
    expect(newPartitionLeaderElection([3], alive(1))).toBeNull();
  });
});

describe('replica going offline', () => {
  it('removes a follower from the ISR and keeps the leader', () => {
    expect(removeReplicaFromIsr(1, [1, 2, 3], 3)).toEqual({ leader: 1, isr: [1, 2] });
  });
  it('a dead leader leaves the partition leaderless', () => {
    expect(removeReplicaFromIsr(1, [1, 2], 1)).toEqual({ leader: -1, isr: [2] });
  });
  it('keeps the last ISR member so a clean election can wait for it (leader -1, isr [1])', () => {
    expect(removeReplicaFromIsr(1, [1], 1)).toEqual({ leader: -1, isr: [1] });
  });
});
