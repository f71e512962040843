// A group coordinator on one real __consumer_offsets partition (number 0 of a one-partition
// offsets topic, on disk, this broker its only replica) with a ManualClock: what the group
// coordinator tests share. Appends go to the Log as the broker's coordinator-offsets-log sends
// them, as the coordinator's own (AppendOrigin.Coordinator).

import * as path from 'node:path';
import { silentLogger } from '../../../src/common/logger';
import { GroupCoordinator } from '../../../src/coordinator/group/group-coordinator';
import { GroupMetadataManager } from '../../../src/coordinator/group/group-metadata-manager';
import type { OffsetAndMetadata } from '../../../src/coordinator/group/offset-and-metadata';
import type { OffsetsLog } from '../../../src/coordinator/group/offsets-log';
import { TopicPartitionMap } from '../../../src/coordinator/group/topic-partition-map';
import { AppendOrigin } from '../../../src/log';
import { Log } from '../../../src/log/log';
import { ErrorCode } from '../../../src/protocol/errors';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { errorCodeOf } from '../../../src/server/replica-manager';
import { config, immediateScheduler, tempDir } from '../../log/helpers';
import { ManualClock } from '../../common/manual-clock';

export interface TestOffsetsLog extends OffsetsLog {
  /** False: this broker no longer leads the partition (NOT_LEADER_FOR_PARTITION). */
  leading: boolean;
  /** The next append fails with this code without touching the log. */
  failNextWith: number | null;
}

/** Lets pending I/O callbacks and promise continuations run (the log's loads and appends). */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export function offsetsLogOn(log: Log): TestOffsetsLog {
  const offsetsLog: TestOffsetsLog = {
    leading: true,
    failNextWith: null,
    leaderLog: () => (offsetsLog.leading ? log : null),
    append: async (_partition: number, batch: Buffer) => {
      if (!offsetsLog.leading) return { errorCode: ErrorCode.NOT_LEADER_FOR_PARTITION, baseOffset: -1 };
      if (offsetsLog.failNextWith !== null) {
        const errorCode = offsetsLog.failNextWith;
        offsetsLog.failNextWith = null;
        return { errorCode, baseOffset: -1 };
      }
      try {
        const info = log.appendAsLeader(batch, 0, { origin: AppendOrigin.Coordinator });
        // The only replica: replicated as soon as written.
        log.updateHighWatermark(log.logEndOffset);
        return { errorCode: ErrorCode.NONE, baseOffset: info.firstOffset };
      } catch (error) {
        return { errorCode: errorCodeOf(error), baseOffset: -1 };
      }
    },
  };
  return offsetsLog;
}

export function openOffsetsLog(dir = path.join(tempDir('coordinator-'), '__consumer_offsets-0')): Log {
  return Log.open({ dir, config: config({ 'cleanup.policy': 'compact' }), scheduler: immediateScheduler });
}

/** The group coordinator's settings (GroupConfig & GroupMetadataManagerConfig) for a one-partition offsets topic. */
export function coordinatorSettings(overrides: { retentionMs?: number } = {}) {
  return {
    brokerId: 1,
    groupMinSessionTimeoutMs: 100,
    groupMaxSessionTimeoutMs: 60_000,
    groupInitialRebalanceDelayMs: 50,
    groupMaxSize: 1000,
    offsetsTopicNumPartitions: 1,
    offsetsRetentionMs: overrides.retentionMs ?? 24 * 3600 * 1000,
    offsetsRetentionCheckIntervalMs: 3_600_000,
    offsetCommitTimeoutMs: 5000,
    offsetCommitRequiredAcks: -1,
    offsetsLoadBufferSize: 1024,
    offsetMetadataMaxBytes: 4096,
    compression: 0,
  };
}

export function newCoordinator(log: Log, overrides: { retentionMs?: number } = {}) {
  const offsetsLog = offsetsLogOn(log);
  const settings = coordinatorSettings(overrides);
  const clock = new ManualClock();
  const coordinator = new GroupCoordinator(settings, new GroupMetadataManager(settings, offsetsLog, silentLogger, clock), silentLogger, clock);
  coordinator.startup();
  return { coordinator, offsetsLog, clock };
}

export async function untilLoaded(coordinator: GroupCoordinator): Promise<void> {
  while (coordinator.groupManager.isLoading) await yieldToIo();
}

/** This broker becomes leader of the offsets partition and has loaded it. */
export async function loaded(coordinator: GroupCoordinator): Promise<void> {
  coordinator.onElection(0);
  await untilLoaded(coordinator);
}

/** Offsets to commit: [topic, partition, offset] or with metadata. */
export function offsetsToCommit(now: number, entries: Array<[string, number, bigint, string?]>): TopicPartitionMap<OffsetAndMetadata> {
  const map = new TopicPartitionMap<OffsetAndMetadata>();
  for (const [topic, partition, offset, metadata] of entries) map.set({ topic, partition }, { offset, leaderEpoch: -1, metadata: metadata ?? '', commitTimestamp: now, expireTimestamp: null });
  return map;
}

/** What the partition leader does for WriteTxnMarkers: append the producer's COMMIT or ABORT marker. */
export function appendMarker(log: Log, type: ControlRecordType, producerId: number, producerEpoch: number): void {
  log.appendAsLeader(buildControlBatch({ type, coordinatorEpoch: 0, producerId, producerEpoch, timestamp: Date.now() }), 0, { origin: AppendOrigin.Coordinator });
  log.updateHighWatermark(log.logEndOffset);
}
