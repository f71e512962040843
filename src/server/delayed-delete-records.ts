// A DeleteRecords waiting for the replicas (Kafka's DelayedDeleteRecords): the leader has moved
// its log start offset; each partition is done once the low watermark — the lowest log start
// offset among the leader and its live followers, which learn the new start from their fetches —
// reaches the requested offset, or with an error when leadership moved. Partitions still waiting
// at timeout_ms answer REQUEST_TIMED_OUT with the low watermark they had.

import { ErrorCode } from '../protocol/errors';
import { DelayedOperation } from '../common/purgatory';
import type { Partition } from './partition';

/** What a waiting DeleteRecords needs of ReplicaManager. */
export interface LowWatermarkProgress {
  getPartition(topic: string, partition: number): Partition | undefined;
  isBrokerAlive(brokerId: number): boolean;
}

export interface DeleteRecordsStatus {
  topic: string;
  partition: number;
  /** The offset the log start must reach everywhere (the high watermark when -1 was asked). */
  requiredOffset: number;
  lowWatermark: number;
  errorCode: number;
  /** Still waiting for the low watermark. */
  pending: boolean;
}

export class DelayedDeleteRecords extends DelayedOperation {
  constructor(
    delayMs: number,
    readonly statuses: DeleteRecordsStatus[],
    private readonly replicaManager: LowWatermarkProgress,
    private readonly respond: (statuses: DeleteRecordsStatus[]) => void,
  ) {
    super(delayMs);
    // Until the low watermark gets there, the answer would be a timeout.
    for (const s of statuses) if (s.pending) s.errorCode = ErrorCode.REQUEST_TIMED_OUT;
  }

  tryComplete(): boolean {
    for (const s of this.statuses) {
      if (!s.pending) continue;
      const partition = this.replicaManager.getPartition(s.topic, s.partition);
      if (partition === undefined) {
        Object.assign(s, { pending: false, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, lowWatermark: -1 });
      } else if (!partition.isLeader) {
        Object.assign(s, { pending: false, errorCode: ErrorCode.NOT_LEADER_FOR_PARTITION, lowWatermark: -1 });
      } else {
        const lowWatermark = partition.lowWatermarkIfLeader((id) => this.replicaManager.isBrokerAlive(id));
        if (lowWatermark >= s.requiredOffset) Object.assign(s, { pending: false, errorCode: ErrorCode.NONE, lowWatermark });
      }
    }
    return this.statuses.every((s) => !s.pending) ? this.forceComplete() : false;
  }

  protected onComplete(): void {
    this.respond(this.statuses);
  }
}
