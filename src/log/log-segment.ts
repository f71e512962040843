// One segment of a partition log: the `.log` file of record batches exactly as on the wire, plus
// its sparse `.index` and `.timeindex`. Batches arrive already validated and offset-assigned; the
// segment only stores them (one write per append), indexes them, serves file ranges of whole
// batches, and can rebuild itself from the bytes after a crash.
//
// Over 500 lines because the file, its two indexes and their recovery keep one invariant (every
// index entry points at a batch in the file) that is easiest to check in one place.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  OFFSET_ATTRIBUTES,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  batchBaseOffset,
  batchFirstTimestamp,
  batchLastOffset,
  batchMagic,
  batchMaxTimestamp,
  batchPartitionLeaderEpoch,
  batchIsControl,
  batchProducerId,
  batchSize,
  checkBatch,
} from '../protocol/records/batch-header';
import { openRecordReader } from '../protocol/records/record';
import { existsSync, readFully, unlinkIfExists, writeFully } from './fs-util';
import { indexFileName, logFileName, timeIndexFileName, TXN_INDEX_SUFFIX, filenamePrefixFromOffset } from './file-names';
import { CorruptIndexError } from './index-file';
import type { Time } from '../common/clock';
import { OffsetIndex } from './offset-index';
import { NO_TIMESTAMP, TimeIndex } from './time-index';
import { TransactionIndex, type AbortedTxn, type TxnIndexSearchResult } from './transaction-index';

const txnIndexFileName = (baseOffset: number): string => filenamePrefixFromOffset(baseOffset) + TXN_INDEX_SUFFIX;

export interface SegmentConfig {
  /** index.interval.bytes */
  indexIntervalBytes: number;
  /** segment.index.bytes */
  maxIndexSize: number;
}


export interface SegmentReadResult {
  /** Whole batches only; empty when nothing fits. */
  records: Buffer;
  /** Base offset of the first batch returned (or that would have been returned). */
  firstBatchOffset: number;
  /** File position of that batch within the segment. */
  position: number;
  /** True when not even the first batch fit in maxBytes (and minOneBatch was off). */
  firstBatchIncomplete: boolean;
}

export interface BatchLocation {
  /** File position of the batch containing the target offset. */
  position: number;
  baseOffset: number;
  lastOffset: number;
  size: number;
}

export interface TimestampAndOffset {
  timestamp: number;
  offset: number;
  /** partitionLeaderEpoch of the batch holding the record, -1 when unknown. */
  leaderEpoch: number;
}

export interface RecoveryResult {
  bytesTruncated: number;
  /** Next offset after the last valid batch. */
  nextOffset: number;
}

/** Called for every valid batch during recovery, so the log can rebuild its leader-epoch cache. */
export type RecoveredBatchListener = (partitionLeaderEpoch: number, baseOffset: number) => void;

/** Header bytes read per batch when walking a file; the v2 header is all we need to look at. */
const HEADER_CHUNK = 16 * 1024;
/** Recovery reads this much at a time; bigger batches get their own buffer. */
const RECOVERY_CHUNK = 1024 * 1024;

export class LogSegment {
  private fd: number;
  private _size: number;
  private bytesSinceLastIndexEntry = 0;
  private maxTimestampSoFar = NO_TIMESTAMP;
  private offsetOfMaxTimestampSoFar: number;
  /** maxTimestamp of the first batch, what segment.ms is measured from (Kafka's rollingBasedTimestamp). */
  private rollingBasedTimestamp: number | undefined;
  private _created: number;
  /** Appended to all three file names: '' for a live segment, `.cleaned` / `.swap` / `.deleted` otherwise. */
  private suffix: string;

  private _dir: string;

  private constructor(
    dir: string,
    readonly baseOffset: number,
    private readonly config: SegmentConfig,
    private readonly time: Time,
    fd: number,
    size: number,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    readonly txnIndex: TransactionIndex,
    suffix: string,
  ) {
    this._dir = dir;
    this.fd = fd;
    this._size = size;
    this._created = time.now();
    this.offsetOfMaxTimestampSoFar = baseOffset;
    this.suffix = suffix;
  }

