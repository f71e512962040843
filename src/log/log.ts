// The log of one partition: an ordered list of segments, the last one active. Appends assign
// offsets by rewriting batch headers in place (no per-record work), reads return whole batches
// from file ranges, and the broker drives retention, flushing and truncation through this API.
//
// Long on purpose: append, read, roll, truncate, retention and the high watermark all change the
// same segment list and offsets under one set of invariants, as in Kafka's Log.scala; loading and
// recovery already live apart (log-loader.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  batchAttributes,
  batchBaseOffset,
  batchBaseSequence,
  batchProducerEpoch,
  batchProducerId,
  batchLastOffset,
  batchMaxTimestamp,
  batchPartitionLeaderEpoch,
  batchSize,
  checkBatch,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  setBatchBaseOffset,
  setBatchPartitionLeaderEpoch,
} from '../protocol/records/batch-header';
import { validateProducedRecords, type TopicCompression } from '../protocol/records/validate';
import { leaderEpochCheckpointFile } from './checkpoint-file';
import {
  InvalidBatchError,
  OffsetOutOfRangeError,
  RecordBatchTooLargeError,
  RecordValidationError,
  UnexpectedAppendOffsetError,
} from './errors';
import { DELETED_SUFFIX, FUTURE_DIR_SUFFIX, LEADER_EPOCH_CHECKPOINT_FILE, parseLogDirName } from './file-names';
import { fsyncDir } from './fs-util';
import { LeaderEpochFileCache, UNDEFINED_EPOCH, type EpochEndOffset } from './leader-epoch-cache';
import { defaultLogConfig, type LogConfig } from './log-config';
import { loadSegments } from './log-loader';
import { LogSegment, type SegmentConfig, type TimestampAndOffset } from './log-segment';
import { segmentsInRange, swapSegments } from './segment-swap';
import type { AbortedTxn } from './transaction-index';
import { AppendOrigin, incrementSequence, type CompletedTxn, type ProducerAppendInfo } from './producer-state';
import { ProducerStateManager } from './producer-state-manager';

export type { AbortedTxn };
import { silentLogger, type Logger } from '../common/logger';
import { systemClock, type Scheduler, type Time } from '../common/clock';

/** ListOffsets sentinel timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

/** Kafka 2.4's newest Produce version: appends without a request version get every request-level rule. */
const LATEST_PRODUCE_VERSION = 8;

export interface LogOptions {
  dir: string;
  config?: LogConfig;
  time?: Time;
  logger?: Logger;
  scheduler?: Scheduler;
  /** From recovery-point-offset-checkpoint; segments from here on are recovered after a crash. */
  recoveryPoint?: number;
  /** From log-start-offset-checkpoint. */
  logStartOffset?: number;
  /** The log dir had a `.kafka_cleanshutdown` marker: skip recovery. */
  hadCleanShutdown?: boolean;
  /** The log cleaner, when one runs: truncations pause it (LogManager passes it). */
  cleaning?: CleaningCoordinator;
  /**
   * An idle producer's state is forgotten after this long. Kafka 2.4 has no
   * producer.id.expiration.ms (that came in 3.x): it uses transactional.id.expiration.ms.
   */
  producerIdExpirationMs?: number;
}

/** transactional.id.expiration.ms's default (7 days), what Kafka 2.4 expires producer ids by. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 604_800_000;
/** LogManager.ProducerIdExpirationCheckIntervalMs in Kafka 2.4: fixed, not configurable. */
export const PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000;

/**
 * What a truncation needs from the log cleaner (Kafka's LogManager.truncateTo does this around
 * Log.truncateTo): abort any pass over this log and pause new ones, pull the cleaner checkpoint
 * back below the new log end, then resume. The replica fetcher truncates logs directly, so the log
 * calls these itself.
 */
export interface CleaningCoordinator {
  abortAndPauseCleaning(log: Log): void;
  maybeTruncateCheckpoint(log: Log, offset: number): void;
  resumeCleaning(log: Log): void;
}


/** The last write of a producer still alive (Kafka's LastRecord): its last data offset, if any, and epoch. */
export interface LastRecord {
  lastDataOffset: number | undefined;
  producerEpoch: number;
}

export interface LogAppendInfo {
  firstOffset: number;
  lastOffset: number;
  /** Largest batch maxTimestamp appended (the append time under LogAppendTime), -1 if none. */
  maxTimestamp: number;
  /** Last offset of the batch holding maxTimestamp. */
  offsetOfMaxTimestamp: number;
  /** The broker's time stamped on the batches under LogAppendTime, else -1. */
  logAppendTime: number;
  logStartOffset: number;
  validBytes: number;
  numBatches: number;
  /** A client's retry of a batch already in the log: nothing was written, the offsets are the original's. */
  duplicate?: boolean;
}

export interface ReadOptions {
  /** Exclusive upper bound on offsets returned, e.g. the high watermark for consumers. */
  maxOffset?: number;
  /** KIP-74: return the first batch even when it is larger than maxBytes. */
  minOneBatch?: boolean;
  /** read_committed: also list the aborted transactions overlapping what is returned. */
  includeAbortedTxns?: boolean;
}

export interface FetchDataInfo {
  /** Whole batches; the first contains the requested offset (it may start before it). */
  records: Buffer;
  /** Base offset of the first batch returned, -1 when empty. */
  firstBatchOffset: number;
  /** Set when the first batch did not fit in maxBytes and minOneBatch was off. */
  firstBatchIncomplete: boolean;
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
  /** With includeAbortedTxns: the aborted transactions a read_committed consumer must drop. */
  abortedTransactions?: { producerId: number; firstOffset: number }[];
}

interface OffsetPositionCache {
  offset: number;
  segmentBase: number;
  position: number;
}

function segmentConfigOf(config: LogConfig): SegmentConfig {
  return { indexIntervalBytes: config['index.interval.bytes'], maxIndexSize: config['segment.index.bytes'] };
}

