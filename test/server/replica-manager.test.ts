import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogManager, defaultLogConfig } from '../../src/log';
import { silentLogger } from '../../src/common/logger';
import { ErrorCode } from '../../src/protocol/errors';
import type { LeaderAndIsrPartitionState, LeaderAndIsrRequest, StopReplicaRequest } from '../../src/protocol/generated';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { ReplicaManager } from '../../src/server/replica-manager';

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

describe('ReplicaManager', () => {
  let dir: string;
  let logManager: LogManager;
  let rm: ReplicaManager;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replica-manager-'));
    logManager = LogManager.open({ logDirs: [dir], defaultConfig: { ...defaultLogConfig(), 'file.delete.delay.ms': 0 } });
    rm = new ReplicaManager({
      brokerId: BROKER,
      logManager,
      topicConfig: () => ({ ...defaultLogConfig(), 'file.delete.delay.ms': 0 }),
      logger: silentLogger,
      stateChangeLogger: silentLogger,
    });
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
    expect(rm.appendToLeader('t', 0, batch('a'), 8)).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(rm.appendToLeader('t', 0, batch('b'), 8)).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 1 });
    expect(rm.appendToLeader('t', 1, batch('c'), 8).errorCode).toBe(ErrorCode.NOT_LEADER_FOR_PARTITION);
    expect(rm.appendToLeader('nope', 0, batch('c'), 8).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const corrupt = batch('d');
    corrupt[corrupt.length - 1] ^= 1;
    expect(rm.appendToLeader('t', 0, corrupt, 8).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    // Broker 2 is in the ISR but has not fetched: the high watermark waits for it.
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(0);
    const read = (offset: number) => rm.readForFollower(2, { topic: 't', partition: 0, fetchOffset: offset, maxBytes: 1 << 20, minOneBatch: true, currentLeaderEpoch: 0 });
    expect(read(0).records.length).toBeGreaterThan(0);
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(0);
    read(2); // the follower now has both records
    expect(rm.getPartition('t', 0)!.log!.highWatermark).toBe(2);
  });

  it('acks=-1 is refused before the append when the ISR is smaller than min.insync.replicas', () => {
    const strict = new ReplicaManager({
      brokerId: BROKER,
      logManager,
      topicConfig: () => ({ ...defaultLogConfig(), 'min.insync.replicas': 2 }),
      logger: silentLogger,
      stateChangeLogger: silentLogger,
    });
    strict.becomeLeaderOrFollower(leaderAndIsr(3, [{ ...partitionState(0, 1, 0), isr: [1] }]));
    expect(strict.appendToLeader('t', 0, batch('a'), 8, -1).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(strict.appendToLeader('t', 0, batch('a'), 8, 1).errorCode).toBe(ErrorCode.NONE);
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
    rm.appendToLeader('t', 0, batch('a'), 8);
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
