// The producer state of one partition (Kafka's ProducerStateManager): the entry of every live
// producer, the transactions still open (their first offsets hold back the last stable offset),
// the completed ones whose markers are not yet below the high watermark, and the `.snapshot`
// files that let a restart skip re-reading the log. The map covers the log up to mapEndOffset.

import { silentLogger, type Logger } from '../common/logger';
import {
  deleteProducerSnapshots,
  listProducerSnapshotOffsets,
  producerSnapshotFileName,
  readProducerSnapshot,
  writeProducerSnapshot,
  CorruptSnapshotError,
  type SnapshotEntry,
} from './producer-snapshot-file';
import { AppendOrigin, ProducerAppendInfo, ProducerStateEntry, type CompletedTxn } from './producer-state';
import * as path from 'node:path';
import * as fs from 'node:fs';

interface TxnMetadata {
  producerId: number;
  firstOffset: number;
  lastOffset?: number;
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();
  private lastMapOffset = 0;
  private lastSnapOffset = 0;
  /** Open transactions by first offset (insertion order is offset order: they start at the log end). */
  private readonly ongoingTxns = new Map<number, TxnMetadata>();
  /** Decided transactions whose markers are not yet below the high watermark, by first offset. */
  private readonly unreplicatedTxns = new Map<number, TxnMetadata>();

  constructor(
    readonly partitionName: string,
    private _dir: string,
    private readonly maxProducerIdExpirationMs: number,
    private readonly logger: Logger = silentLogger,
  ) {}

  set dir(dir: string) {
    this._dir = dir;
  }

  get mapEndOffset(): number {
    return this.lastMapOffset;
  }

  get isEmpty(): boolean {
    return this.producers.size === 0 && this.unreplicatedTxns.size === 0;
  }

  get activeProducers(): ReadonlyMap<number, ProducerStateEntry> {
    return this.producers;
  }