export class Log {
  private _dir: string;
  private _config: LogConfig;
  private readonly time: Time;
  private readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private segmentList: LogSegment[];
  private nextOffset: number;
  private _logStartOffset: number;
  private _recoveryPoint: number;
  private _highWatermark: number;
  private lastFlushTime: number;
  /** Where maxOffset (usually the high watermark) sits in the file, recomputed when it moves. */
  private maxOffsetPosition: OffsetPositionCache | null = null;
  /** Bumped by every truncation, so a background flush started before one does not move the recovery point. */
  private generation = 0;
  private pendingFlushes = new Set<Promise<void>>();
  private pendingDeletes = new Set<LogSegment>();
  private closed = false;
  private readonly cleaning: CleaningCoordinator | undefined;
  readonly leaderEpochCache: LeaderEpochFileCache;
  private readonly producerStateManager: ProducerStateManager;
  /** Where the oldest transaction not yet decided and replicated starts (Kafka's firstUnstableOffsetMetadata). */
  private _firstUnstableOffset: number | undefined;
  readonly topic: string;
  readonly partition: number;

  private constructor(opts: LogOptions) {
    this._dir = opts.dir;
    this._config = opts.config ?? defaultLogConfig();
    this.time = opts.time ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.scheduler = opts.scheduler ?? systemClock;
    this.cleaning = opts.cleaning;
    const tp = parseLogDirName(path.basename(opts.dir));
    this.topic = tp?.topic ?? path.basename(opts.dir);
    this.partition = tp?.partition ?? -1;
    fs.mkdirSync(opts.dir, { recursive: true });
    this.leaderEpochCache = new LeaderEpochFileCache(
      leaderEpochCheckpointFile(path.join(opts.dir, LEADER_EPOCH_CHECKPOINT_FILE)),
      () => this.nextOffset,
      this.logger,
    );
    const loaded = loadSegments({
      dir: opts.dir,
      config: segmentConfigOf(this._config),
      time: this.time,
      logger: this.logger,
      recoveryPoint: opts.recoveryPoint ?? 0,
      hadCleanShutdown: opts.hadCleanShutdown ?? false,
      logStartOffset: opts.logStartOffset ?? 0,
      onRecoveredBatch: (epoch, baseOffset) => {
        if (epoch > this.leaderEpochCache.latestEpoch) this.leaderEpochCache.assign(epoch, baseOffset);
      },
    });
    this.segmentList = loaded.segments;
    this.nextOffset = loaded.nextOffset;
    this._recoveryPoint = loaded.recoveryPoint;
    this._logStartOffset = Math.max(opts.logStartOffset ?? 0, this.segmentList[0].baseOffset);
    this._highWatermark = this._logStartOffset;
    this.lastFlushTime = this.time.now();
    // The epoch file may run ahead of the data after a crash, or behind the log start.
    this.leaderEpochCache.truncateFromEnd(this.nextOffset);
    this.leaderEpochCache.truncateFromStart(this._logStartOffset);
    for (const s of loaded.deletedSegments) this.scheduleSegmentFileDeletion(s);
    if (loaded.bytesTruncated > 0) this.logger.warn(`${this.name}: recovery truncated ${loaded.bytesTruncated} bytes`);
    this.producerStateManager = new ProducerStateManager(
      `${this.topic}-${this.partition}`,
      opts.dir,
      opts.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS,
      this.logger,
    );
    this.loadProducerState(this.nextOffset, opts.hadCleanShutdown ?? false);
    this.logger.info(`${this.name}: loaded ${this.segmentList.length} segments, log start ${this._logStartOffset}, log end ${this.nextOffset}`);
  }

  /** Opens (loading and, if needed, recovering) or creates the log in `opts.dir`. */
  static open(opts: LogOptions): Log {
    return new Log(opts);
  }

  /** Kafka's log name in messages: `[Log partition=T-P, dir=...]`. */
  get name(): string {
    return `[Log partition=${this.topic}-${this.partition}, dir=${path.dirname(this._dir)}]`;
  }

  get dir(): string {
    return this._dir;
  }
  get config(): LogConfig {
    return this._config;
  }
  get logEndOffset(): number {
    return this.nextOffset;
  }
  get logStartOffset(): number {
    return this._logStartOffset;
  }
  get recoveryPoint(): number {
    return this._recoveryPoint;
  }
  get highWatermark(): number {
    return this._highWatermark;
  }
  get segments(): readonly LogSegment[] {
    return this.segmentList;
  }
  get activeSegment(): LogSegment {
    return this.segmentList[this.segmentList.length - 1];
  }
  get numberOfSegments(): number {
    return this.segmentList.length;
  }

  /**
   * Kafka's logSegments(from, to): the segment holding `from` and every later one whose base
   * offset is below `to` (from the first segment when `from` precedes them all).
   */
  logSegments(from: number, to: number): LogSegment[] {
    return segmentsInRange(this.segmentList, from, to);
  }

  /** The segments from the one holding `from` up to, not including, the active one. */
  nonActiveLogSegmentsFrom(from: number): LogSegment[] {
    const activeBase = this.activeSegment.baseOffset;
    return from > activeBase ? [] : this.logSegments(from, activeBase);
  }

  /**
   * The first offset of a transaction not yet decided, or decided but with its marker not yet
   * below the high watermark (Kafka's firstUnstableOffset). The cleaner stops there too.
   */
  get firstUnstableOffset(): number | undefined {
    return this._firstUnstableOffset;
  }

  /**
   * The last stable offset: every offset below it is decided (not part of an open transaction)
   * and replicated; read_committed consumers read up to here. Equal to the high watermark
   * unless a transaction is open.
   */
  get lastStableOffset(): number {
    const unstable = this._firstUnstableOffset;
    return unstable !== undefined && unstable < this._highWatermark ? unstable : this._highWatermark;
  }

