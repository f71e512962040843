// An acks=-1 produce waiting for the ISR (Kafka's DelayedProduce): each appended partition is done
// when the high watermark reaches the offset after its records — every in-sync replica has them —
// answered NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below min.insync.replicas meanwhile,
// or NOT_LEADER_FOR_PARTITION if leadership moved. Partitions still waiting at timeout_ms get
// REQUEST_TIMED_OUT.

import { ErrorCode } from '../protocol/errors';
import { DelayedOperation } from '../common/purgatory';
import type { Partition } from './partition';

/** What a waiting produce needs of ReplicaManager. */
export interface ReplicationProgress {
  getPartition(topic: string, partition: number): Partition | undefined;
  minInsyncReplicas(topic: string): number;
}

export interface PendingPartition {
  topic: string;
  partition: number;
  /** The high watermark that means "replicated to the ISR". */
  requiredOffset: number;
  /** NONE while waiting; the final code once decided. */
  errorCode: number;
  done: boolean;
}

export class DelayedProduce extends DelayedOperation {
  constructor(
    delayMs: number,
    readonly pending: PendingPartition[],
    private readonly replicaManager: ReplicationProgress,
    private readonly respond: (pending: PendingPartition[]) => void,
  ) {
    super(delayMs);
  }

  tryComplete(): boolean {
    for (const p of this.pending) {
      if (p.done) continue;
      const partition = this.replicaManager.getPartition(p.topic, p.partition);
      if (partition === undefined || !partition.isLeader) {
        p.errorCode = ErrorCode.NOT_LEADER_FOR_PARTITION;
        p.done = true;
        continue;
      }
      const reached = partition.enoughReplicasReached(p.requiredOffset, this.replicaManager.minInsyncReplicas(p.topic));
      if (reached === null) continue;
      p.errorCode = reached === 'ok' ? ErrorCode.NONE : ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
      p.done = true;
    }
    return this.pending.every((p) => p.done) ? this.forceComplete() : false;
  }

  protected override onExpiration(): void {
    for (const p of this.pending) {
      if (p.done) continue;
      p.errorCode = ErrorCode.REQUEST_TIMED_OUT;
      p.done = true;
    }
  }

  protected onComplete(): void {
    this.respond(this.pending);
  }
}