  lastEntry(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  /**
   * The first offset not yet stable: the start of the oldest open transaction, or of a decided
   * one whose marker the followers may not have yet, whichever is lower.
   */
  get firstUnstableOffset(): number | undefined {
    const undecided = firstKey(this.ongoingTxns);
    const unreplicated = firstKey(this.unreplicatedTxns);
    if (undecided === undefined) return unreplicated;
    if (unreplicated === undefined) return undecided;
    return Math.min(undecided, unreplicated);
  }

  /** The start of the oldest open transaction (what the cleaner must not pass). */
  get firstUndecidedOffset(): number | undefined {
    return firstKey(this.ongoingTxns);
  }

  onHighWatermarkUpdated(highWatermark: number): void {
    this.removeUnreplicatedTransactions(highWatermark);
  }

  prepareUpdate(producerId: number, origin: AppendOrigin): ProducerAppendInfo {
    const current = this.producers.get(producerId) ?? new ProducerStateEntry(producerId);
    return new ProducerAppendInfo(this.partitionName, producerId, current, origin, (m) => this.logger.warn(`[ProducerStateManager partition=${this.partitionName}] ${m}`));
  }

  update(info: ProducerAppendInfo): void {
    const next = info.toEntry();
    const current = this.producers.get(info.producerId);
    if (current === undefined) this.producers.set(info.producerId, next);
    else current.update(next);
    for (const txn of info.startedTransactions) this.ongoingTxns.set(txn.firstOffset, { producerId: txn.producerId, firstOffset: txn.firstOffset });
  }

  updateMapEndOffset(offset: number): void {
    this.lastMapOffset = offset;
  }

  /** The last stable offset to record with an aborted transaction: the next open one's start, if any. */
  lastStableOffset(completed: CompletedTxn): number {
    for (const txn of this.ongoingTxns.values()) {
      if (txn.producerId !== completed.producerId) return txn.firstOffset;
    }
    return completed.lastOffset + 1;
  }

  completeTxn(completed: CompletedTxn): void {
    const txn = this.ongoingTxns.get(completed.firstOffset);
    if (txn === undefined) {
      throw new Error(`Attempted to complete transaction ${JSON.stringify(completed)} on partition ${this.partitionName} which was not started`);
    }
    this.ongoingTxns.delete(completed.firstOffset);
    txn.lastOffset = completed.lastOffset;
    this.unreplicatedTxns.set(completed.firstOffset, txn);
  }

  private isExpired(now: number, entry: ProducerStateEntry): boolean {
    return entry.currentTxnFirstOffset === undefined && now - entry.lastTimestamp >= this.maxProducerIdExpirationMs;
  }

  /** producer.id.expiration.ms: forgets producers idle that long with no open transaction. */
  removeExpiredProducers(now: number): void {
    for (const [id, entry] of this.producers) if (this.isExpired(now, entry)) this.producers.delete(id);
  }

  // ------------------------------------------------------------ snapshots

  /** Writes `<mapEndOffset>.snapshot` unless one at that offset or later was already written. */
  takeSnapshot(): void {
    if (this.lastMapOffset <= this.lastSnapOffset) return;
    this.logger.info(`[ProducerStateManager partition=${this.partitionName}] Writing producer snapshot at offset ${this.lastMapOffset}`);
    writeProducerSnapshot(this._dir, this.lastMapOffset, [...this.producers.values()].map(toSnapshotEntry));
    this.lastSnapOffset = this.lastMapOffset;
  }

  get latestSnapshotOffset(): number | undefined {
    const offsets = listProducerSnapshotOffsets(this._dir);
    return offsets[offsets.length - 1];
  }

  get oldestSnapshotOffset(): number | undefined {
    return listProducerSnapshotOffsets(this._dir)[0];
  }

  deleteSnapshotsBefore(offset: number): void {
    deleteProducerSnapshots(this._dir, (o) => o < offset);
  }

  /**
   * Truncation or startup: drops snapshots outside (logStartOffset, logEndOffset] and, unless the
   * map already ends at logEndOffset, reloads from the newest remaining snapshot; the caller
   * then replays the log from mapEndOffset.
   */
  truncateAndReload(logStartOffset: number, logEndOffset: number, now: number): void {
    deleteProducerSnapshots(this._dir, (o) => o > logEndOffset || o <= logStartOffset);
    if (logEndOffset !== this.lastMapOffset) {
      this.producers.clear();
      this.ongoingTxns.clear();
      // The new log end is at most the high watermark, so every decided transaction is replicated.
      this.unreplicatedTxns.clear();
      this.loadFromSnapshot(logStartOffset, now);
    } else {
      this.truncateHead(logStartOffset);
    }
  }

  /** The log start moved forward (retention, DeleteRecords): snapshots below it go. */
  truncateHead(logStartOffset: number): void {
    this.removeUnreplicatedTransactions(logStartOffset);
    if (this.lastMapOffset < logStartOffset) this.lastMapOffset = logStartOffset;
    this.deleteSnapshotsBefore(logStartOffset);
    this.lastSnapOffset = this.latestSnapshotOffset ?? logStartOffset;
  }

  /** Forgets everything and removes every snapshot (the log restarts empty). */
  truncate(): void {
    this.producers.clear();
    this.ongoingTxns.clear();
    this.unreplicatedTxns.clear();
    deleteProducerSnapshots(this._dir, () => true);
    this.lastSnapOffset = 0;
    this.lastMapOffset = 0;
  }

  private loadFromSnapshot(logStartOffset: number, now: number): void {
    for (;;) {
      const offset = this.latestSnapshotOffset;
      if (offset === undefined) {
        this.lastSnapOffset = logStartOffset;
        this.lastMapOffset = logStartOffset;
        return;
      }
      const file = path.join(this._dir, producerSnapshotFileName(offset));
      try {
        this.logger.info(`[ProducerStateManager partition=${this.partitionName}] Loading producer state from snapshot file '${file}'`);
        for (const e of readProducerSnapshot(file)) {
          const entry = fromSnapshotEntry(e);
          if (!this.isExpired(now, entry)) this.loadProducerEntry(entry);
        }
        this.lastSnapOffset = offset;
        this.lastMapOffset = offset;
        return;
      } catch (error) {
        if (!(error instanceof CorruptSnapshotError)) throw error;
        this.logger.warn(`[ProducerStateManager partition=${this.partitionName}] Failed to load producer snapshot from '${file}': ${error.message}`);
        fs.rmSync(file, { force: true });
      }
    }
  }

  private loadProducerEntry(entry: ProducerStateEntry): void {
    this.producers.set(entry.producerId, entry);
    if (entry.currentTxnFirstOffset !== undefined) {
      this.ongoingTxns.set(entry.currentTxnFirstOffset, { producerId: entry.producerId, firstOffset: entry.currentTxnFirstOffset });
    }
    sortByKey(this.ongoingTxns);
  }

  private removeUnreplicatedTransactions(offset: number): void {
    for (const [first, txn] of this.unreplicatedTxns) {
      if (txn.lastOffset !== undefined && txn.lastOffset < offset) this.unreplicatedTxns.delete(first);
    }
  }
}

function firstKey(map: Map<number, TxnMetadata>): number | undefined {
  let min: number | undefined;
  for (const key of map.keys()) if (min === undefined || key < min) min = key;
  return min;
}

/** Snapshot entries come in any order; keeps the ongoing map in first-offset order. */
function sortByKey(map: Map<number, TxnMetadata>): void {
  const sorted = [...map.entries()].sort((a, b) => a[0] - b[0]);
  map.clear();
  for (const [k, v] of sorted) map.set(k, v);
}

function toSnapshotEntry(entry: ProducerStateEntry): SnapshotEntry {
  return {
    producerId: entry.producerId,
    producerEpoch: entry.producerEpoch,
    lastSequence: entry.lastSeq,
    lastOffset: entry.lastDataOffset,
    offsetDelta: entry.lastOffsetDelta,
    timestamp: entry.lastTimestamp,
    coordinatorEpoch: entry.coordinatorEpoch,
    currentTxnFirstOffset: entry.currentTxnFirstOffset ?? -1,
  };
}

/** Kafka keeps only the last batch in a snapshot, and none when the producer wrote only markers. */
function fromSnapshotEntry(e: SnapshotEntry): ProducerStateEntry {
  const batches = e.lastOffset >= 0 ? [{ lastSeq: e.lastSequence, lastOffset: e.lastOffset, offsetDelta: e.offsetDelta, timestamp: e.timestamp }] : [];
  return new ProducerStateEntry(e.producerId, batches, e.producerEpoch, e.coordinatorEpoch, e.timestamp, e.currentTxnFirstOffset >= 0 ? e.currentTxnFirstOffset : undefined);
}
