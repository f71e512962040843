// Moving replicas between this broker's log dirs (Kafka's ReplicaAlterLogDirsManager and its
// thread): each partition with a future log copies its current log into it, batches as they are
// (appendAsFollower), from where the future log ends. Before each copy the future log is cut back
// to where it still agrees with the current one, by the current log's leader epochs (what
// OffsetsForLeaderEpoch against the local replica answers in Kafka), so a truncation of the
// current log (a follower meeting a new leader) is followed. Once the future log ends where the
// current one does, it replaces it in the same turn of the event loop, so no append slips in
// between. Copies go at most replica.alter.log.dirs.io.max.bytes.per.second (the quota given).

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../common/logger';
import { topicPartitionKey } from '../common/topic-partition';
import { UnexpectedAppendOffsetError, type Log, type LogManager } from '../log';
import type { Partition } from './partition';
import type { ReplicationQuotaManager } from './replication-quota';

export interface ReplicaAlterLogDirsOptions {
  brokerId: number;
  logManager: LogManager;
  /** replica.fetch.max.bytes: the most copied per partition at a time. */
  fetchMaxBytes: number;
  quota: ReplicationQuotaManager;
  logger: Logger;
  /** The move of a partition ended: its current log is the moved one. */
  onReplaced?: (partition: Partition) => void;
}

/** How long to wait while the quota is exceeded. */
const QUOTA_BACKOFF_MS = 100;

/** Where `future` stops agreeing with `current`: the end of the last leader epoch both have, and no further than either ends. */
export function divergenceOffset(future: Log, current: Log): number {
  let end = Math.min(future.logEndOffset, current.logEndOffset);
  const epoch = future.latestEpoch;
  if (epoch < 0) return end;
  const shared = current.endOffsetForEpoch(epoch);
  if (shared.epoch < 0) return Math.min(end, current.logStartOffset);
  end = Math.min(end, shared.endOffset);
  // The current log never had the future's latest epoch: also stop where the future's copy of the older one ends.
  if (shared.epoch !== epoch) end = Math.min(end, future.endOffsetForEpoch(shared.epoch).endOffset);
  return end;
}

/**
 * A copy starting inside a batch (the current log starts mid-batch after DeleteRecords) restarts
 * the future log at that batch, as Kafka's appendRecordsToFollowerOrFutureReplica does.
 */
function appendToFuture(future: Log, records: Buffer): void {
  try {
    future.appendAsFollower(records);
  } catch (error) {
    if (!(error instanceof UnexpectedAppendOffsetError)) throw error;
    future.truncateFullyAndStartAt(error.firstOffset);
    future.appendAsFollower(records);
  }
}

export class ReplicaAlterLogDirsManager {
  private readonly moving = new Map<string, Partition>();
  private running = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReplicaAlterLogDirsOptions) {}

  private get prefix(): string {
    return `[ReplicaAlterLogDirsThread-${this.options.brokerId}]`;
  }

  /** Starts (or keeps) moving these partitions into their future logs. */
  addPartitions(partitions: readonly Partition[]): void {
    for (const p of partitions) {
      if (p.futureLog === null) continue;
      this.moving.set(p.name, p);
      this.options.logger.info(`${this.prefix} Added ${p.name} to the replicas being moved to ${p.futureLog.dir}`);
    }
    if (!this.running && !this.stopped && this.moving.size > 0) {
      this.running = true;
      this.idle = this.run().finally(() => (this.running = false));
    }
  }

  removePartitions(partitions: ReadonlyArray<{ topic: string; partition: number }>): void {
    for (const p of partitions) this.moving.delete(topicPartitionKey(p.topic, p.partition));
  }

  isMoving(topic: string, partition: number): boolean {
    return this.moving.has(topicPartitionKey(topic, partition));
  }

  /** Stops copying; the future logs stay on disk and the moves resume after a restart. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.moving.clear();
    await this.idle;
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.moving.size > 0) {
      if (this.options.quota.isQuotaExceeded()) {
        await new Promise((resolve) => setTimeout(resolve, QUOTA_BACKOFF_MS));
        continue;
      }
      for (const p of [...this.moving.values()]) {
        try {
          this.step(p);
        } catch (error) {
          this.options.logger.error(`${this.prefix} Error moving ${p.name} to another log dir; the move stops: ${(error as Error).stack ?? error}`);
          this.moving.delete(p.name);
        }
      }
      // Let requests in between copies.
      await nextTurn();
    }
  }

  /** One copy for one partition; replaces the current log once the future one caught up. */
  private step(p: Partition): void {
    const current = p.log;
    const future = p.futureLog;
    if (current === null || future === null || current.isClosed || future.isClosed) {
      this.moving.delete(p.name);
      return;
    }
    const agreed = divergenceOffset(future, current);
    if (agreed < future.logEndOffset) {
      this.options.logger.info(`${this.prefix} Truncating the future replica of ${p.name} to offset ${agreed}`);
      future.truncateTo(agreed);
    }
    // Retention or DeleteRecords moved the current log's start past what is copied: start over there.
    if (future.logEndOffset < current.logStartOffset) future.truncateFullyAndStartAt(current.logStartOffset);
    if (future.logEndOffset < current.logEndOffset) {
      const records = current.read(future.logEndOffset, this.options.fetchMaxBytes, { minOneBatch: true }).records;
      if (records.length > 0) appendToFuture(future, records);
      this.options.quota.record(records.length);
    }
    future.updateHighWatermark(current.highWatermark);
    future.maybeIncrementLogStartOffset(current.logStartOffset);
    if (future.logEndOffset === current.logEndOffset) this.replace(p);
  }

  private replace(p: Partition): void {
    p.log = this.options.logManager.replaceCurrentWithFutureLog(p.topic, p.partition);
    p.futureLog = null;
    this.moving.delete(p.name);
    this.options.onReplaced?.(p);
  }
}
