// One cleaning pass over one log (Kafka 2.4.1's Cleaner):
//   1. build the offset map (key digest -> latest offset) over the cleanable dirty section,
//      [firstDirtyOffset, firstUncleanableOffset), stopping early if the map fills up; the pass
//      then ends where the map does (endOffset = the map's latest offset + 1);
//   2. rewrite every segment from the start of the log up to endOffset, in groups merged up to
//      segment.bytes (group-segments.ts), keeping a record only if no later offset of its key is in
//      the map; records keep their offsets (gaps are fine). A tombstone (null value) is kept while
//      its segment was modified after the delete horizon (the last clean segment's modification
//      time minus delete.retention.ms), so a tombstone first survives the pass that moved it into
//      the clean section and goes in a later one;
//   3. swap each cleaned group in as it is done (Log.replaceSegments).
// Transactions (transaction-metadata.ts): data of aborted transactions goes whatever its keys,
// COMMIT/ABORT markers stay through every pass that still reads data of their transaction and
// then until the tombstone horizon, and the aborted transactions whose markers stay are written
// to the cleaned segment's transaction index. The last batch of every live producer is kept, emptied if none of its
// records survive, so the producer's epoch and sequence survive a rebuild of producer state.
// The cleanable range already stops at the log's first unstable offset (cleanable-log.ts), so no
// undecided transaction is ever cleaned.
// The caller moves the cleaner checkpoint to endOffset when the pass completes.
//
// Work happens in chunks of the I/O buffer (log.cleaner.io.buffer.size / threads / 2), cut short
// after MAX_STEP_MS of work (a chunk of compressed batches can hold tens of thousands of
// records); after each step the pass yields to the event loop, then checks it was not aborted
// (truncation, deletion, shutdown) before touching anything. The last check is made synchronously right before the
// swap, so an abort always wins over a swap.

import { performance } from 'node:perf_hooks';
import { CLEANED_SUFFIX } from '../file-names';
import { LogSegment } from '../log-segment';
import type { LastRecord, Log } from '../log';
import type { Logger } from '../../common/logger';
import type { Time } from '../../common/clock';
import {
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  batchBaseOffset,
  batchIsControl,
  batchLastOffset,
  batchProducerEpoch,
  batchProducerId,
  batchRecordCount,
  batchSize,
} from '../../protocol/records/batch-header';
import { openRecordReader } from '../../protocol/records/record';
import { CleanerStats } from './cleaner-stats';
import { groupSegmentsBySize } from './group-segments';
import type { LogToClean } from './cleanable-log';
import type { SkimpyOffsetMap } from './offset-map';
import { BatchRetention, filterBatches, type RecordFilter } from './record-filter';
import type { Throttler } from './throttler';
import { CleanedTransactionMetadata } from './transaction-metadata';

/** The longest a pass holds the event loop between yields (produce and fetch wait meanwhile). */
export const MAX_STEP_MS = 10;

export interface CleanerOptions {
  id: number;
  offsetMap: SkimpyOffsetMap;
  /** Bytes of each of the read and write buffers. */
  ioBufferSize: number;
  /** message.max.bytes: how far the buffers may grow for one batch. */
  maxIoBufferSize: number;
  dupBufferLoadFactor: number;
  throttler: Throttler;
  time: Time;
  logger: Logger;
  /** Throws when the pass over `log` must stop (aborted, shut down). */
  checkDone: (log: Log) => void;
  /** Lets the event loop run (produce, fetch) between chunks. */
  yieldToEventLoop: () => Promise<void>;
}

export class Cleaner {
  readonly id: number;
  private readBuffer: Buffer;
  /** The `.cleaned` segment being written, so shutdown can remove it at once. */
  private inFlight: LogSegment | null = null;

