// One partition as this broker sees it (Kafka's cluster.Partition): the leader/ISR state the
// controller last sent in LeaderAndIsr, and the local log when this broker hosts a replica.
//
// Replication (followers fetching, ISR shrink/expand, high watermark = min ISR log end) arrives
// with the replication issue. Until then the leader's high watermark follows its own log end, so
// acks=-1 means "written on the leader" — the semantics that hold without followers.

import type { Log, LogAppendInfo } from '../log';
import type { LeaderAndIsrPartitionState } from '../protocol/generated';

export class NotLeaderForPartitionError extends Error {}

export class Partition {
  leaderId = -1;
  leaderEpoch = -1;
  controllerEpoch = -1;
  zkVersion = -1;
  isr: number[] = [];
  replicas: number[] = [];
  log: Log | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly localBrokerId: number,
  ) {}

  get name(): string {
    return `${this.topic}-${this.partition}`;
  }

  get isLeader(): boolean {
    return this.leaderId === this.localBrokerId && this.log !== null;
  }

  /** The local log when this broker leads the partition, else a NotLeaderForPartitionError. */
  leaderLog(): Log {
    if (!this.isLeader) throw new NotLeaderForPartitionError(`broker ${this.localBrokerId} is not the leader of ${this.name}`);
    return this.log!;
  }

  private applyState(state: LeaderAndIsrPartitionState, log: Log): void {
    this.leaderId = state.leader;
    this.leaderEpoch = state.leaderEpoch;
    this.controllerEpoch = state.controllerEpoch;
    this.zkVersion = state.zkVersion;
    this.isr = [...state.isr];
    this.replicas = [...state.replicas];
    this.log = log;
  }

  /** Becomes leader for the state's epoch; returns whether leadership changed hands to us. */
  makeLeader(state: LeaderAndIsrPartitionState, log: Log): boolean {
    const wasLeader = this.isLeader;
    this.applyState(state, log);
    // A new leader epoch starts at the current log end (KIP-101's leader-epoch cache).
    log.leaderEpochCache.assign(state.leaderEpoch, log.logEndOffset);
    log.updateHighWatermark(log.logEndOffset);
    return !wasLeader;
  }

  /** Becomes a follower of state.leader; returns whether the leader changed. */
  makeFollower(state: LeaderAndIsrPartitionState, log: Log): boolean {
    const leaderChanged = this.leaderId !== state.leader;
    this.applyState(state, log);
    return leaderChanged;
  }

  appendRecordsToLeader(records: Buffer, produceVersion: number): LogAppendInfo {
    const log = this.leaderLog();
    const info = log.appendAsLeader(records, this.leaderEpoch, { produceVersion });
    log.updateHighWatermark(log.logEndOffset);
    return info;
  }
}