  /**
   * Creates a fresh segment, replacing any leftover files with the same base offset and suffix:
   * the active segment (no suffix) or the cleaner's `.cleaned` output. Indexes are preallocated.
   */
  static create(dir: string, baseOffset: number, config: SegmentConfig, time: Time, suffix = ''): LogSegment {
    const logPath = path.join(dir, logFileName(baseOffset) + suffix);
    const fd = fs.openSync(logPath, 'w+');
    const offsetIndex = new OffsetIndex(path.join(dir, indexFileName(baseOffset) + suffix), baseOffset, config.maxIndexSize);
    const timeIndex = new TimeIndex(path.join(dir, timeIndexFileName(baseOffset) + suffix), baseOffset, config.maxIndexSize);
    offsetIndex.open(false, true);
    timeIndex.open(false, true);
    // A leftover transaction index would describe data that is gone.
    const txnFile = path.join(dir, txnIndexFileName(baseOffset) + suffix);
    unlinkIfExists(txnFile);
    return new LogSegment(dir, baseOffset, config, time, fd, 0, offsetIndex, timeIndex, new TransactionIndex(baseOffset, txnFile), suffix);
  }

  /**
   * Opens an existing segment. With `loadIndexes` the index files are read (call sanityCheck()
   * next); without, they start empty because the caller is about to recover() the segment.
   * `suffix` opens the files of an interrupted swap (`.swap`).
   */
  static open(
    dir: string,
    baseOffset: number,
    config: SegmentConfig,
    time: Time,
    opts: { loadIndexes: boolean; suffix?: string },
  ): LogSegment {
    const suffix = opts.suffix ?? '';
    const logPath = path.join(dir, logFileName(baseOffset) + suffix);
    const fd = fs.openSync(logPath, 'r+');
    const size = fs.fstatSync(fd).size;
    const offsetIndex = new OffsetIndex(path.join(dir, indexFileName(baseOffset) + suffix), baseOffset, config.maxIndexSize);
    const timeIndex = new TimeIndex(path.join(dir, timeIndexFileName(baseOffset) + suffix), baseOffset, config.maxIndexSize);
    offsetIndex.open(opts.loadIndexes, false);
    timeIndex.open(opts.loadIndexes, false);
    const txnIndex = new TransactionIndex(baseOffset, path.join(dir, txnIndexFileName(baseOffset) + suffix));
    const segment = new LogSegment(dir, baseOffset, config, time, fd, size, offsetIndex, timeIndex, txnIndex, suffix);
    if (opts.loadIndexes) {
      // Kafka takes the segment's max timestamp from the last time-index entry; close() and roll
      // always append the final maximum, so it is exact for cleanly closed segments.
      const last = timeIndex.lastEntry;
      segment.maxTimestampSoFar = last.timestamp;
      segment.offsetOfMaxTimestampSoFar = last.offset;
    }
    return segment;
  }

  get size(): number {
    return this._size;
  }

  get logFile(): string {
    return path.join(this.dir, logFileName(this.baseOffset) + this.suffix);
  }

  /** Creation time (or load time), what segment.ms counts from when batches carry no timestamps. */
  get created(): number {
    return this._created;
  }

  /** Largest batch maxTimestamp in the segment, falling back to the file's mtime like Kafka. */
  get largestTimestamp(): number {
    if (this.maxTimestampSoFar >= 0) return this.maxTimestampSoFar;
    return Math.floor(fs.fstatSync(this.fd).mtimeMs);
  }

  /** The largest record timestamp in the segment, or -1 (NO_TIMESTAMP). */
  get maxTimestamp(): number {
    return this.maxTimestampSoFar;
  }

  get offsetOfMaxTimestamp(): number {
    return this.offsetOfMaxTimestampSoFar;
  }

  /** The `.log` file's modification time in ms (Kafka's LogSegment.lastModified). */
  get lastModified(): number {
    return Math.floor(fs.fstatSync(this.fd).mtimeMs);
  }

  /**
   * Sets the modification time of all three files: a cleaned segment keeps the time of the last
   * segment it replaces, which is what the cleaner's tombstone horizon is measured from.
   */
  setLastModified(ms: number): void {
    const t = ms / 1000;
    fs.futimesSync(this.fd, t, t);
    for (const file of [this.offsetIndex.file, this.timeIndex.file]) {
      if (existsSync(file)) fs.utimesSync(file, t, t);
    }
  }

