// The group coordinator's access to __consumer_offsets through this broker's ReplicaManager:
// leader appends bypass the Produce API's refusal of internal topics, wake followers' long-poll
// fetches, and with acks=-1 wait in the produce purgatory until the ISR has the records.

import type { AppendResult, OffsetsLog } from '../coordinator/group/offsets-log';
import { GROUP_METADATA_TOPIC_NAME } from '../coordinator/group/offsets-topic';
import { ErrorCode } from '../protocol/errors';
import { fetchKey } from './apis/01-fetch';
import { DelayedProduce } from './delayed-produce';
import type { DelayedOperationPurgatory } from './purgatory';
import type { ReplicaManager } from './replica-manager';

/** Batches the coordinator builds are magic v2, which every Produce version from 3 accepts. */
const PRODUCE_VERSION = 8;

export function createCoordinatorOffsetsLog(
  replicaManager: ReplicaManager,
  producePurgatory: DelayedOperationPurgatory<string, DelayedProduce>,
  onAppended: (topic: string, partition: number) => void,
): OffsetsLog {
  return {
    leaderLog(partition) {
      const p = replicaManager.getPartition(GROUP_METADATA_TOPIC_NAME, partition);
      return p !== undefined && p.isLeader ? p.log : null;
    },

    append(partition, batch, requiredAcks, timeoutMs): Promise<AppendResult> {
      const result = replicaManager.appendToLeader(GROUP_METADATA_TOPIC_NAME, partition, batch, PRODUCE_VERSION, requiredAcks === -1 ? -1 : 1);
      if (result.errorCode !== ErrorCode.NONE) return Promise.resolve({ errorCode: result.errorCode, baseOffset: -1 });
      onAppended(GROUP_METADATA_TOPIC_NAME, partition);
      if (requiredAcks !== -1) return Promise.resolve({ errorCode: ErrorCode.NONE, baseOffset: result.baseOffset });
      return new Promise((resolve) => {
        const pending = [{ topic: GROUP_METADATA_TOPIC_NAME, partition, requiredOffset: result.nextOffset, errorCode: ErrorCode.NONE, done: false }];
        const operation = new DelayedProduce(timeoutMs, pending, replicaManager, ([p]) => resolve({ errorCode: p.errorCode, baseOffset: result.baseOffset }));
        producePurgatory.tryCompleteElseWatch(operation, [fetchKey(GROUP_METADATA_TOPIC_NAME, partition)]);
      });
    },
  };
}
