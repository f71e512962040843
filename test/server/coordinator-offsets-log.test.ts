// The group coordinator's appends through a real ReplicaManager: as the coordinator's own writes
// (AppendOrigin.Coordinator), so TxnOffsetCommit batches, which always start at sequence 0,
// are all appended while the producer's epoch is still checked.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger';
import { GROUP_METADATA_TOPIC_NAME } from '../../src/coordinator/group/offsets-topic';
import { LogManager, defaultLogConfig } from '../../src/log';
import { ErrorCode } from '../../src/protocol/errors';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { createCoordinatorOffsetsLog } from '../../src/server/coordinator-offsets-log';
import { ReplicaManager } from '../../src/server/replica-manager';

describe('coordinator offsets log', () => {
  let dir: string;
  let logManager: LogManager;
  let replicaManager: ReplicaManager;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-offsets-log-'));
    logManager = LogManager.open({ logDirs: [dir], defaultConfig: { ...defaultLogConfig(), 'file.delete.delay.ms': 0 } });
    replicaManager = new ReplicaManager({
      brokerId: 1,
      logManager,
      topicConfig: () => ({ ...defaultLogConfig(), 'cleanup.policy': ['compact'], 'file.delete.delay.ms': 0 }),
      logger: silentLogger,
      stateChangeLogger: silentLogger,
    });
    const state = { topicName: '', partitionIndex: 0, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], addingReplicas: [], removingReplicas: [], isNew: true };
    replicaManager.becomeLeaderOrFollower({
      controllerId: 1,
      controllerEpoch: 1,
      brokerEpoch: 1n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: GROUP_METADATA_TOPIC_NAME, partitionStates: [state] }],
      liveLeaders: [],
    });
  });

  afterEach(async () => {
    logManager.shutdown();
    await logManager.awaitPendingDeletions();
    rmSync(dir, { recursive: true, force: true });
  });

  const txnBatch = (value: string, producerEpoch: number) =>
    buildRecordBatch([{ key: Buffer.from('k'), value: Buffer.from(value), timestamp: Date.now() }], { producerId: 77, producerEpoch, baseSequence: 0, transactional: true });

  it('appends every transactional offset batch of a producer although each starts at sequence 0, and still fences an old epoch', async () => {
    const offsetsLog = createCoordinatorOffsetsLog(replicaManager);
    const first = await offsetsLog.append(0, txnBatch('a', 2), -1, 5000);
    const second = await offsetsLog.append(0, txnBatch('b', 2), -1, 5000);
    expect([first, second]).toEqual([
      { errorCode: ErrorCode.NONE, baseOffset: 0 },
      { errorCode: ErrorCode.NONE, baseOffset: 1 },
    ]);
    expect(await offsetsLog.append(0, txnBatch('zombie', 1), 1, 5000)).toEqual({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, baseOffset: -1 });
    expect(offsetsLog.leaderLog(0)?.logEndOffset).toBe(2);
    expect(offsetsLog.leaderLog(1)).toBeNull();
  });
});