  /**
   * maxTimestamp of the first batch, or Infinity when the segment is empty or the batch has no
   * timestamp (Kafka's getFirstBatchTimestamp, whose "none" is Long.MaxValue): what
   * max.compaction.lag.ms is measured from.
   */
  firstBatchTimestamp(): number {
    if (this.rollingBasedTimestamp === undefined && this._size > 0) {
      const header = Buffer.alloc(BATCH_HEADER_SIZE);
      if (readFully(this.fd, header, 0) === BATCH_HEADER_SIZE) this.rollingBasedTimestamp = batchMaxTimestamp(header);
    }
    const t = this.rollingBasedTimestamp;
    return t !== undefined && t >= 0 ? t : Infinity;
  }

  /** Reads up to buf.length bytes of the `.log` from `position`; returns how many (Kafka's FileRecords.readInto). */
  readInto(buf: Buffer, position: number): number {
    return readFully(this.fd, buf, position, 0, Math.min(buf.length, Math.max(0, this._size - position)));
  }

  /**
   * Checks the loaded indexes: entries well ordered and inside the log, and the last offset-index
   * entry pointing at a batch that really starts there. Throws CorruptIndexError.
   */
  sanityCheck(): void {
    this.offsetIndex.sanityCheck(this._size);
    this.timeIndex.sanityCheck();
    this.txnIndex.sanityCheck();
    if (this.offsetIndex.entries > 0) {
      const last = this.offsetIndex.entry(this.offsetIndex.entries - 1);
      const header = Buffer.alloc(BATCH_HEADER_SIZE);
      const n = readFully(this.fd, header, last.position);
      if (n < BATCH_HEADER_SIZE || batchMagic(header) !== 2 || batchBaseOffset(header) > last.offset || batchBaseOffset(header) < this.baseOffset) {
        throw new CorruptIndexError(`offset index ${this.offsetIndex.file}: last entry (${last.offset}, ${last.position}) does not point at its batch`);
      }
    }
    if (this.timeIndex.entries > 0) {
      // A time entry may point past the last offset entry, but never past the log itself.
      const lastTime = this.timeIndex.lastEntry;
      const next = this.readNextOffset();
      if (lastTime.offset >= next) {
        throw new CorruptIndexError(`time index ${this.timeIndex.file}: last entry offset ${lastTime.offset} is past the log end ${next}`);
      }
    }
  }