  /**
   * The last batch of every live producer, which the cleaner keeps (empty if need be) so its
   * sequence numbers and epoch survive (Kafka's lastRecordsOfActiveProducers).
   */
  lastRecordsOfActiveProducers(): Map<number, LastRecord> {
    const out = new Map<number, LastRecord>();
    for (const [id, entry] of this.producerStateManager.activeProducers) {
      out.set(id, { lastDataOffset: entry.lastDataOffset >= 0 ? entry.lastDataOffset : undefined, producerEpoch: entry.producerEpoch });
    }
    return out;
  }

  /** Each live producer's epoch and last sequence (tests and tools). */
  activeProducers(): { producerId: number; producerEpoch: number; lastSequence: number; currentTxnFirstOffset: number | undefined }[] {
    return [...this.producerStateManager.activeProducers.values()].map((e) => ({
      producerId: e.producerId,
      producerEpoch: e.producerEpoch,
      lastSequence: e.lastSeq,
      currentTxnFirstOffset: e.currentTxnFirstOffset,
    }));
  }

  /**
   * The cleaner's view of aborted transactions (Kafka's collectAbortedTransactions): those ending
   * at or after the log start and starting below upperBoundOffset, read from the transaction
   * indexes of the segment holding startOffset onwards. An entry lives in the index of the
   * segment holding its ABORT marker, so the transactions aborted in earlier segments are left
   * out; never null, since every segment can answer from its index (empty when it has none).
   */
  collectAbortedTransactions(startOffset: number, upperBoundOffset: number): AbortedTxn[] {
    return this.abortedTxnsFrom(this._logStartOffset, upperBoundOffset, Math.max(this.floorSegmentIndex(startOffset), 0));
  }

  /** Walks the transaction indexes from segment `i` until one entry's last stable offset reaches the bound. */
  private abortedTxnsFrom(fetchOffset: number, upperBoundOffset: number, i: number): AbortedTxn[] {
    const all: AbortedTxn[] = [];
    for (; i < this.segmentList.length; i++) {
      const result = this.segmentList[i].collectAbortedTxns(fetchOffset, upperBoundOffset);
      all.push(...result.abortedTransactions);
      if (result.isComplete) break;
    }
    return all;
  }

  /** Forgets producers idle past the expiration time; the broker runs it every PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS. */
  removeExpiredProducers(now: number = this.time.now()): void {
    this.producerStateManager.removeExpiredProducers(now);
  }

  /**
   * Kafka's deleteSnapshotsAfterRecoveryPointCheckpoint: snapshots below both the segment before
   * the recovery point and the second-to-last segment are no longer needed for recovery.
   */
  deleteSnapshotsAfterRecoveryPointCheckpoint(): number {
    const lowerBase = (offset: number): number | undefined => {
      const i = this.floorSegmentIndex(offset - 1);
      return i >= 0 && this.segmentList[i].baseOffset < offset ? this.segmentList[i].baseOffset : undefined;
    };
    const active = this.activeSegment.baseOffset;
    const twoSegmentsMin = lowerBase(active) ?? active;
    const recovery = lowerBase(this._recoveryPoint) ?? this._recoveryPoint;
    const min = Math.min(recovery, twoSegmentsMin);
    this.producerStateManager.deleteSnapshotsBefore(min);
    return min;
  }

  // ---------------------------------------------------------------- producer state

  /**
   * Rebuilds the producer state up to `lastOffset` (Kafka's rebuildProducerState): from the newest
   * snapshot at or below it, then replaying the producer batches after it. After a clean shutdown
   * with no snapshot at all (logs written before producer state existed) there is nothing to
   * replay worth the scan, so empty snapshots are written instead, as Kafka does on upgrade.
   */
  private loadProducerState(lastOffset: number, reloadFromCleanShutdown: boolean): void {
    const psm = this.producerStateManager;
    const list = this.segmentList;
    const active = list[list.length - 1];
    const offsetsToSnapshot = [list.length > 1 ? list[list.length - 2].baseOffset : undefined, active.baseOffset, lastOffset];
    if (psm.latestSnapshotOffset === undefined && reloadFromCleanShutdown) {
      for (const offset of offsetsToSnapshot) {
        if (offset === undefined) continue;
        psm.updateMapEndOffset(offset);
        psm.takeSnapshot();
      }
    } else {
      const emptyBeforeTruncation = psm.isEmpty && psm.mapEndOffset >= lastOffset;
      psm.truncateAndReload(this._logStartOffset, lastOffset, this.time.now());
      // Skip the scan when there were no producers before a truncation: there are none after it.
      if (lastOffset > psm.mapEndOffset && !emptyBeforeTruncation) {
        for (const segment of this.logSegments(psm.mapEndOffset, lastOffset)) {
          const start = Math.max(segment.baseOffset, psm.mapEndOffset, this._logStartOffset);
          psm.updateMapEndOffset(start);
          if (offsetsToSnapshot.includes(segment.baseOffset)) psm.takeSnapshot();
          this.replayProducerBatches(segment, start, lastOffset);
        }
      }
      psm.updateMapEndOffset(lastOffset);
      psm.takeSnapshot();
    }
    this.maybeIncrementFirstUnstableOffset();
  }

  /** Kafka's loadProducersFromLog for one segment; re-adds any abort its index lost in a crash. */
  private replayProducerBatches(segment: LogSegment, from: number, to: number): void {
    const infos = new Map<number, ProducerAppendInfo>();
    const completed: CompletedTxn[] = [];
    segment.forEachProducerBatch(from, to, (buf, at) => {
      const done = this.producerAppendInfo(infos, batchProducerId(buf, at), AppendOrigin.Replication).append(buf, at);
      if (done !== undefined) completed.push(done);
    });
    const psm = this.producerStateManager;
    for (const info of infos.values()) psm.update(info);
    for (const txn of completed) {
      if (txn.isAborted && !segment.hasAbortAt(txn.lastOffset)) segment.updateTxnIndex(txn, psm.lastStableOffset(txn));
      psm.completeTxn(txn);
    }
  }

