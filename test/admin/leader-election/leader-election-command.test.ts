import type { ElectionOutcome } from '../../../src/admin/leader-election/elect-leaders-client';
import { AdminOperationException, parseElectionData, parseElectionType, summarizeElection, validateLeaderElectionOptions } from '../../../src/admin/leader-election/leader-election-command';
import { scalaSetString } from '../../../src/admin/leader-election/preferred-replica-election-command';

const outcome = (topic: string, partition: number, errorName?: string, errorMessage: string | null = null): ElectionOutcome => ({
  tp: { topic, partition },
  error: errorName === undefined ? null : { errorCode: 0, errorName, errorMessage },
});

const text = {
  succeeded: (l: string) => `Successfully completed leader election (PREFERRED) for partitions ${l}`,
  noop: (l: string) => `Valid replica already elected for partitions ${l}`,
  failed: (tp: string, e: string) => `Error completing leader election (PREFERRED) for partition: ${tp}: ${e}`,
  failure: (n: number) => `${n} replica(s) could not be elected`,
};

describe('kafka-leader-election options (LeaderElectionCommand.validate)', () => {
  const ok = { bootstrapServer: 'h:9092', electionType: 'preferred' };
  it.each([
    [{}, 'Missing required option(s): election-type, bootstrap-server'],
    [{ electionType: 'preferred' }, 'Missing required option(s): bootstrap-server'],
    [ok, 'One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file'],
    [{ ...ok, topic: 't', allTopicPartitions: true }, 'One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file'],
    [{ ...ok, topic: 't' }, 'Missing required option(s): partition'],
    [{ ...ok, allTopicPartitions: true, partition: 1 }, 'Option partition is only allowed if topic is used'],
  ])('%j → %s', (opts, message) => {
    expect(() => validateLeaderElectionOptions(opts)).toThrow(message);
  });

  it('accepts one partition selection and election types in any case', () => {
    expect(() => validateLeaderElectionOptions({ ...ok, topic: 't', partition: 0 })).not.toThrow();
    expect(() => validateLeaderElectionOptions({ ...ok, pathToJsonFile: 'f' })).not.toThrow();
    expect([parseElectionType('Preferred'), parseElectionType('UNCLEAN'), parseElectionType('clean')]).toEqual(['PREFERRED', 'UNCLEAN', null]);
  });
});

describe('election JSON files', () => {
  const parse = (json: string) => parseElectionData(json, 'Replica election data', 'Replica election data is missing "partitions" field');
  it('reads the partition list', () => {
    expect(parse('{"partitions":[{"topic":"foo","partition":1},{"topic":"bar","partition":2}]}')).toEqual([
      { topic: 'foo', partition: 1 },
      { topic: 'bar', partition: 2 },
    ]);
  });
  it('refuses empty data, a missing list and duplicates with Kafka\'s messages', () => {
    expect(() => parse('')).toThrow(new AdminOperationException('Replica election data is empty'));
    expect(() => parse('{"version":1}')).toThrow('Replica election data is missing "partitions" field');
    expect(() => parse('{"partitions":[{"topic":"a","partition":0},{"topic":"a","partition":0}]}')).toThrow('Replica election data contains duplicate partitions: a-0');
  });
});

describe('election summary lines', () => {
  it('lists successes, then (as 2.4.1 does) the succeeded set again on the already-elected line, then each failure', () => {
    const { lines, failure } = summarizeElection(
      [outcome('t', 1), outcome('t', 0), outcome('t', 2, 'ELECTION_NOT_NEEDED'), outcome('t', 3, 'PREFERRED_LEADER_NOT_AVAILABLE', 'Failed to elect leader for partition t-3 under strategy PreferredReplicaPartitionLeaderElectionStrategy')],
      text,
    );
    expect(lines).toEqual([
      'Successfully completed leader election (PREFERRED) for partitions t-0, t-1',
      'Valid replica already elected for partitions t-0, t-1',
      'Error completing leader election (PREFERRED) for partition: t-3: org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: Failed to elect leader for partition t-3 under strategy PreferredReplicaPartitionLeaderElectionStrategy',
    ]);
    expect(failure?.message).toBe('1 replica(s) could not be elected');
  });

  it('uses the error code\'s default message when the broker sent none', () => {
    const { lines } = summarizeElection([outcome('u', 0, 'UNKNOWN_TOPIC_OR_PARTITION')], text);
    expect(lines).toEqual(['Error completing leader election (PREFERRED) for partition: u-0: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.']);
  });

  it('nothing to say when nothing was elected', () => {
    expect(summarizeElection([], text)).toEqual({ lines: [], failure: null });
  });

  it('prints partition sets the way Scala does', () => {
    expect(scalaSetString([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }])).toBe('Set(t-0, t-1)');
  });
});
