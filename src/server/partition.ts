// One partition as this broker sees it (Kafka's cluster.Partition): the leader/ISR state the
// controller last sent in LeaderAndIsr, the local log, and — while this broker leads — what each
// follower has fetched. The leader's high watermark is the smallest log end offset among the ISR;
// followers that stop catching up for replica.lag.time.max.ms leave the ISR, followers that reach
// the high watermark join it. The leader writes those ISR changes to ZooKeeper itself (the
// pre-AlterIsr model of Kafka 2.4), conditionally on the state znode version it knows.

import { AppendOrigin, OffsetOutOfRangeError, type Log, type LogAppendInfo } from '../log';
import type { LeaderAndIsrPartitionState } from '../protocol/generated';
import { topicPartitionKey } from '../common/topic-partition';

export class NotLeaderForPartitionError extends Error {}
/** DeleteRecords on a topic whose cleanup.policy lacks `delete`: POLICY_VIOLATION. */
export class PolicyViolationError extends Error {}

/** What the leader knows of one follower (Kafka's Replica). */
interface FollowerState {
  /** -1 until the follower fetches from this leader. */
  logEndOffset: number;
  /** The follower's log start offset as its last fetch said; -1 until then. */
  logStartOffset: number;
  lastCaughtUpTimeMs: number;
  /** The leader's log end offset at the follower's previous fetch, and that fetch's time. */
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

/** Why the leader proposes a new ISR: for the state-change log and the observatory. */
export interface IsrChange {
  kind: 'isr-shrink' | 'isr-expand';
  /** The replicas leaving or joining. */
  replicas: number[];
  cause: string;
}

export interface PartitionHooks {
  /** Writes a new ISR to ZooKeeper for the leader; resolves with the new zkVersion, or null on conflict. */
  writeIsr(partition: Partition, newIsr: number[], change: IsrChange): Promise<number | null>;
  /** The high watermark moved: waiting acks=-1 produces and consumer fetches may complete. */
  highWatermarkIncreased(partition: Partition): void;
}

const NO_HOOKS: PartitionHooks = { writeIsr: async () => null, highWatermarkIncreased: () => {} };

export class Partition {
  leaderId = -1;
  leaderEpoch = -1;
  /** Offset where the current leader epoch started on this leader. */
  leaderEpochStartOffset = -1;
  controllerEpoch = -1;
  zkVersion = -1;
  isr: number[] = [];
  replicas: number[] = [];
  log: Log | null = null;
  /** The log this replica is being moved into, in another of the broker's log dirs (AlterReplicaLogDirs). */
  futureLog: Log | null = null;
  private readonly followers = new Map<number, FollowerState>();
  /** An ISR write is in flight: don't start another one (Kafka serializes them under a lock). */
  private isrUpdateInFlight = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly localBrokerId: number,
    private readonly hooks: PartitionHooks = NO_HOOKS,
  ) {}