  private producerAppendInfo(infos: Map<number, ProducerAppendInfo>, producerId: number, origin: AppendOrigin): ProducerAppendInfo {
    let info = infos.get(producerId);
    if (info === undefined) {
      info = this.producerStateManager.prepareUpdate(producerId, origin);
      infos.set(producerId, info);
    }
    return info;
  }

  /**
   * Kafka's analyzeAndValidateProducerState: checks the appended batches against each producer's
   * state (throwing Kafka's errors) without applying anything, or finds that a client is
   * retrying a batch already written.
   */
  private analyzeProducerState(records: Buffer, origin: AppendOrigin): { infos: Map<number, ProducerAppendInfo>; completed: CompletedTxn[]; duplicate?: { firstOffset: number; lastOffset: number; timestamp: number } } {
    const infos = new Map<number, ProducerAppendInfo>();
    const completed: CompletedTxn[] = [];
    for (let p = 0; p < records.length; p += batchSize(records, p)) {
      const producerId = batchProducerId(records, p);
      if (producerId < 0) continue;
      if (origin === AppendOrigin.Client) {
        const baseSeq = batchBaseSequence(records, p);
        const lastSeq = incrementSequence(baseSeq, batchLastOffset(records, p) - batchBaseOffset(records, p));
        const dup = this.producerStateManager.lastEntry(producerId)?.findDuplicateBatch(batchProducerEpoch(records, p), baseSeq, lastSeq);
        if (dup !== undefined) return { infos, completed, duplicate: { firstOffset: dup.lastOffset - dup.offsetDelta, lastOffset: dup.lastOffset, timestamp: dup.timestamp } };
      }
      const done = this.producerAppendInfo(infos, producerId, origin).append(records, p);
      if (done !== undefined) completed.push(done);
    }
    return { infos, completed };
  }

  /** Applies what analyzeProducerState accumulated once the batches are in `segment`. */
  private applyProducerState(analysis: { infos: Map<number, ProducerAppendInfo>; completed: CompletedTxn[] }, segment: LogSegment, nextOffset: number): void {
    const psm = this.producerStateManager;
    for (const info of analysis.infos.values()) psm.update(info);
    for (const txn of analysis.completed) {
      segment.updateTxnIndex(txn, psm.lastStableOffset(txn));
      psm.completeTxn(txn);
    }
    psm.updateMapEndOffset(nextOffset);
    this.maybeIncrementFirstUnstableOffset();
  }

  private maybeIncrementFirstUnstableOffset(): void {
    const unstable = this.producerStateManager.firstUnstableOffset;
    this._firstUnstableOffset = unstable === undefined ? undefined : Math.max(unstable, this._logStartOffset);
  }
  /** Total bytes of all segments. */
  get size(): number {
    let total = 0;
    for (const s of this.segmentList) total += s.size;
    return total;
  }
  get latestEpoch(): number {
    return this.leaderEpochCache.latestEpoch;
  }
  /** Messages appended since the last flush. */
  get unflushedMessages(): number {
    return this.nextOffset - this._recoveryPoint;
  }
  get earliestOffset(): number {
    return this._logStartOffset;
  }
  get latestOffset(): number {
    return this.nextOffset;
  }

  /** Topic config changed (AlterConfigs): new values apply from the next append/roll. */
  updateConfig(config: LogConfig): void {
    this._config = config;
  }

  /**
   * Sets the high watermark, clamped to [logStartOffset, logEndOffset] as in Kafka. Returns the
   * value actually set.
   */
  updateHighWatermark(hw: number): number {
    const clamped = Math.min(Math.max(hw, this._logStartOffset), this.nextOffset);
    if (clamped !== this._highWatermark) {
      this._highWatermark = clamped;
      this.producerStateManager.onHighWatermarkUpdated(clamped);
      this.maybeIncrementFirstUnstableOffset();
    }
    return clamped;
  }

  // ---------------------------------------------------------------- append

  /**
   * Validates and appends a producer's records as leader, as Kafka's Log.appendAsLeader does:
   * the records go through the produce validator (protocol/records/validate: structure, CRC,
   * sizes, per-record checks, maxTimestamp correction, legacy conversion), then the batch gets
   * its offsets and partitionLeaderEpoch rewritten in place and is written at once. Throws
   * RecordValidationError, carrying Kafka's error code, before touching the log if invalid.
   */
  appendAsLeader(records: Buffer, leaderEpoch: number, opts: { now?: number; produceVersion?: number; origin?: AppendOrigin } = {}): LogAppendInfo {
    this.ensureOpen();
    const now = opts.now ?? this.time.now();
    this.checkAppendSize(records);
    const result = validateProducedRecords(records, {
      produceVersion: opts.produceVersion ?? LATEST_PRODUCE_VERSION,
      maxMessageBytes: this._config['max.message.bytes'],
      timestampType: this._config['message.timestamp.type'],
      timestampDifferenceMaxMs: this._config['message.timestamp.difference.max.ms'],
      compacted: this._config['cleanup.policy'].includes('compact'),
      compressionType: this._config['compression.type'] as TopicCompression,
      now,
      fromClient: (opts.origin ?? AppendOrigin.Client) === AppendOrigin.Client,
    });
    if (!result.ok) throw new RecordValidationError(result.errorCode, result.errorMessage, result.recordErrors);

    const batch = result.batch;
    const firstOffset = this.nextOffset;
    const lastOffset = firstOffset + result.lastOffsetDelta;
    setBatchBaseOffset(batch, 0, firstOffset);
    setBatchPartitionLeaderEpoch(batch, 0, leaderEpoch);
    const duplicate = this.appendValidated(batch, firstOffset, lastOffset, result.maxTimestamp, opts.origin ?? AppendOrigin.Client);
    if (duplicate !== undefined) {
      return {
        ...this.emptyAppendInfo(),
        firstOffset: duplicate.firstOffset,
        lastOffset: duplicate.lastOffset,
        // As Kafka: the original batch's timestamp, whatever the timestamp type.
        logAppendTime: duplicate.timestamp,
        duplicate: true,
      };
    }
    this.leaderEpochCache.assign(leaderEpoch, firstOffset);
    return {
      firstOffset,
      lastOffset,
      maxTimestamp: result.maxTimestamp,
      offsetOfMaxTimestamp: result.offsetOfMaxTimestampDelta < 0 ? -1 : firstOffset + result.offsetOfMaxTimestampDelta,
      logAppendTime: result.logAppendTime,
      logStartOffset: this._logStartOffset,
      validBytes: batch.length,
      numBatches: 1,
    };
  }