  constructor(private readonly opts: CleanerOptions) {
    this.id = opts.id;
    this.readBuffer = Buffer.allocUnsafe(opts.ioBufferSize);
    if (!(opts.offsetMap.maxSlots * opts.dupBufferLoadFactor > 1)) {
      throw new Error(
        'offset map is too small to fit in even a single message, so log cleaning will never make progress. You can increase log.cleaner.dedupe.buffer.size or decrease log.cleaner.threads',
      );
    }
  }

  private get logger(): Logger {
    return this.opts.logger;
  }

  private info(message: string): void {
    this.logger.info(`Cleaner ${this.id}: ${message}`);
  }

  /** Removes the `.cleaned` files of a pass in flight (shutdown: the pass will not swap them in). */
  discardInFlight(): void {
    this.inFlight?.deleteFiles();
    this.inFlight = null;
  }

  /**
   * Cleans the log; returns the first offset not cleaned (the new checkpoint) and the statistics.
   * The delete horizon is measured from the last segment of the clean section.
   */
  async clean(cleanable: LogToClean): Promise<{ endOffset: number; stats: CleanerStats }> {
    const lastClean = cleanable.log.logSegments(0, cleanable.firstDirtyOffset).at(-1);
    const deleteHorizonMs = lastClean === undefined ? 0 : lastClean.lastModified - cleanable.log.config['delete.retention.ms'];
    return this.doClean(cleanable, deleteHorizonMs);
  }

  async doClean(cleanable: LogToClean, deleteHorizonMs: number): Promise<{ endOffset: number; stats: CleanerStats }> {
    const log = cleanable.log;
    this.info(`Beginning cleaning of log ${log.name}.`);
    const stats = new CleanerStats(this.opts.time);
    const map = this.opts.offsetMap;

    this.info(`Building offset map for ${log.name}...`);
    const upperBoundOffset = cleanable.firstUncleanableOffset;
    await this.buildOffsetMap(log, cleanable.firstDirtyOffset, upperBoundOffset, map, stats);
    const endOffset = map.latestOffset + 1;
    stats.indexDone();

    const cleanableHorizonMs = log.logSegments(0, cleanable.firstUncleanableOffset).at(-1)?.lastModified ?? 0;
    this.info(`Cleaning log ${log.name} (cleaning prior to ${new Date(cleanableHorizonMs).toString()}, discarding tombstones prior to ${new Date(deleteHorizonMs).toString()})...`);
    const transactionMetadata = new CleanedTransactionMetadata();
    const groups = groupSegmentsBySize(log.logSegments(0, endOffset), log.config['segment.bytes'], log.config['segment.index.bytes'], cleanable.firstUncleanableOffset);
    for (const group of groups) await this.cleanSegments(log, group, deleteHorizonMs, stats, transactionMetadata);

    stats.bufferUtilization = map.utilization;
    stats.allDone();
    return { endOffset, stats };
  }

  // ------------------------------------------------------------------ offset map

  /** Kafka's buildOffsetMap: key -> latest offset over the dirty segments in [start, end). */
  async buildOffsetMap(log: Log, start: number, end: number, map: SkimpyOffsetMap, stats: CleanerStats): Promise<void> {
    // At most one key per offset: size the table for that, never beyond the configured memory.
    map.reset(Math.max(end - start, 1), this.opts.dupBufferLoadFactor);
    const dirty = log.logSegments(start, end);
    this.info(`Building offset map for log ${log.name} for ${dirty.length} segments in offset range [${start}, ${end}).`);
    const transactionMetadata = new CleanedTransactionMetadata();
    transactionMetadata.addAbortedTransactions(log.collectAbortedTransactions(start, end));
    for (let i = 0; i < dirty.length; i++) {
      this.opts.checkDone(log);
      const nextSegmentStartOffset = i + 1 < dirty.length ? dirty[i + 1].baseOffset : end;
      const full = await this.buildOffsetMapForSegment(log, dirty[i], map, start, nextSegmentStartOffset, log.config['max.message.bytes'], transactionMetadata, stats);
      if (full) {
        this.info(`Offset map is full, ${i} segments fully mapped, segment with base offset ${dirty[i].baseOffset} is partially mapped`);
        break;
      }
    }
    this.info(`Offset map for log ${log.name} complete.`);
  }