  get name(): string {
    return topicPartitionKey(this.topic, this.partition);
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
  makeLeader(state: LeaderAndIsrPartitionState, log: Log, now: number): boolean {
    const wasLeader = this.isLeader;
    this.applyState(state, log);
    // A new leader epoch starts at the current log end (KIP-101's leader-epoch cache).
    this.leaderEpochStartOffset = log.logEndOffset;
    log.leaderEpochCache.assign(state.leaderEpoch, log.logEndOffset);
    // Followers' positions are unknown until they fetch; ISR members count as caught up now so
    // that they are not dropped before they had a chance to fetch.
    this.followers.clear();
    for (const id of this.replicas) {
      if (id === this.localBrokerId) continue;
      const inIsr = this.isr.includes(id);
      this.followers.set(id, { logEndOffset: -1, logStartOffset: -1, lastCaughtUpTimeMs: inIsr ? now : 0, lastFetchLeaderLogEndOffset: -1, lastFetchTimeMs: inIsr ? now : 0 });
    }
    this.maybeIncrementHighWatermark();
    return !wasLeader;
  }

  /** Becomes a follower of state.leader; returns whether the leader changed. */
  makeFollower(state: LeaderAndIsrPartitionState, log: Log): boolean {
    const leaderChanged = this.leaderId !== state.leader;
    this.applyState(state, log);
    this.followers.clear();
    return leaderChanged;
  }

  /** Stops leading without a LeaderAndIsr (our ZooKeeper view says someone else decides now). */
  resignLeadership(): void {
    if (this.leaderId === this.localBrokerId) this.leaderId = -1;
    this.followers.clear();
  }

  /**
   * Kafka's deleteRecordsOnLeader (DeleteRecords): moves the log start offset to `offset` (-1: the
   * high watermark) and returns that offset; the segments below it go at the next retention check.
   */
  deleteRecordsOnLeader(offset: number): number {
    const log = this.leaderLog();
    if (!log.config['cleanup.policy'].includes('delete')) throw new PolicyViolationError(`Records of partition ${this.name} can not be deleted due to the configured policy`);
    const converted = offset === -1 ? log.highWatermark : offset;
    if (converted < 0) throw new OffsetOutOfRangeError(`The offset ${converted} for partition ${this.name} is not valid`);
    log.maybeIncrementLogStartOffset(converted);
    return converted;
  }

  appendRecordsToLeader(records: Buffer, produceVersion: number, origin = AppendOrigin.Client): LogAppendInfo {
    const log = this.leaderLog();
    const info = log.appendAsLeader(records, this.leaderEpoch, { produceVersion, origin });
    // With the leader alone in the ISR its own log end is the high watermark.
    this.maybeIncrementHighWatermark();
    return info;
  }

  /**
   * Kafka's checkEnoughReplicasReachOffset for acks=-1: null while the ISR has not all got
   * `requiredOffset` yet; otherwise whether the ISR is (still) at least min.insync.replicas.
   */
  enoughReplicasReached(requiredOffset: number, minInsyncReplicas: number): null | 'ok' | 'not-enough-replicas' {
    if (!this.isLeader) return null;
    if (this.log!.highWatermark < requiredOffset) return null;
    return this.isr.length >= minInsyncReplicas ? 'ok' : 'not-enough-replicas';
  }

  /**
   * A follower fetched from `fetchOffset` (its log end): record its position, its log start and
   * catch-up time (Kafka's Replica.updateFetchState), maybe move the high watermark, maybe add it
   * to the ISR. Returns whether the high watermark moved.
   */
  updateFollowerFetchState(followerId: number, fetchOffset: number, followerLogStartOffset: number, now: number): boolean {
    const follower = this.followers.get(followerId);
    if (!this.isLeader || follower === undefined) return false;
    follower.logStartOffset = followerLogStartOffset;
    const leaderEnd = this.log!.logEndOffset;
    if (fetchOffset >= leaderEnd) follower.lastCaughtUpTimeMs = Math.max(follower.lastCaughtUpTimeMs, now);
    else if (fetchOffset >= follower.lastFetchLeaderLogEndOffset) follower.lastCaughtUpTimeMs = Math.max(follower.lastCaughtUpTimeMs, follower.lastFetchTimeMs);
    follower.logEndOffset = fetchOffset;
    follower.lastFetchLeaderLogEndOffset = leaderEnd;
    follower.lastFetchTimeMs = now;

    // Expand: a follower out of the ISR that reached the high watermark (and this epoch's start) rejoins.
    const hw = this.log!.highWatermark;
    if (!this.isr.includes(followerId) && fetchOffset >= hw && fetchOffset >= this.leaderEpochStartOffset) {
      this.proposeIsr([...this.isr, followerId], {
        kind: 'isr-expand',
        replicas: [followerId],
        cause: `replica ${followerId} caught up: it fetched from offset ${fetchOffset}, at or past the high watermark ${hw}`,
      });
    }
    return this.maybeIncrementHighWatermark();
  }

  /**
   * Kafka's lowWatermarkIfLeader: the lowest log start offset among this leader and its followers
   * on live brokers (a follower that has not fetched yet counts as -1) and of the future log being
   * moved into, what DeleteRecords waits for.
   */
  lowWatermarkIfLeader(isAlive: (brokerId: number) => boolean): number {
    if (!this.isLeader) throw new NotLeaderForPartitionError(`Leader not local for partition ${this.name} on broker ${this.localBrokerId}`);
    let lowWatermark = this.log!.logStartOffset;
    for (const [id, follower] of this.followers) {
      if (isAlive(id) && follower.logStartOffset < lowWatermark) lowWatermark = follower.logStartOffset;
    }
    return this.futureLog === null ? lowWatermark : Math.min(lowWatermark, this.futureLog.logStartOffset);
  }

  /**
   * Followers in the ISR that have not caught up with the leader's log end for longer than
   * `maxLagMs` (Kafka's getOutOfSyncReplicas); the leader itself is never out of sync.
   */
  outOfSyncReplicas(now: number, maxLagMs: number): number[] {
    if (!this.isLeader) return [];
    const leaderEnd = this.log!.logEndOffset;
    return this.isr.filter((id) => {
      if (id === this.localBrokerId) return false;
      const f = this.followers.get(id);
      if (f === undefined) return true;
      return f.logEndOffset !== leaderEnd && now - f.lastCaughtUpTimeMs > maxLagMs;
    });
  }

  /** Drops lagging followers from the ISR (the isr-expiration task); returns whether a change was proposed. */
  maybeShrinkIsr(now: number, maxLagMs: number): boolean {
    const outOfSync = this.outOfSyncReplicas(now, maxLagMs);
    if (outOfSync.length === 0) return false;
    return this.proposeIsr(
      this.isr.filter((id) => !outOfSync.includes(id)),
      { kind: 'isr-shrink', replicas: outOfSync, cause: `replica lag time exceeded: ${outOfSync.join(',')} not caught up with the leader for more than replica.lag.time.max.ms=${maxLagMs}` },
    );
  }

  /** Starts an ISR write unless one is in flight; the new ISR applies once ZooKeeper has it. */
  private proposeIsr(newIsr: number[], change: IsrChange): boolean {
    if (this.isrUpdateInFlight) return false;
    this.isrUpdateInFlight = true;
    const epoch = this.leaderEpoch;
    void this.hooks
      .writeIsr(this, newIsr, change)
      .then((newVersion) => {
        // A LeaderAndIsr may have arrived meanwhile: then the controller's state wins.
        if (newVersion !== null && this.isLeader && this.leaderEpoch === epoch) {
          this.isr = newIsr;
          this.zkVersion = newVersion;
          this.maybeIncrementHighWatermark();
        }
      })
      .finally(() => {
        this.isrUpdateInFlight = false;
      });
    return true;
  }

  /**
   * The high watermark is the smallest log end offset among the ISR (the leader's included); it
   * only moves forward. A follower that has not fetched yet holds it back.
   */
  maybeIncrementHighWatermark(): boolean {
    if (!this.isLeader) return false;
    const log = this.log!;
    let candidate = log.logEndOffset;
    for (const id of this.isr) {
      if (id === this.localBrokerId) continue;
      const f = this.followers.get(id);
      candidate = Math.min(candidate, f === undefined || f.logEndOffset < 0 ? log.highWatermark : f.logEndOffset);
    }
    if (candidate <= log.highWatermark) return false;
    log.updateHighWatermark(candidate);
    this.hooks.highWatermarkIncreased(this);
    return true;
  }
}