  /**
   * Appends batches fetched from the leader, keeping the leader's offsets and epochs. The first
   * batch must start at or after the log end and offsets must increase; gaps (from compaction)
   * are allowed.
   */
  appendAsFollower(records: Buffer): LogAppendInfo {
    this.ensureOpen();
    const numBatches = this.validateReplicated(records);
    if (numBatches === 0) return this.emptyAppendInfo();
    const firstOffset = batchBaseOffset(records, 0);
    let expected = this.nextOffset;
    let maxTimestamp = -1;
    let offsetOfMaxTimestamp = -1;
    let lastOffset = -1;
    for (let p = 0; p < records.length; p += batchSize(records, p)) {
      const base = batchBaseOffset(records, p);
      lastOffset = batchLastOffset(records, p);
      if (base < expected) {
        throw new UnexpectedAppendOffsetError(
          `${this.name}: follower append of batch at offset ${base} is below the expected next offset ${expected}`,
          firstOffset,
          lastOffset,
        );
      }
      const ts = batchMaxTimestamp(records, p);
      if (ts > maxTimestamp) {
        maxTimestamp = ts;
        offsetOfMaxTimestamp = lastOffset;
      }
      expected = lastOffset + 1;
    }
    this.appendValidated(records, firstOffset, lastOffset, maxTimestamp, AppendOrigin.Replication);
    for (let p = 0; p < records.length; p += batchSize(records, p)) {
      const epoch = batchPartitionLeaderEpoch(records, p);
      if (epoch > this.leaderEpochCache.latestEpoch) this.leaderEpochCache.assign(epoch, batchBaseOffset(records, p));
    }
    const appendTime = (batchAttributes(records, 0) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0 ? maxTimestamp : -1;
    return {
      firstOffset,
      lastOffset,
      maxTimestamp,
      offsetOfMaxTimestamp,
      logAppendTime: appendTime,
      logStartOffset: this._logStartOffset,
      validBytes: records.length,
      numBatches,
    };
  }

  private emptyAppendInfo(): LogAppendInfo {
    return {
      firstOffset: -1,
      lastOffset: -1,
      maxTimestamp: -1,
      offsetOfMaxTimestamp: -1,
      logAppendTime: -1,
      logStartOffset: this._logStartOffset,
      validBytes: 0,
      numBatches: 0,
    };
  }

  /** Kafka refuses an append larger than a whole segment (RECORD_LIST_TOO_LARGE). */
  private checkAppendSize(records: Buffer): void {
    if (records.length > this._config['segment.bytes']) {
      throw new RecordBatchTooLargeError(
        `${this.name}: message batch size is ${records.length} bytes which exceeds the maximum configured segment size of ${this._config['segment.bytes']}`,
      );
    }
  }

  /** Checks every replicated batch's structure and CRC without changing anything; returns the batch count. */
  private validateReplicated(records: Buffer): number {
    this.checkAppendSize(records);
    let count = 0;
    for (let p = 0; p < records.length; p += batchSize(records, p)) {
      const problem = checkBatch(records, p, records.length);
      if (problem !== null) throw new InvalidBatchError(problem, p);
      count++;
    }
    return count;
  }

  /**
   * Rolls if needed, checks the producers' state (throwing Kafka's errors before anything is
   * written), writes, advances the log end, updates the producer state and the transaction
   * index, and applies flush.messages. A client's retry of a batch already written is not written
   * again: the original batch's offsets and timestamp are returned instead.
   */
  private appendValidated(
    records: Buffer,
    firstOffset: number,
    lastOffset: number,
    maxTimestamp: number,
    origin: AppendOrigin,
  ): { firstOffset: number; lastOffset: number; timestamp: number } | undefined {
    const now = this.time.now();
    const segment = this.maybeRoll(records.length, firstOffset, lastOffset, maxTimestamp, now);
    const producers = this.analyzeProducerState(records, origin);
    if (producers.duplicate !== undefined) return producers.duplicate;
    segment.append(records);
    this.nextOffset = lastOffset + 1;
    this.applyProducerState(producers, segment, this.nextOffset);
    if (this.unflushedMessages >= this._config['flush.messages']) this.flush();
    return undefined;
  }

  private maybeRoll(messagesSize: number, firstOffset: number, lastOffset: number, maxTimestamp: number, now: number): LogSegment {
    const segment = this.activeSegment;
    const roll = segment.shouldRoll({
      maxSegmentBytes: this._config['segment.bytes'],
      maxSegmentMs: this._config['segment.ms'],
      messagesSize,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
      now,
    });
    return roll ? this.roll(firstOffset) : segment;
  }

  /**
   * Starts a new active segment at max(expectedNextOffset, logEndOffset). The old segment gets its
   * final time-index entry and trimmed index files, and is fsynced in the background (Kafka
   * schedules the same flush on its scheduler); the recovery point moves when that completes.
   */
  roll(expectedNextOffset = 0): LogSegment {
    this.ensureOpen();
    const newOffset = Math.max(expectedNextOffset, this.nextOffset);
    const old = this.activeSegment;
    if (old.baseOffset === newOffset && old.size === 0) return old;
    if (this.segmentList.some((s) => s.baseOffset === newOffset)) {
      throw new Error(`${this.name}: trying to roll a new segment at offset ${newOffset} that already exists`);
    }
    old.onBecomeInactiveSegment();
    // A snapshot at the new segment's base lets recovery start from there (Kafka does the same).
    this.producerStateManager.updateMapEndOffset(newOffset);
    this.producerStateManager.takeSnapshot();
    const segment = LogSegment.create(this._dir, newOffset, segmentConfigOf(this._config), this.time);
    this.segmentList.push(segment);
    this.logger.info(`${this.name}: rolled new log segment at offset ${newOffset}`);
    this.flushInBackground(old, newOffset);
    return segment;
  }

  private flushInBackground(segment: LogSegment, upTo: number): void {
    const generation = this.generation;
    const p = segment
      .flushAsync()
      .then(() => {
        if (this.generation === generation && upTo > this._recoveryPoint && upTo <= this.nextOffset) {
          // Everything below upTo is in segments up to and including this one; all earlier ones
          // were flushed when they rolled (or are below the old recovery point).
          this._recoveryPoint = upTo;
        }
      })
      .catch((e: unknown) => this.logger.warn(`${this.name}: background flush failed: ${String(e)}`))
      .finally(() => this.pendingFlushes.delete(p));
    this.pendingFlushes.add(p);
  }

  /** Resolves when background flushes started by rolls have finished (tests, shutdown). */
  async awaitBackgroundFlushes(): Promise<void> {
    while (this.pendingFlushes.size > 0) await Promise.all([...this.pendingFlushes]);
  }

  // ---------------------------------------------------------------- read

  /**
   * Reads whole batches from `startOffset` (from the batch containing it), up to maxBytes (at
   * least one batch with minOneBatch) and below `maxOffset` when given. Reading at the log end
   * returns nothing; outside [logStartOffset, logEndOffset] throws OffsetOutOfRangeError.
   */
  read(startOffset: number, maxBytes: number, opts: ReadOptions = {}): FetchDataInfo {
    this.ensureOpen();
    const leo = this.nextOffset;
    const result = (records: Buffer, firstBatchOffset: number, firstBatchIncomplete = false): FetchDataInfo => ({
      records,
      firstBatchOffset,
      firstBatchIncomplete,
      highWatermark: this._highWatermark,
      logStartOffset: this._logStartOffset,
      logEndOffset: leo,
    });
    const empty = () => result(Buffer.alloc(0), -1);
    if (startOffset === leo) return empty();
    let i = this.floorSegmentIndex(startOffset);
    if (startOffset > leo || startOffset < this._logStartOffset || i < 0) {
      throw new OffsetOutOfRangeError(
        `${this.name}: received request for offset ${startOffset}, but we only have log segments in the range ${this._logStartOffset} to ${leo}.`,
      );
    }
    const maxOffset = Math.min(opts.maxOffset ?? leo, leo);
    if (startOffset >= maxOffset) return empty();
    const limit = maxOffset < leo ? this.positionOf(maxOffset) : null;
    for (; i < this.segmentList.length; i++) {
      const segment = this.segmentList[i];
      if (limit !== null && segment.baseOffset > limit.segmentBase) break;
      const maxPosition = limit !== null && limit.segmentBase === segment.baseOffset ? limit.position : segment.size;
      const r = segment.read(startOffset, maxBytes, maxPosition, opts.minOneBatch ?? false);
      if (r === null) continue;
      const read = result(r.records, r.records.length > 0 ? r.firstBatchOffset : -1, r.firstBatchIncomplete);
      if (opts.includeAbortedTxns) read.abortedTransactions = this.abortedTxnsOverlapping(startOffset, r.records, i);
      return read;
    }
    // startOffset is in range but every batch at or after it is gone (e.g. deleted by retention).
    return empty();
  }

  /** The aborted transactions a read_committed consumer needs to filter `records` read from segment `i`. */
  private abortedTxnsOverlapping(startOffset: number, records: Buffer, i: number): { producerId: number; firstOffset: number }[] {
    if (records.length === 0) return [];
    let last = 0;
    for (let p = 0; p < records.length; p += batchSize(records, p)) last = p;
    const upperBound = batchLastOffset(records, last) + 1;
    return this.abortedTxnsFrom(startOffset, upperBound, i).map((t) => ({ producerId: t.producerId, firstOffset: t.firstOffset }));
  }

  /** Segment and file position of the batch holding `offset` (cached: usually the high watermark). */
  private positionOf(offset: number): OffsetPositionCache {
    const cached = this.maxOffsetPosition;
    if (cached !== null && cached.offset === offset) return cached;
    const i = Math.max(this.floorSegmentIndex(offset), 0);
    const segment = this.segmentList[i];
    const loc = segment.translateOffset(offset);
    const entry = { offset, segmentBase: segment.baseOffset, position: loc === null ? segment.size : loc.position };
    this.maxOffsetPosition = entry;
    return entry;
  }

  /** Index of the segment with the largest base offset <= offset, or -1. */
  private floorSegmentIndex(offset: number): number {
    const list = this.segmentList;
    if (list.length === 0 || list[0].baseOffset > offset) return -1;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (list[mid].baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * ListOffsets: the first record with timestamp >= target (null when there is none), or the log
   * start (EARLIEST_TIMESTAMP, -2) / log end (LATEST_TIMESTAMP, -1) with their leader epochs.
   */
  fetchOffsetByTimestamp(targetTimestamp: number): TimestampAndOffset | null {
    this.ensureOpen();
    if (targetTimestamp === EARLIEST_TIMESTAMP) {
      const first = this.leaderEpochCache.earliestEntry;
      const epoch = first !== undefined && first.startOffset <= this._logStartOffset ? first.epoch : UNDEFINED_EPOCH;
      return { timestamp: -1, offset: this._logStartOffset, leaderEpoch: epoch };
    }
    if (targetTimestamp === LATEST_TIMESTAMP) {
      return { timestamp: -1, offset: this.nextOffset, leaderEpoch: this.leaderEpochCache.latestEpoch };
    }
    // The first segment whose largest timestamp reaches the target holds the answer, if any does.
    const segment = this.segmentList.find((s) => s.largestTimestamp >= targetTimestamp);
    return segment === undefined ? null : segment.findOffsetByTimestamp(targetTimestamp, this._logStartOffset);
  }

  /** KIP-101 OffsetsForLeaderEpoch for this log. */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.leaderEpochCache.endOffsetFor(epoch);
  }

  // ---------------------------------------------------------------- truncation

  /**
   * Follower truncation: removes everything from `targetOffset` on (the whole batch containing it).
   * Returns false when there was nothing to remove.
   */
  truncateTo(targetOffset: number): boolean {
    this.ensureOpen();
    if (targetOffset < 0) throw new RangeError(`cannot truncate partition ${this.topic}-${this.partition} to a negative offset (${targetOffset})`);
    // As Kafka's LogManager.truncateTo: only a cut below the active segment can touch what the
    // cleaner reads or has checkpointed.
    const cleaning = this.cleaning !== undefined && targetOffset < this.activeSegment.baseOffset ? this.cleaning : undefined;
    cleaning?.abortAndPauseCleaning(this);
    try {
      const truncated = this.truncateToUnpaused(targetOffset);
      cleaning?.maybeTruncateCheckpoint(this, this.activeSegment.baseOffset);
      return truncated;
    } finally {
      cleaning?.resumeCleaning(this);
    }
  }

  private truncateToUnpaused(targetOffset: number): boolean {
    if (targetOffset >= this.nextOffset) return false;
    this.logger.info(`${this.name}: truncating to offset ${targetOffset}`);
    this.generation++;
    this.maxOffsetPosition = null;
    if (this.segmentList[0].baseOffset > targetOffset) {
      this.truncateFullyAndStartAtUnpaused(targetOffset);
      return true;
    }
    const keep = this.segmentList.filter((s) => s.baseOffset <= targetOffset);
    const drop = this.segmentList.filter((s) => s.baseOffset > targetOffset);
    this.segmentList = keep;
    for (const s of drop) this.asyncDeleteSegment(s);
    const active = this.activeSegment;
    active.truncateTo(targetOffset);
    this.nextOffset = active.readNextOffset();
    this._recoveryPoint = Math.min(this._recoveryPoint, this.nextOffset);
    this._logStartOffset = Math.min(this._logStartOffset, this.nextOffset);
    this._highWatermark = Math.min(this._highWatermark, this.nextOffset);
    this.leaderEpochCache.truncateFromEnd(this.nextOffset);
    this.loadProducerState(this.nextOffset, false);
    return true;
  }

  /** Drops the whole log and restarts it empty at `newOffset` (follower far behind the leader's log start). */
  truncateFullyAndStartAt(newOffset: number): void {
    this.ensureOpen();
    this.cleaning?.abortAndPauseCleaning(this);
    try {
      this.truncateFullyAndStartAtUnpaused(newOffset);
      this.cleaning?.maybeTruncateCheckpoint(this, this.activeSegment.baseOffset);
    } finally {
      this.cleaning?.resumeCleaning(this);
    }
  }

  private truncateFullyAndStartAtUnpaused(newOffset: number): void {
    this.logger.info(`${this.name}: truncating fully and starting at offset ${newOffset}`);
    this.generation++;
    this.maxOffsetPosition = null;
    const old = this.segmentList;
    for (const s of old) this.asyncDeleteSegment(s);
    this.segmentList = [LogSegment.create(this._dir, newOffset, segmentConfigOf(this._config), this.time)];
    this.nextOffset = newOffset;
    this.leaderEpochCache.clearAndFlush();
    this.producerStateManager.truncate();
    this.producerStateManager.updateMapEndOffset(newOffset);
    this._logStartOffset = newOffset;
    this._recoveryPoint = newOffset;
    this._highWatermark = newOffset;
    this.maybeIncrementFirstUnstableOffset();
  }

  // ---------------------------------------------------------------- log start and retention

  /**
   * Moves the log start forward (DeleteRecords, or after segment deletion). Never beyond the
   * high watermark. Whole segments below it are removed by deleteOldSegments().
   */
  maybeIncrementLogStartOffset(newLogStartOffset: number): boolean {
    this.ensureOpen();
    if (newLogStartOffset > this._highWatermark) {
      throw new OffsetOutOfRangeError(
        `Cannot increment the log start offset to ${newLogStartOffset} of partition ${this.topic}-${this.partition} since it is larger than the high watermark ${this._highWatermark}`,
      );
    }
    if (newLogStartOffset <= this._logStartOffset) return false;
    this._logStartOffset = newLogStartOffset;
    this.leaderEpochCache.truncateFromStart(newLogStartOffset);
    this.producerStateManager.truncateHead(newLogStartOffset);
    this.maybeIncrementFirstUnstableOffset();
    return true;
  }

  /** Deletes segments entirely below the log start offset; returns how many. */
  deleteSegmentsBelowLogStart(): number {
    return this.deleteOldSegmentsWhere((_s, next) => next !== undefined && next.baseOffset <= this._logStartOffset, 'log start offset breach');
  }

  /**
   * Retention, called periodically by the broker: with cleanup.policy=delete, removes the oldest
   * segments past retention.ms (by largest timestamp) and while the log exceeds retention.bytes;
   * always removes segments below the log start. Returns the number of segments deleted.
   */
  deleteOldSegments(now: number = this.time.now()): number {
    if (!this._config['cleanup.policy'].includes('delete')) return this.deleteSegmentsBelowLogStart();
    return this.deleteRetentionMsBreached(now) + this.deleteRetentionSizeBreached() + this.deleteSegmentsBelowLogStart();
  }

  private deleteRetentionMsBreached(now: number): number {
    const retentionMs = this._config['retention.ms'];
    if (retentionMs < 0) return 0;
    return this.deleteOldSegmentsWhere((s) => now - s.largestTimestamp > retentionMs, `retention time ${retentionMs}ms breach`);
  }

  private deleteRetentionSizeBreached(): number {
    const retentionBytes = this._config['retention.bytes'];
    const size = this.size;
    if (retentionBytes < 0 || size < retentionBytes) return 0;
    let diff = size - retentionBytes;
    return this.deleteOldSegmentsWhere((s) => {
      if (diff - s.size < 0) return false;
      diff -= s.size;
      return true;
    }, `retention size in bytes ${retentionBytes} breach`);
  }

  /**
   * Kafka's deletableSegments: walk from the oldest segment while the predicate holds and the
   * segment lies wholly below the high watermark; the active segment qualifies only when
   * non-empty (a new one is rolled first so the log always has a segment).
   */
  private deleteOldSegmentsWhere(predicate: (s: LogSegment, next: LogSegment | undefined) => boolean, reason: string): number {
    this.ensureOpen();
    const deletable: LogSegment[] = [];
    for (let i = 0; i < this.segmentList.length; i++) {
      const segment = this.segmentList[i];
      const next = this.segmentList[i + 1];
      const upperBound = next !== undefined ? next.baseOffset : this.nextOffset;
      const lastAndEmpty = next === undefined && segment.size === 0;
      if (this._highWatermark >= upperBound && !lastAndEmpty && predicate(segment, next)) deletable.push(segment);
      else break;
    }
    if (deletable.length === 0) return 0;
    this.logger.info(`${this.name}: found deletable segments with base offsets [${deletable.map((s) => s.baseOffset).join(',')}] due to ${reason}`);
    if (deletable.length === this.segmentList.length) this.roll();
    this.segmentList = this.segmentList.slice(deletable.length);
    this.maxOffsetPosition = null;
    for (const s of deletable) this.asyncDeleteSegment(s);
    const firstBase = this.segmentList[0].baseOffset;
    if (firstBase > this._logStartOffset) {
      this._logStartOffset = firstBase;
      this.leaderEpochCache.truncateFromStart(firstBase);
      this.producerStateManager.truncateHead(firstBase);
      this.maybeIncrementFirstUnstableOffset();
    }
    return deletable.length;
  }

  /**
   * Swaps cleaned segments (written as `.cleaned`, flushed) in for the segments they replace,
   * crash-safely (Kafka's replaceSegments; the steps are in segment-swap.ts). The replaced
   * segments are removed after file.delete.delay.ms, as retention removes segments.
   */
  replaceSegments(newSegments: LogSegment[], oldSegments: LogSegment[]): void {
    this.ensureOpen();
    const result = swapSegments(this.segmentList, newSegments, oldSegments, false);
    this.segmentList = result.segments;
    // File positions below the high watermark may have moved.
    this.maxOffsetPosition = null;
    for (const s of result.deleted) this.scheduleSegmentFileDeletion(s);
  }

  /** Renames the files to `.deleted` now and removes them after file.delete.delay.ms, like Kafka. */
  private asyncDeleteSegment(segment: LogSegment): void {
    segment.changeFileSuffixes(DELETED_SUFFIX);
    this.scheduleSegmentFileDeletion(segment);
  }

  /** Removes an already `.deleted` segment's files after file.delete.delay.ms. */
  private scheduleSegmentFileDeletion(segment: LogSegment): void {
    this.pendingDeletes.add(segment);
    this.scheduler.schedule(
      'delete-file',
      () => {
        this.pendingDeletes.delete(segment);
        try {
          segment.deleteFiles();
        } catch (e) {
          this.logger.warn(`${this.name}: failed to delete ${segment.logFile}: ${String(e)}`);
        }
      },
      this._config['file.delete.delay.ms'],
    );
  }

  // ---------------------------------------------------------------- flush and lifecycle

  /** fsyncs segments holding offsets in [recoveryPoint, offset) and moves the recovery point. */
  flush(offset: number = this.nextOffset): void {
    this.ensureOpen();
    if (offset <= this._recoveryPoint) return;
    for (let i = 0; i < this.segmentList.length; i++) {
      const s = this.segmentList[i];
      const next = this.segmentList[i + 1];
      const end = next !== undefined ? next.baseOffset : Infinity;
      if (end > this._recoveryPoint && s.baseOffset < offset) s.flush();
    }
    this._recoveryPoint = offset;
    this.lastFlushTime = this.time.now();
  }

  /** flush.ms: called periodically by the broker's scheduler. */
  maybeFlushByTime(now: number = this.time.now()): boolean {
    if (now - this.lastFlushTime >= this._config['flush.ms'] && this.unflushedMessages > 0) {
      this.flush();
      return true;
    }
    return false;
  }

  /** Closes every segment (trimming the active indexes). Does not flush: LogManager flushes first. */
  close(): void {
    if (this.closed) return;
    // A snapshot at the log end spares the next start a scan of the log.
    this.producerStateManager.takeSnapshot();
    this.closed = true;
    for (const s of this.segmentList) s.close();
    for (const s of this.pendingDeletes) s.closeHandlers();
  }

  /** Closes file handles without trimming anything (the directory is about to be renamed away). */
  closeHandlers(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segmentList) s.closeHandlers();
    for (const s of this.pendingDeletes) s.closeHandlers();
  }

  /** After a rename of the whole partition directory. */
  setDir(dir: string): void {
    this._dir = dir;
    this.producerStateManager.dir = dir;
  }

  /** Whether this is a replica being moved into its log dir (a `-future` dir, AlterReplicaLogDirs). */
  get isFuture(): boolean {
    return this._dir.endsWith(FUTURE_DIR_SUFFIX);
  }

  /**
   * Renames the partition directory of this open log within its log dir (Kafka's Log.renameDir: a
   * future replica becoming the current one). Open files stay open; their paths follow.
   */
  renameDir(name: string): void {
    this.ensureOpen();
    const dir = path.join(path.dirname(this._dir), name);
    fs.renameSync(this._dir, dir);
    fsyncDir(path.dirname(dir));
    this._dir = dir;
    this.producerStateManager.dir = dir;
    for (const s of [...this.segmentList, ...this.pendingDeletes]) s.relocate(dir);
    this.leaderEpochCache.relocate(leaderEpochCheckpointFile(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE)));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`${this.name} is closed`);
  }
}