  /** Adds one segment's keys; returns true when the map filled up part-way. */
  private async buildOffsetMapForSegment(
    log: Log,
    segment: LogSegment,
    map: SkimpyOffsetMap,
    startOffset: number,
    nextSegmentStartOffset: number,
    maxLogMessageSize: number,
    transactionMetadata: CleanedTransactionMetadata,
    stats: CleanerStats,
  ): Promise<boolean> {
    let position = segment.offsetIndex.lookup(startOffset).position;
    const maxDesiredMapSize = Math.floor(map.slots * this.opts.dupBufferLoadFactor);
    while (position < segment.size) {
      this.opts.checkDone(log);
      let n: number;
      try {
        n = segment.readInto(this.readBuffer, position);
      } catch (e) {
        throw new Error(`Failed to read from segment ${segment.logFile} of partition ${log.topic}-${log.partition} while loading offset map: ${String(e)}`);
      }
      await this.opts.throttler.maybeThrottle(n);
      this.opts.checkDone(log);
      const buf = this.readBuffer;
      let at = 0;
      let firstBatchSize: number | null = null;
      const deadline = performance.now() + MAX_STEP_MS;
      while (at + LOG_OVERHEAD <= n && (at === 0 || performance.now() < deadline)) {
        const size = batchSize(buf, at);
        if (size < BATCH_HEADER_SIZE) throw new Error(`record batch size ${size} in ${segment.logFile} at position ${position + at} is smaller than a batch header`);
        if (at + size > n) {
          if (at === 0) firstBatchSize = size;
          break;
        }
        if (batchIsControl(buf, at)) {
          transactionMetadata.onControlBatchRead(buf, at);
          stats.indexMessagesRead(1);
        } else if (transactionMetadata.onBatchRead(buf, at)) {
          // Aborted data is dropped whatever its keys: no need to map them.
          stats.indexMessagesRead(batchRecordCount(buf, at));
        } else {
          const reader = openRecordReader(buf, at);
          const base = batchBaseOffset(buf, at);
          while (reader.next()) {
            const offset = base + reader.offsetDelta;
            if (reader.keyLength >= 0 && offset >= startOffset) {
              if (map.size < maxDesiredMapSize) map.put(reader.key()!, offset);
              else return true;
            }
            stats.indexMessagesRead(1);
          }
        }
        const last = batchLastOffset(buf, at);
        if (last >= startOffset) map.updateLatestOffset(last);
        at += size;
      }
      position += at;
      stats.indexBytesRead(at);
      if (at === 0) this.growBuffersOrFail(segment, position, maxLogMessageSize, firstBatchSize);
      await this.opts.yieldToEventLoop();
    }
    // Offsets may have gaps (an earlier cleaning): the segment covers everything up to the next one.
    map.updateLatestOffset(nextSegmentStartOffset - 1);
    this.restoreBuffers();
    return false;
  }

  // ------------------------------------------------------------------ copying