  /**
   * Whether the segment should be rolled before appending `messagesSize` bytes with these
   * offsets and max timestamp (Kafka's LogSegment.shouldRoll, minus the jitter).
   */
  shouldRoll(params: { maxSegmentBytes: number; maxSegmentMs: number; messagesSize: number; maxTimestampInMessages: number; maxOffsetInMessages: number; now: number }): boolean {
    const reachedRollMs = this.timeWaitedForRoll(params.now, params.maxTimestampInMessages) > params.maxSegmentMs;
    return (
      (this._size > 0 && this._size > params.maxSegmentBytes - params.messagesSize) ||
      (this._size > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull() ||
      params.maxOffsetInMessages - this.baseOffset > 0x7fffffff
    );
  }

  /**
   * How long this segment has been open for segment.ms: measured in message time from the first
   * batch's timestamp when there is one (so replaying old data rolls the same way), else wall time.
   */
  timeWaitedForRoll(now: number, messageTimestamp: number): number {
    if (this.rollingBasedTimestamp === undefined && this._size > 0) {
      const header = Buffer.alloc(BATCH_HEADER_SIZE);
      if (readFully(this.fd, header, 0) === BATCH_HEADER_SIZE) this.rollingBasedTimestamp = batchMaxTimestamp(header);
    }
    const t = this.rollingBasedTimestamp;
    if (t !== undefined && t >= 0) return messageTimestamp - t;
    return now - this._created;
  }

  /**
   * Appends one or more whole, offset-assigned batches with a single write, then indexes them.
   * Index entries follow Kafka's recovery rule per batch (an entry for a batch once more than
   * index.interval.bytes were appended since the last entry), so a rebuilt index is identical.
   */
  append(records: Buffer): void {
    if (records.length === 0) return;
    const startPosition = this._size;
    writeFully(this.fd, records, startPosition);
    this._size += records.length;
    let p = 0;
    while (p < records.length) {
      const size = batchSize(records, p);
      const lastOffset = batchLastOffset(records, p);
      const maxTs = batchMaxTimestamp(records, p);
      if (this.rollingBasedTimestamp === undefined && startPosition + p === 0) this.rollingBasedTimestamp = maxTs;
      this.indexBatch(startPosition + p, size, lastOffset, maxTs);
      p += size;
    }
  }

  /**
   * Appends the cleaner's retained batches of one read chunk with a single write, indexed as
   * Kafka's LogSegment.append indexes one call: at most one offset-index entry, (largestOffset,
   * position of the chunk), so a cleaned segment's indexes match what Kafka 2.4.1 writes.
   */
  appendChunk(records: Buffer, largestOffset: number, largestTimestamp: number, shallowOffsetOfMaxTimestamp: number): void {
    if (records.length === 0) return;
    const position = this._size;
    if (largestOffset - this.baseOffset > 0x7fffffff || largestOffset < this.baseOffset) {
      throw new RangeError(`offset ${largestOffset} does not fit segment ${this.baseOffset}`);
    }
    writeFully(this.fd, records, position);
    this._size += records.length;
    if (position === 0) this.rollingBasedTimestamp = largestTimestamp;
    this.indexBatch(position, records.length, largestOffset, largestTimestamp, shallowOffsetOfMaxTimestamp);
  }

  private indexBatch(position: number, size: number, lastOffset: number, maxTimestamp: number, offsetOfMaxTimestamp = lastOffset): void {
    if (maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTimestamp;
      this.offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    }
    if (this.bytesSinceLastIndexEntry > this.config.indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += size;
  }

  /**
   * Walks batch headers from `position` up to `end`, calling `visit(header, headerPos, filePos)`
   * until it returns false. Reads headers in chunks and jumps over batch bodies, so large batches
   * cost one small read each. Stops at anything that is not a plausible batch header.
   */
  private walkHeaders(position: number, end: number, visit: (chunk: Buffer, at: number, filePos: number, size: number) => boolean): void {
    const chunk = Buffer.allocUnsafe(HEADER_CHUNK);
    let chunkStart = 0;
    let chunkLen = 0;
    let pos = position;
    while (pos + BATCH_HEADER_SIZE <= end) {
      if (pos < chunkStart || pos + BATCH_HEADER_SIZE > chunkStart + chunkLen) {
        chunkStart = pos;
        chunkLen = readFully(this.fd, chunk, pos, 0, Math.min(HEADER_CHUNK, end - pos));
        if (chunkLen < BATCH_HEADER_SIZE) return;
      }
      const at = pos - chunkStart;
      const size = batchSize(chunk, at);
      if (size < BATCH_HEADER_SIZE || pos + size > end) return;
      if (!visit(chunk, at, pos, size)) return;
      pos += size;
    }
  }

  /**
   * Finds the batch containing `offset` (the first batch whose last offset is >= offset),
   * starting from the index's best position and never before `startingPosition`.
   */
  translateOffset(offset: number, startingPosition = 0): BatchLocation | null {
    const from = Math.max(this.offsetIndex.lookup(offset).position, startingPosition);
    let found = null as BatchLocation | null;
    this.walkHeaders(from, this._size, (chunk, at, filePos, size) => {
      const lastOffset = batchLastOffset(chunk, at);
      if (lastOffset >= offset) {
        found = { position: filePos, baseOffset: batchBaseOffset(chunk, at), lastOffset, size };
        return false;
      }
      return true;
    });
    return found;
  }

  /**
   * Reads whole batches starting with the one that contains `startOffset`, at most `maxBytes`
   * (but at least that first batch when `minOneBatch`, KIP-74) and never past `maxPosition`.
   * Returns null when no batch in this segment reaches startOffset. One read of the file range.
   */
  read(startOffset: number, maxBytes: number, maxPosition = this._size, minOneBatch = false): SegmentReadResult | null {
    const first = this.translateOffset(startOffset);
    if (first === null) return null;
    const adjustedMax = minOneBatch ? Math.max(maxBytes, first.size) : maxBytes;
    const fetchSize = Math.min(maxPosition - first.position, adjustedMax);
    const empty = (incomplete: boolean): SegmentReadResult => ({
      records: Buffer.alloc(0),
      firstBatchOffset: first.baseOffset,
      position: first.position,
      firstBatchIncomplete: incomplete,
    });
    if (fetchSize < first.size) return empty(adjustedMax < first.size);
    const buf = Buffer.allocUnsafe(fetchSize);
    const n = readFully(this.fd, buf, first.position);
    // Cut at the last whole batch: the reader never sees a torn batch.
    let end = 0;
    while (end + LOG_OVERHEAD <= n) {
      const size = batchSize(buf, end);
      if (size < BATCH_HEADER_SIZE || end + size > n) break;
      end += size;
    }
    return { records: buf.subarray(0, end), firstBatchOffset: first.baseOffset, position: first.position, firstBatchIncomplete: false };
  }

  /** Offset after the last batch, or the base offset when the segment is empty. */
  readNextOffset(): number {
    let next = this.baseOffset;
    const from = this.offsetIndex.entries > 0 ? this.offsetIndex.entry(this.offsetIndex.entries - 1).position : 0;
    this.walkHeaders(from, this._size, (chunk, at) => {
      next = batchLastOffset(chunk, at) + 1;
      return true;
    });
    return next;
  }

  /**
   * Visits every batch with a producer id from the one holding `fromOffset` up to, not including,
   * `toOffset`, to rebuild producer state: data batches as their header only (all the state
   * needs), control batches whole (their marker record says commit or abort).
   */
  forEachProducerBatch(fromOffset: number, toOffset: number, visit: (batch: Buffer, at: number) => void): void {
    const first = this.translateOffset(fromOffset);
    if (first === null) return;
    this.walkHeaders(first.position, this._size, (chunk, at, filePos, size) => {
      if (batchBaseOffset(chunk, at) >= toOffset) return false;
      // Legacy (magic 0/1) message sets carry no producer.
      if (batchMagic(chunk, at) < 2 || batchProducerId(chunk, at) < 0) return true;
      if (!batchIsControl(chunk, at)) {
        visit(chunk, at);
        return true;
      }
      const whole = Buffer.allocUnsafe(size);
      readFully(this.fd, whole, filePos);
      visit(whole, 0);
      return true;
    });
  }

  /** Base offset and position of every batch (tests and tools; walks headers only). */
  batchPositions(): { baseOffset: number; lastOffset: number; position: number; size: number }[] {
    const out: { baseOffset: number; lastOffset: number; position: number; size: number }[] = [];
    this.walkHeaders(0, this._size, (chunk, at, filePos, size) => {
      out.push({ baseOffset: batchBaseOffset(chunk, at), lastOffset: batchLastOffset(chunk, at), position: filePos, size });
      return true;
    });
    return out;
  }

  /**
   * The first record with timestamp >= `timestamp` and offset >= `startingOffset`, or null
   * (Kafka's LogSegment.findOffsetByTimestamp). Uses the time index to skip ahead, then looks
   * inside the first batch whose maxTimestamp reaches the target.
   */
  findOffsetByTimestamp(timestamp: number, startingOffset = this.baseOffset): TimestampAndOffset | null {
    const fromOffset = Math.max(this.timeIndex.lookup(timestamp).offset, startingOffset);
    const position = this.offsetIndex.lookup(fromOffset).position;
    let hit = null as { position: number; size: number } | null;
    this.walkHeaders(position, this._size, (chunk, at, filePos, size) => {
      if (batchLastOffset(chunk, at) >= startingOffset && batchMaxTimestamp(chunk, at) >= timestamp) {
        hit = { position: filePos, size };
        return false;
      }
      return true;
    });
    if (hit === null) return null;
    const { position: batchPos, size } = hit;
    const batch = Buffer.allocUnsafe(size);
    readFully(this.fd, batch, batchPos);
    return this.searchBatchForTimestamp(batch, timestamp, startingOffset);
  }

  private searchBatchForTimestamp(batch: Buffer, timestamp: number, startingOffset: number): TimestampAndOffset {
    const base = batchBaseOffset(batch);
    const epoch = batchPartitionLeaderEpoch(batch);
    const maxTs = batchMaxTimestamp(batch);
    const fallback: TimestampAndOffset = { timestamp: maxTs, offset: Math.max(base, startingOffset), leaderEpoch: epoch };
    // With LogAppendTime every record carries the batch's maxTimestamp.
    if ((batch.readInt16BE(OFFSET_ATTRIBUTES) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0) return fallback;
    try {
      const reader = openRecordReader(batch);
      const firstTs = batchFirstTimestamp(batch);
      while (reader.next()) {
        const recordTs = firstTs + reader.timestampDelta;
        const recordOffset = base + reader.offsetDelta;
        if (recordTs >= timestamp && recordOffset >= startingOffset) return { timestamp: recordTs, offset: recordOffset, leaderEpoch: epoch };
      }
    } catch {
      // A record section that cannot be decompressed or parsed: the batch start is the best answer.
    }
    return fallback;
  }

  /**
   * Removes every batch from the one containing `offset` onwards (and index entries at or past
   * it). Returns the bytes removed. The segment becomes the active one again, so its indexes are
   * preallocated again.
   */
  truncateTo(offset: number): number {
    const mapping = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.txnIndex.truncateTo(offset);
    this.offsetIndex.resize(this.config.maxIndexSize);
    this.timeIndex.resize(this.config.maxIndexSize);
    let truncated = 0;
    if (mapping !== null) {
      truncated = this._size - mapping.position;
      this.truncateFile(mapping.position);
    }
    if (this._size === 0) {
      this._created = this.time.now();
      this.rollingBasedTimestamp = undefined;
    }
    this.bytesSinceLastIndexEntry = 0;
    this.loadLargestTimestamp();
    return truncated;
  }

  private truncateFile(size: number): void {
    fs.ftruncateSync(this.fd, size);
    this._size = size;
  }

  /** Recomputes the max timestamp from the last time-index entry plus the batches after it. */
  private loadLargestTimestamp(): void {
    const last = this.timeIndex.lastEntry;
    this.maxTimestampSoFar = last.timestamp;
    this.offsetOfMaxTimestampSoFar = last.offset;
    const position = this.offsetIndex.lookup(last.offset).position;
    this.walkHeaders(position, this._size, (chunk, at) => {
      const ts = batchMaxTimestamp(chunk, at);
      if (ts > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = ts;
        this.offsetOfMaxTimestampSoFar = batchLastOffset(chunk, at);
      }
      return true;
    });
  }

  /**
   * Rebuilds both indexes by validating every batch (header, length, CRC-32C, offsets
   * increasing) and truncates the file at the first invalid byte. `onBatch` sees each valid
   * batch's leader epoch so the log can rebuild its epoch cache.
   */
  recover(onBatch?: RecoveredBatchListener): RecoveryResult {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestampSoFar = NO_TIMESTAMP;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    this.bytesSinceLastIndexEntry = 0;
    this.rollingBasedTimestamp = undefined;
    const fileSize = fs.fstatSync(this.fd).size;
    let chunk = Buffer.allocUnsafe(Math.min(RECOVERY_CHUNK, Math.max(fileSize, LOG_OVERHEAD)));
    let chunkStart = 0;
    let chunkLen = 0;
    let valid = 0;
    let nextOffset = this.baseOffset;
    const ensure = (from: number, length: number): boolean => {
      if (from >= chunkStart && from + length <= chunkStart + chunkLen) return true;
      if (length > chunk.length) chunk = Buffer.allocUnsafe(length);
      chunkStart = from;
      chunkLen = readFully(this.fd, chunk, from, 0, Math.min(chunk.length, fileSize - from));
      return chunkLen >= length;
    };
    while (valid < fileSize) {
      if (!ensure(valid, LOG_OVERHEAD)) break;
      const length = chunk.readInt32BE(valid - chunkStart + 8);
      const size = length + LOG_OVERHEAD;
      // Reject absurd lengths before allocating anything for them.
      if (length < BATCH_HEADER_SIZE - LOG_OVERHEAD || valid + size > fileSize) break;
      if (!ensure(valid, size)) break;
      const at = valid - chunkStart;
      if (checkBatch(chunk, at, at + size) !== null) break;
      const base = batchBaseOffset(chunk, at);
      const last = batchLastOffset(chunk, at);
      // Offsets must move forward and stay addressable from this segment's base.
      if (base < nextOffset || last - this.baseOffset > 0x7fffffff) break;
      if (valid === 0) this.rollingBasedTimestamp = batchMaxTimestamp(chunk, at);
      this.indexBatch(valid, size, last, batchMaxTimestamp(chunk, at));
      onBatch?.(batchPartitionLeaderEpoch(chunk, at), base);
      nextOffset = last + 1;
      valid += size;
    }
    const bytesTruncated = fileSize - valid;
    if (bytesTruncated > 0) this.truncateFile(valid);
    else this._size = fileSize;
    // Aborts whose markers were cut off go; any the crash kept out of the index are added back
    // when the log replays its producer state (Log.loadProducerState).
    this.txnIndex.truncateTo(nextOffset);
    this.offsetIndex.trimToValidSize();
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.timeIndex.trimToValidSize();
    return { bytesTruncated, nextOffset };
  }

  /** Preallocates (active) or trims the index files. */
  resizeIndexes(size: number): void {
    this.offsetIndex.resize(size);
    this.timeIndex.resize(size);
  }

  /** The segment stops being active: record the final max timestamp and trim the index files. */
  onBecomeInactiveSegment(): void {
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.trimToValidSize();
    this.timeIndex.trimToValidSize();
  }

  /** fsyncs the log and both indexes. */
  flush(): void {
    fs.fsyncSync(this.fd);
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.txnIndex.flush();
  }

  /**
   * Background fsync of the log and its indexes, the transaction index included (used for the
   * segment just rolled away from, and for the cleaner's output before its swap).
   */
  flushAsync(): Promise<void> {
    const fd = this.fd;
    const log =
      fd < 0
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err && err.code !== 'EBADF' ? reject(err) : resolve())));
    return Promise.all([log, this.offsetIndex.flushAsync(), this.timeIndex.flushAsync(), this.txnIndex.flushAsync()]).then(() => undefined);
  }

