import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogManager, defaultLogConfig, type LogConfig } from '../../src/log';
import { silentLogger } from '../../src/common/logger';
import { ErrorCode } from '../../src/protocol/errors';
import type { LeaderAndIsrPartitionState, LeaderAndIsrRequest, StopReplicaRequest } from '../../src/protocol/generated';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import type { PartitionRead } from '../../src/server/fetch-types';
import { ReplicaManager, type DeleteRecordsResult, type ProduceResult } from '../../src/server/replica-manager';
import { ManualClock } from '../common/manual-clock';
import { ReplicationQuotaManager } from '../../src/server/replication-quota';

const BROKER = 1;

function partitionState(partitionIndex: number, leader: number, leaderEpoch: number, replicas = [1, 2]): LeaderAndIsrPartitionState {
  return {
    topicName: '',
    partitionIndex,
    controllerEpoch: 3,
    leader,
    leaderEpoch,
    isr: replicas,
    zkVersion: 0,
    replicas,
    addingReplicas: [],
    removingReplicas: [],
    isNew: true,
  };
}

function leaderAndIsr(controllerEpoch: number, states: LeaderAndIsrPartitionState[], topic = 't'): LeaderAndIsrRequest {
  return {
    controllerId: 2,
    controllerEpoch,
    brokerEpoch: 10n,
    ungroupedPartitionStates: [],
    topicStates: [{ topicName: topic, partitionStates: states }],
    liveLeaders: [],
  };
}

function stopReplica(controllerEpoch: number, deletePartitions: boolean, partitions: number[]): StopReplicaRequest {
  return { controllerId: 2, controllerEpoch, brokerEpoch: 10n, deletePartitions, ungroupedPartitions: [], topics: [{ name: 't', partitionIndexes: partitions }] };
}

const batch = (value: string) => buildRecordBatch([{ value: Buffer.from(value), timestamp: Date.now() }]);

/** One partition's append through appendRecords, collecting the answer (given at once unless acks=-1 waits). */
function append(rm: ReplicaManager, topic: string, partition: number, records: Buffer, requiredAcks = 1, timeoutMs = 30000): ProduceResult[] {
  const answers: ProduceResult[] = [];
  rm.appendRecords([{ topic, partition, records }], { requiredAcks, timeoutMs, produceVersion: 8, internalTopicsAllowed: false }, (results) => answers.push(...results));
  return answers;
}

const appendNow = (rm: ReplicaManager, topic: string, partition: number, records: Buffer, requiredAcks = 1): ProduceResult => {
  const answers = append(rm, topic, partition, records, requiredAcks);
  expect(answers).toHaveLength(1);
  return answers[0];
};