  /** Cleans one group of segments into a single new segment and swaps it in. */
  private async cleanSegments(log: Log, segments: LogSegment[], deleteHorizonMs: number, stats: CleanerStats, transactionMetadata: CleanedTransactionMetadata): Promise<void> {
    const map = this.opts.offsetMap;
    const segmentConfig = { indexIntervalBytes: log.config['index.interval.bytes'], maxIndexSize: log.config['segment.index.bytes'] };
    // LogSegment.create replaces any leftover .cleaned files of this base offset.
    const cleaned = LogSegment.create(log.dir, segments[0].baseOffset, segmentConfig, this.opts.time, CLEANED_SUFFIX);
    this.inFlight = cleaned;
    // The aborted transactions whose ABORT markers this group keeps go into the new segment's
    // .txnindex (as `.txnindex.cleaned`, renamed with the segment at the swap): read_committed
    // readers must still filter whatever of their data survives.
    transactionMetadata.cleanedIndex = cleaned.txnIndex;
    try {
      const lastRecordsOfActiveProducers = log.lastRecordsOfActiveProducers();
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        const upperBoundOffset = i + 1 < segments.length ? segments[i + 1].baseOffset : map.latestOffset + 1;
        transactionMetadata.addAbortedTransactions(log.collectAbortedTransactions(segment.baseOffset, upperBoundOffset));
        const retainDeletesAndTxnMarkers = segment.lastModified > deleteHorizonMs;
        this.info(
          `Cleaning segment ${segment.baseOffset} in log ${log.name} into ${cleaned.baseOffset} with deletion horizon ${deleteHorizonMs}, ${retainDeletesAndTxnMarkers ? 'retaining' : 'discarding'} deletes.`,
        );
        await this.cleanInto(log, segment, cleaned, retainDeletesAndTxnMarkers, log.config['max.message.bytes'], transactionMetadata, lastRecordsOfActiveProducers, stats);
      }
      cleaned.onBecomeInactiveSegment();
      await cleaned.flushAsync();
      // The cleaned segment keeps the modification time of the last one it replaces: the next
      // pass measures its tombstone horizon from it.
      cleaned.setLastModified(segments[segments.length - 1].lastModified);

      this.opts.checkDone(log);
      // Only this worker swaps this log's segments and retention of compacted logs runs on this
      // worker too, so the group is still there; checked anyway, since swapping over a segment
      // removed meanwhile would bring its records back.
      const live = new Set(log.segments);
      if (!segments.every((s) => live.has(s))) throw new Error(`segments of ${log.name} changed during cleaning`);
      this.info(`Swapping in cleaned segment ${cleaned.baseOffset} for segment(s) ${segments.map((s) => s.baseOffset).join(',')} in log ${log.name}`);
      log.replaceSegments([cleaned], segments);
      this.inFlight = null;
    } catch (e) {
      if (this.inFlight === cleaned) {
        cleaned.deleteFiles();
        this.inFlight = null;
      }
      throw e;
    }
  }

  /** Copies what survives of `source` into `dest` (Kafka's cleanInto). */
  private async cleanInto(
    log: Log,
    source: LogSegment,
    dest: LogSegment,
    retainDeletesAndTxnMarkers: boolean,
    maxLogMessageSize: number,
    transactionMetadata: CleanedTransactionMetadata,
    lastRecordsOfActiveProducers: Map<number, LastRecord>,
    stats: CleanerStats,
  ): Promise<void> {
    const map = this.opts.offsetMap;
    let discardBatchRecords = false;
    const filter: RecordFilter = {
      checkBatchRetention(batch, at) {
        // Transaction markers ride on the tombstone horizon; a marker never goes before the
        // records of its transaction.
        discardBatchRecords = batchIsControl(batch, at)
          ? transactionMetadata.onControlBatchRead(batch, at) && !retainDeletesAndTxnMarkers
          : transactionMetadata.onBatchRead(batch, at);
        const producerId = batchProducerId(batch, at);
        // A live producer's last batch stays, if empty, so its sequence and epoch survive.
        const last = producerId >= 0 ? lastRecordsOfActiveProducers.get(producerId) : undefined;
        const isLastOfProducer =
          last !== undefined &&
          (last.lastDataOffset !== undefined ? batchLastOffset(batch, at) === last.lastDataOffset : batchIsControl(batch, at) && batchProducerEpoch(batch, at) === last.producerEpoch);
        if (isLastOfProducer) return BatchRetention.RetainEmpty;
        return discardBatchRecords ? BatchRetention.Delete : BatchRetention.DeleteEmpty;
      },
      shouldRetainRecord(_batch, _at, record) {
        // A batch kept only for its producer's sake keeps none of its records.
        if (discardBatchRecords) return false;
        if (record.offset > map.latestOffset) return true;
        if (record.key === null) {
          stats.invalidMessage();
          return false;
        }
        const latestOffsetForKey = record.offset >= map.get(record.key);
        return latestOffsetForKey && (record.hasValue || retainDeletesAndTxnMarkers);
      },
    };

    let position = 0;
    while (position < source.size) {
      this.opts.checkDone(log);
      const n = source.readInto(this.readBuffer, position);
      await this.opts.throttler.maybeThrottle(n);
      this.opts.checkDone(log);
      const result = filterBatches(this.readBuffer, n, filter, {
        maxRecordBatchSize: maxLogMessageSize,
        deadline: performance.now() + MAX_STEP_MS,
        onOversizedBatch: (lastOffset, newSize) =>
          this.logger.warn(
            `Record batch from ${log.topic}-${log.partition} with last offset ${lastOffset} exceeded max record batch size ${maxLogMessageSize} after cleaning (new size is ${newSize}). Consumers with version earlier than 0.10.1.0 may need to increase their fetch sizes.`,
          ),
      });
      stats.readMessages(result.messagesRead, result.bytesRead);
      stats.recopyMessages(result.messagesRetained, result.bytesRetained);
      position += result.bytesRead;
      if (result.output.length > 0) {
        dest.appendChunk(result.output, result.maxOffset, result.maxTimestamp, result.shallowOffsetOfMaxTimestamp);
        await this.opts.throttler.maybeThrottle(result.output.length);
      }
      if (n > 0 && result.bytesRead === 0) this.growBuffersOrFail(source, position, maxLogMessageSize, result.firstBatchSize);
      await this.opts.yieldToEventLoop();
    }
    this.restoreBuffers();
  }

  // ------------------------------------------------------------------ buffers

  /**
   * Not even one whole batch fit in the read buffer: grow it (doubling, up to max.message.bytes,
   * or to the batch's own size when a batch is larger than that; Kafka's growBuffersOrFail).
   */
  private growBuffersOrFail(segment: LogSegment, position: number, maxLogMessageSize: number, nextBatchSize: number | null): void {
    let maxSize: number;
    if (this.readBuffer.length >= maxLogMessageSize) {
      const where = `log segment ${segment.logFile} at position ${position}`;
      if (nextBatchSize === null) throw new Error(`Could not determine next batch size for ${where}`);
      if (nextBatchSize <= 0) throw new Error(`Invalid batch size ${nextBatchSize} for ${where}`);
      if (nextBatchSize <= this.readBuffer.length) throw new Error(`Batch size ${nextBatchSize} < buffer size ${this.readBuffer.length}, but not processed for ${where}`);
      const bytesLeft = segment.size - position;
      if (nextBatchSize > bytesLeft) throw new Error(`Log segment may be corrupt, batch size ${nextBatchSize} > ${bytesLeft} bytes left in segment for ${where}`);
      maxSize = nextBatchSize;
    } else {
      maxSize = maxLogMessageSize;
    }
    const maxBufferSize = Math.max(maxSize, this.opts.maxIoBufferSize);
    if (this.readBuffer.length >= maxBufferSize) throw new Error(`This log contains a message larger than maximum allowable size of ${maxBufferSize}.`);
    const newSize = Math.min(this.readBuffer.length * 2, maxBufferSize);
    this.info(`Growing cleaner I/O buffers from ${this.readBuffer.length} bytes to ${newSize} bytes.`);
    this.readBuffer = Buffer.allocUnsafe(newSize);
  }

  private restoreBuffers(): void {
    if (this.readBuffer.length > this.opts.ioBufferSize) this.readBuffer = Buffer.allocUnsafe(this.opts.ioBufferSize);
  }
}