  get dir(): string {
    return this._dir;
  }

  /** The whole partition directory was renamed to `dir` (the open descriptors stay valid): the file paths follow. */
  relocate(dir: string): void {
    this._dir = dir;
    this.offsetIndex.relocate(path.join(dir, indexFileName(this.baseOffset) + this.suffix));
    this.timeIndex.relocate(path.join(dir, timeIndexFileName(this.baseOffset) + this.suffix));
    this.txnIndex.relocate(path.join(dir, txnIndexFileName(this.baseOffset) + this.suffix));
  }

  /** The current file-name suffix ('' for a live segment). */
  get fileSuffix(): string {
    return this.suffix;
  }

  /** Renames all three files from the current suffix to `newSuffix` (`.cleaned` -> `.swap` -> '', or '' -> `.deleted`). */
  changeFileSuffixes(newSuffix: string): void {
    const oldLog = this.logFile;
    this.suffix = newSuffix;
    fs.renameSync(oldLog, this.logFile);
    this.offsetIndex.renameTo(path.join(this.dir, indexFileName(this.baseOffset) + newSuffix));
    this.timeIndex.renameTo(path.join(this.dir, timeIndexFileName(this.baseOffset) + newSuffix));
    this.txnIndex.renameTo(path.join(this.dir, txnIndexFileName(this.baseOffset) + newSuffix));
  }

