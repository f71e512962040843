import { failedElectionResult, planElection, type ElectionView } from '../../src/controller/preferred-election';
import { ElectionType } from '../../src/protocol/election-type';
import { ErrorCode } from '../../src/protocol/errors';

const assignments: Record<string, number[]> = { 'a-0': [1, 2, 3], 'a-1': [2, 3, 1], 'a-2': [3, 1, 2], 'gone-0': [1, 2] };
const leaders: Record<string, number> = { 'a-0': 1, 'a-1': 3, 'a-2': -1, 'gone-0': 2 };
const view = (live: number[]): ElectionView => ({
  exists: (tp) => `${tp.topic}-${tp.partition}` in assignments,
  isTopicQueuedForDeletion: (topic) => topic === 'gone',
  replicasFor: (tp) => assignments[`${tp.topic}-${tp.partition}`],
  leaderOf: (tp) => leaders[`${tp.topic}-${tp.partition}`],
  isBrokerLive: (id) => live.includes(id),
});
const tps = (...keys: string[]) => keys.map((k) => ({ topic: k.split('-')[0], partition: Number(k.split('-')[1]) }));

describe('which partitions an election request elects, and what the others answer', () => {
  it('PREFERRED elects where the preferred replica is not the leader; ELECTION_NOT_NEEDED where it is', () => {
    const plan = planElection(tps('a-0', 'a-1', 'a-2'), ElectionType.PREFERRED, view([1, 2, 3]));
    expect(plan.electable).toEqual(tps('a-1', 'a-2'));
    expect(plan.answered).toEqual([{ tp: tps('a-0')[0], errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition' }]);
  });

  it('UNCLEAN elects only partitions without a live leader', () => {
    const plan = planElection(tps('a-0', 'a-1', 'a-2'), ElectionType.UNCLEAN, view([1, 2]));
    // a-1's leader 3 is dead, a-2 has none; a-0's leader 1 is alive.
    expect(plan.electable).toEqual(tps('a-1', 'a-2'));
    expect(plan.answered.map((r) => [r.tp.partition, r.errorCode])).toEqual([[0, 84]]);
  });

  it('unknown partitions answer UNKNOWN_TOPIC_OR_PARTITION, topics being deleted INVALID_TOPIC_EXCEPTION', () => {
    const plan = planElection(tps('a-7', 'nope-0', 'gone-0'), ElectionType.PREFERRED, view([1, 2, 3]));
    expect(plan.electable).toEqual([]);
    expect(plan.answered).toEqual([
      { tp: tps('a-7')[0], errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'The partition does not exist.' },
      { tp: tps('nope-0')[0], errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'The partition does not exist.' },
      { tp: tps('gone-0')[0], errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: 'The topic is being deleted' },
    ]);
  });

  it('a failed election maps to PREFERRED_LEADER_NOT_AVAILABLE (80) or ELIGIBLE_LEADERS_NOT_AVAILABLE (83) with Kafka\'s message', () => {
    expect(failedElectionResult(tps('a-1')[0], ElectionType.PREFERRED)).toEqual({
      tp: tps('a-1')[0],
      errorCode: 80,
      errorMessage: 'Failed to elect leader for partition a-1 under strategy PreferredReplicaPartitionLeaderElectionStrategy',
    });
    expect(failedElectionResult(tps('a-1')[0], ElectionType.UNCLEAN)).toMatchObject({ errorCode: 83, errorMessage: expect.stringContaining('OfflinePartitionLeaderElectionStrategy(true)') });
  });
});
