// The coordinators' access to their topics (__consumer_offsets, __transaction_state) through this broker's ReplicaManager:
// leader appends that bypass the Produce API's refusal of internal topics and, with acks=-1,
// wait as any produce does until the ISR has the records. They are appended as the coordinator's
// own (Kafka's AppendOrigin.Coordinator): a TxnOffsetCommit batch carries the producer's id and
// epoch but always base sequence 0, so the client sequence checks must not see it, while the
// epoch fencing still applies.

import { syncOrAsync } from '../common/sync-or-async';
import { AppendOrigin } from '../log';
import type { AppendResult, OffsetsLog } from '../coordinator/group/offsets-log';
import { GROUP_METADATA_TOPIC_NAME } from '../coordinator/group/offsets-topic';
import type { ProduceResult, ReplicaManager } from './replica-manager';

/** Batches the coordinator builds are magic v2, which every Produce version from 3 accepts. */
const PRODUCE_VERSION = 8;

/** `topic` is __consumer_offsets for the group coordinator, __transaction_state for the transaction coordinator. */
export function createCoordinatorOffsetsLog(replicaManager: ReplicaManager, topic = GROUP_METADATA_TOPIC_NAME): OffsetsLog {
  return {
    leaderLog(partition) {
      const p = replicaManager.getPartition(topic, partition);
      return p !== undefined && p.isLeader ? p.log : null;
    },

    async append(partition, batch, requiredAcks, timeoutMs): Promise<AppendResult> {
      const entries = [{ topic, partition, records: batch }];
      const options = { requiredAcks: requiredAcks === -1 ? -1 : 1, timeoutMs, produceVersion: PRODUCE_VERSION, internalTopicsAllowed: true, origin: AppendOrigin.Coordinator };
      const [result] = await syncOrAsync<ProduceResult[]>((done) => replicaManager.appendRecords(entries, options, done));
      return { errorCode: result.errorCode, baseOffset: result.baseOffset };
    },
  };
}