  close(): void {
    if (this.fd < 0) return;
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.trimToValidSize();
    this.timeIndex.trimToValidSize();
    this.offsetIndex.close();
    this.timeIndex.close();
    this.txnIndex.close();
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Closes without touching the files (the directory is being renamed or removed). */
  closeHandlers(): void {
    if (this.fd < 0) return;
    this.offsetIndex.close();
    this.timeIndex.close();
    this.txnIndex.close();
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Closes and removes the three files. */
  deleteFiles(): void {
    this.closeHandlers();
    unlinkIfExists(this.logFile);
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    this.txnIndex.deleteIfExists();
  }

  /** Records an aborted transaction whose marker this segment holds (commits need no entry). */
  updateTxnIndex(completed: { producerId: number; firstOffset: number; lastOffset: number; isAborted: boolean }, lastStableOffset: number): void {
    if (!completed.isAborted) return;
    this.txnIndex.append({ producerId: completed.producerId, firstOffset: completed.firstOffset, lastOffset: completed.lastOffset, lastStableOffset });
  }

  /** Whether the index already has the abort whose marker is at `markerOffset` (replays after a crash skip it). */
  hasAbortAt(markerOffset: number): boolean {
    const all = this.txnIndex.allAbortedTxns;
    return all.length > 0 && all[all.length - 1].lastOffset >= markerOffset;
  }

  collectAbortedTxns(fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
    return this.txnIndex.collectAbortedTxns(fetchOffset, upperBoundOffset);
  }

  get abortedTxns(): readonly AbortedTxn[] {
    return this.txnIndex.allAbortedTxns;
  }
}