describe('ReplicaManager', () => {
  let dir: string;
  let logManager: LogManager;
  let rm: ReplicaManager;
  /** A ReplicaManager on this test's log dir; `topic` overrides the topic config, `clock` the system clock. */
  const replicaManager = (topic: Partial<LogConfig> = {}, clock?: ManualClock) =>
    new ReplicaManager({
      brokerId: BROKER,
      logManager,
      topicConfig: () => ({ ...defaultLogConfig(), 'file.delete.delay.ms': 0, ...topic }),
      logger: silentLogger,
      stateChangeLogger: silentLogger,
      clock,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replica-manager-'));
    logManager = LogManager.open({ logDirs: [dir], defaultConfig: { ...defaultLogConfig(), 'file.delete.delay.ms': 0 } });
    rm = replicaManager();
  });

  afterEach(async () => {
    logManager.shutdown();
    await logManager.awaitPendingDeletions();
    rmSync(dir, { recursive: true, force: true });
  });

  it('becomes leader or follower per partition and creates the logs', () => {
    const response = rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0), partitionState(1, 2, 0)]));
    expect(response.partitionErrors.map((e) => e.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    expect(rm.getPartition('t', 0)!.isLeader).toBe(true);
    expect(rm.getPartition('t', 1)!.isLeader).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('t-')).sort()).toEqual(['t-0', 't-1']);
    expect(rm.leaderErrorFor('t', 1)).toBe(ErrorCode.NOT_LEADER_FOR_PARTITION);
    expect(rm.leaderErrorFor('t', 9)).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('appends on the leader only, with Kafka error codes otherwise', () => {
    rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0), partitionState(1, 2, 0)]));
    expect(appendNow(rm, 't', 0, batch('a'))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(appendNow(rm, 't', 0, batch('b'))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 1 });
    expect(appendNow(rm, 't', 1, batch('c')).errorCode).toBe(ErrorCode.NOT_LEADER_FOR_PARTITION);
    expect(appendNow(rm, 'nope', 0, batch('c')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const corrupt = batch('d');
    corrupt[corrupt.length - 1] ^= 1;
    expect(appendNow(rm, 't', 0, corrupt).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    // Broker 2 is in the ISR but has not fetched: the high watermark waits for it.
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(0);
    const read = (offset: number) => rm.readForFollower(2, { topic: 't', partition: 0, fetchOffset: offset, maxBytes: 1 << 20, minOneBatch: true, currentLeaderEpoch: 0 });
    expect(read(0).records.length).toBeGreaterThan(0);
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(0);
    read(2); // the follower now has both records
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(2);
  });

  it('acks=-1 is refused before the append when the ISR is smaller than min.insync.replicas', () => {
    const strict = replicaManager({ 'min.insync.replicas': 2 });
    strict.becomeLeaderOrFollower(leaderAndIsr(3, [{ ...partitionState(0, 1, 0), isr: [1] }]));
    expect(appendNow(strict, 't', 0, batch('a'), -1).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(appendNow(strict, 't', 0, batch('a'), 1).errorCode).toBe(ErrorCode.NONE);
  });

  describe('the produce and fetch purgatories it owns', () => {
    let clock: ManualClock;
    let timed: ReplicaManager;
    const followerRead = (offset: number) =>
      timed.readForFollower(2, { topic: 't', partition: 0, fetchOffset: offset, maxBytes: 1 << 20, minOneBatch: true, currentLeaderEpoch: 0 });

    beforeEach(() => {
      clock = new ManualClock();
      timed = replicaManager({}, clock);
      timed.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0)]));
    });

    it('acks=-1 answers once the in-sync follower has fetched past the records', () => {
      const answers = append(timed, 't', 0, batch('a'), -1);
      expect(answers).toEqual([]);
      followerRead(0); // fetched, but not yet past the record
      expect(answers).toEqual([]);
      followerRead(1);
      expect(answers).toMatchObject([{ errorCode: ErrorCode.NONE, baseOffset: 0 }]);
    });

    it('acks=-1 answers REQUEST_TIMED_OUT when the ISR does not catch up in time', () => {
      const answers = append(timed, 't', 0, batch('a'), -1, 1000);
      clock.advance(999);
      expect(answers).toEqual([]);
      clock.advance(1);
      expect(answers).toMatchObject([{ errorCode: ErrorCode.REQUEST_TIMED_OUT }]);
    });

    it('refuses invalid acks and, for clients, internal topics', () => {
      expect(appendNow(timed, 't', 0, batch('a'), 2).errorCode).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
      expect(appendNow(timed, '__consumer_offsets', 0, batch('a')).errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    });

    it('a long-polling consumer fetch answers when the high watermark moves, or at max_wait_ms with nothing', () => {
      const params = { replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1 << 20, minOneBatch: true, isolationLevel: 0, partitions: [{ topic: 't', partition: 0, fetchOffset: 0, maxBytes: 1 << 20, currentLeaderEpoch: -1 }] };
      const reads: PartitionRead[][] = [];
      timed.fetchMessages(params, (r) => reads.push(r));
      expect(reads).toEqual([]);
      appendNow(timed, 't', 0, batch('a'));
      expect(reads).toEqual([]); // appended, but the follower has not made it visible to consumers
      followerRead(1);
      expect(reads).toHaveLength(1);
      expect(reads[0][0].highWatermark).toBe(1);
      expect(reads[0][0].records.length).toBeGreaterThan(0);

      timed.fetchMessages({ ...params, partitions: [{ ...params.partitions[0], fetchOffset: 1 }] }, (r) => reads.push(r));
      clock.advance(500);
      expect(reads).toHaveLength(2);
      expect(reads[1][0].records.length).toBe(0);
    });

    describe('DeleteRecords', () => {
      const deleteRecords = (offset: number, timeoutMs = 1000, rm = timed) => {
        const answers: DeleteRecordsResult[][] = [];
        rm.deleteRecords([{ topic: 't', partition: 0, offset }], timeoutMs, (r) => answers.push(r));
        return answers;
      };
      const followerReadFrom = (offset: number, logStartOffset: number) =>
        timed.readForFollower(2, { topic: 't', partition: 0, fetchOffset: offset, maxBytes: 1 << 20, minOneBatch: true, currentLeaderEpoch: 0, logStartOffset });

      beforeEach(() => {
        for (const v of ['a', 'b', 'c']) appendNow(timed, 't', 0, batch(v));
        followerReadFrom(3, 0); // high watermark 3
      });

      it('moves the leader log start at once and answers when the follower has followed', () => {
        const answers = deleteRecords(2);
        expect(timed.getPartition('t', 0)!.log!.logStartOffset).toBe(2);
        expect(answers).toEqual([]);
        followerReadFrom(3, 1);
        expect(answers).toEqual([]);
        followerReadFrom(3, 2);
        expect(answers).toEqual([[{ topic: 't', partition: 0, lowWatermark: 2, errorCode: ErrorCode.NONE }]]);
      });

      it('-1 means the high watermark; a dead follower is not waited for', () => {
        const alone = new ReplicaManager({ brokerId: BROKER, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger, clock, isBrokerAlive: (id) => id !== 2 });
        alone.becomeLeaderOrFollower(leaderAndIsr(4, [{ ...partitionState(0, 1, 1), isNew: false }]));
        expect(deleteRecords(-1, 1000, alone)).toEqual([[{ topic: 't', partition: 0, lowWatermark: alone.getPartition('t', 0)!.log!.highWatermark, errorCode: ErrorCode.NONE }]]);
      });

      it('answers REQUEST_TIMED_OUT with the low watermark it had, and Kafka errors for offsets and policies', () => {
        const answers = deleteRecords(3, 1000);
        clock.advance(1000);
        expect(answers).toEqual([[{ topic: 't', partition: 0, lowWatermark: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT }]]);
        expect(deleteRecords(4)[0]![0]!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
        expect(deleteRecords(-2)[0]![0]!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
        const compacted = replicaManager({ 'cleanup.policy': ['compact'] }, clock);
        compacted.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0)], 'c'));
        const answer: DeleteRecordsResult[] = [];
        compacted.deleteRecords([{ topic: 'c', partition: 0, offset: 0 }, { topic: 'c', partition: 1, offset: 0 }, { topic: '__consumer_offsets', partition: 0, offset: 0 }], 1000, (r) => answer.push(...r));
        expect(answer.map((r) => r.errorCode)).toEqual([ErrorCode.POLICY_VIOLATION, ErrorCode.NOT_LEADER_FOR_PARTITION, ErrorCode.INVALID_TOPIC_EXCEPTION]);
      });
    });
  });

  it('a throttled follower out of the ISR gets no records while the leader quota is exceeded', () => {
    const clock = new ManualClock();
    const leaderQuota = new ReplicationQuotaManager(clock);
    const throttling = new ReplicaManager({ brokerId: BROKER, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger, clock, leaderQuota });
    // Broker 2 is assigned but not in the ISR (a reassignment adding it).
    throttling.becomeLeaderOrFollower(leaderAndIsr(3, [{ ...partitionState(0, 1, 0), isr: [1] }]));
    for (const v of ['a', 'b']) appendNow(throttling, 't', 0, batch(v));
    const read = () => throttling.readForFollower(2, { topic: 't', partition: 0, fetchOffset: 0, maxBytes: 1 << 20, minOneBatch: true, currentLeaderEpoch: 0 }).records.length;
    leaderQuota.markThrottled('t', 'all');
    leaderQuota.updateQuota(1);
    expect(read()).toBeGreaterThan(0); // the first read goes out and is counted
    expect(leaderQuota.isQuotaExceeded()).toBe(true);
    expect(read()).toBe(0);
    leaderQuota.updateQuota(undefined);
    expect(read()).toBeGreaterThan(0);
  });

  it('refuses a stale controller epoch and a leader epoch that is not newer', () => {
    rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 5)]));
    const stale = rm.becomeLeaderOrFollower(leaderAndIsr(2, [partitionState(0, 2, 6)]));
    expect(stale.errorCode).toBe(ErrorCode.STALE_CONTROLLER_EPOCH);
    const sameEpoch = rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 2, 5)]));
    expect(sameEpoch.partitionErrors[0].errorCode).toBe(ErrorCode.STALE_CONTROLLER_EPOCH);
    expect(rm.getPartition('t', 0)!.isLeader).toBe(true);
    const newer = rm.becomeLeaderOrFollower(leaderAndIsr(4, [partitionState(0, 2, 6)]));
    expect(newer.partitionErrors[0].errorCode).toBe(ErrorCode.NONE);
    expect(rm.getPartition('t', 0)!.isLeader).toBe(false);
  });

  it('ignores partitions whose replica list does not include this broker', () => {
    const response = rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 2, 0, [2, 3])]));
    expect(response.partitionErrors[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(rm.getPartition('t', 0)).toBeUndefined();
  });

  it('records the leader epoch start offset when becoming leader', () => {
    rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0)]));
    appendNow(rm, 't', 0, batch('a'));
    rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 1)]));
    expect(rm.getPartition('t', 0)!.log!.leaderEpochCache.entries).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 1 },
    ]);
  });

  it('StopReplica with delete removes the partition and renames its dir for deletion', () => {
    rm.becomeLeaderOrFollower(leaderAndIsr(3, [partitionState(0, 1, 0)]));
    expect(rm.stopReplicas(stopReplica(2, true, [0])).errorCode).toBe(ErrorCode.STALE_CONTROLLER_EPOCH);
    const response = rm.stopReplicas(stopReplica(3, true, [0]));
    expect(response.partitionErrors).toEqual([{ topicName: 't', partitionIndex: 0, errorCode: ErrorCode.NONE }]);
    expect(rm.getPartition('t', 0)).toBeUndefined();
    expect(readdirSync(dir).some((n) => n === 't-0')).toBe(false);
  });
});
