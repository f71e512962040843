// Filtering a chunk of stored batches (Kafka's MemoryRecords.filterTo), the cleaner's copy step.
// For each whole v2 batch the filter first decides about the batch as a whole, then about each
// record; what survives is written out as follows, as Kafka 2.4.1 does:
// - every record kept: the original batch bytes, untouched;
// - some kept: a new batch with the original's metadata (base offset, last offset delta, leader
//   epoch, producer id/epoch, base sequence, transactional and control flags, timestamp type,
//   compression codec) holding only those records at their original offsets. Keeping the last
//   offset delta keeps the producer's last sequence number, so the batch still ends where it did;
//   the first timestamp becomes the first kept record's;
// - none kept but the batch must stay (the last batch of a live producer): an empty header,
//   record count 0, no compression, first timestamp -1, the original max timestamp;
// - otherwise nothing.

import {
  BATCH_HEADER_SIZE,
  CompressionType,
  LOG_OVERHEAD,
  OFFSET_CRC,
  ATTR_CONTROL,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  ATTR_TRANSACTIONAL,
  batchAttributes,
  batchBaseOffset,
  batchBaseSequence,
  batchCompression,
  batchFirstTimestamp,
  batchLastOffset,
  batchLastOffsetDelta,
  batchMagic,
  batchMaxTimestamp,
  batchPartitionLeaderEpoch,
  batchProducerEpoch,
  batchProducerId,
  batchSize,
  computeBatchCrc,
  writeInt64FromNumber,
} from '../../protocol/records/batch-header';
import { compress } from '../../protocol/compression';
import { openRecordReader } from '../../protocol/records/record';
import { writeZigzag, zigzagSize } from '../../protocol/records/varint';
import { performance } from 'node:perf_hooks';

export enum BatchRetention {
  /** Drop the batch without looking at its records. */
  Delete,
  /** Keep at least the batch header even if no record survives. */
  RetainEmpty,
  /** Drop the batch if no record survives. */
  DeleteEmpty,
}

/** The record the filter is asked about; key and value are views into the (decompressed) batch. */
export interface FilteredRecord {
  offset: number;
  key: Buffer | null;
  hasValue: boolean;
}

export interface RecordFilter {
  checkBatchRetention(batch: Buffer, at: number): BatchRetention;
  shouldRetainRecord(batch: Buffer, at: number, record: FilteredRecord): boolean;
}

export interface FilterResult {
  /** The retained batches, ready to append. */
  output: Buffer;
  /** Bytes of whole batches processed (kept or not); a torn batch at the end of the chunk is not counted. */
  bytesRead: number;
  messagesRead: number;
  bytesRetained: number;
  messagesRetained: number;
  /** Largest offset kept (of a record, or a retained batch's last offset), -1 if none. */
  maxOffset: number;
  maxTimestamp: number;
  shallowOffsetOfMaxTimestamp: number;
  /** Size of the first batch when the chunk did not hold even one whole batch (the caller grows its buffer). */
  firstBatchSize: number | null;
}

export class UnsupportedMagicError extends Error {}

interface KeptRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headerCount: number;
  headers: Buffer;
}

const NO_TIMESTAMP = -1;

/** Encodes records the way DefaultRecord.writeTo does, deltas from the new batch's bases. */
function encodeKeptRecords(records: KeptRecord[], baseOffset: number, firstTimestamp: number): Buffer {
  const fieldSize = (b: Buffer | null) => (b === null ? zigzagSize(-1) : zigzagSize(b.length) + b.length);
  const bodySizes = records.map(
    (r) => 1 + zigzagSize(r.timestamp - firstTimestamp) + zigzagSize(r.offset - baseOffset) + fieldSize(r.key) + fieldSize(r.value) + zigzagSize(r.headerCount) + r.headers.length,
  );
  let total = 0;
  for (const size of bodySizes) total += zigzagSize(size) + size;
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  records.forEach((r, i) => {
    pos = writeZigzag(out, pos, bodySizes[i]);
    out[pos++] = 0; // record attributes: unused, and written as 0 by Kafka's builder
    pos = writeZigzag(out, pos, r.timestamp - firstTimestamp);
    pos = writeZigzag(out, pos, r.offset - baseOffset);
    for (const field of [r.key, r.value]) {
      if (field === null) {
        pos = writeZigzag(out, pos, -1);
      } else {
        pos = writeZigzag(out, pos, field.length);
        pos += field.copy(out, pos);
      }
    }
    pos = writeZigzag(out, pos, r.headerCount);
    pos += r.headers.copy(out, pos);
  });
  return out;
}

function writeHeader(
  out: Buffer,
  original: Buffer,
  at: number,
  fields: { attributes: number; firstTimestamp: number; maxTimestamp: number; recordCount: number },
): void {
  writeInt64FromNumber(out, 0, batchBaseOffset(original, at));
  out.writeInt32BE(out.length - LOG_OVERHEAD, 8);
  out.writeInt32BE(batchPartitionLeaderEpoch(original, at), 12);
  out.writeInt8(2, 16);
  out.writeInt16BE(fields.attributes, 21);
  out.writeInt32BE(batchLastOffsetDelta(original, at), 23);
  writeInt64FromNumber(out, 27, fields.firstTimestamp);
  writeInt64FromNumber(out, 35, fields.maxTimestamp);
  writeInt64FromNumber(out, 43, batchProducerId(original, at));
  out.writeInt16BE(batchProducerEpoch(original, at), 51);
  out.writeInt32BE(batchBaseSequence(original, at), 53);
  out.writeInt32BE(fields.recordCount, 57);
  out.writeUInt32BE(computeBatchCrc(out, 0), OFFSET_CRC);
}

/** Kafka's buildRetainedRecordsInto for v2: the kept records in a batch with the original's metadata. */
function rebuildBatch(original: Buffer, at: number, kept: KeptRecord[]): { batch: Buffer; maxTimestamp: number } {
  const attributes = batchAttributes(original, at);
  const logAppendTime = (attributes & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  const baseOffset = batchBaseOffset(original, at);
  const firstTimestamp = kept[0].timestamp;
  let maxTimestamp = NO_TIMESTAMP;
  for (const r of kept) if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
  if (logAppendTime) maxTimestamp = batchMaxTimestamp(original, at);
  let body = encodeKeptRecords(kept, baseOffset, firstTimestamp);
  const codec = batchCompression(original, at);
  if (codec !== CompressionType.None) body = compress(codec, body);
  const batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + body.length);
  body.copy(batch, BATCH_HEADER_SIZE);
  writeHeader(batch, original, at, { attributes, firstTimestamp, maxTimestamp, recordCount: kept.length });
  return { batch, maxTimestamp };
}

/** DefaultRecordBatch.writeEmptyHeader: what stays of a live producer's last batch. */
function emptyHeader(original: Buffer, at: number): Buffer {
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE);
  const keptFlags = batchAttributes(original, at) & (ATTR_TIMESTAMP_TYPE_LOG_APPEND | ATTR_TRANSACTIONAL | ATTR_CONTROL);
  writeHeader(out, original, at, { attributes: keptFlags, firstTimestamp: NO_TIMESTAMP, maxTimestamp: batchMaxTimestamp(original, at), recordCount: 0 });
  return out;
}

/**
 * Filters the whole batches in chunk[0, length) (a torn batch at the end is left for the next
 * read). `onOversizedBatch` is told when a rebuilt batch came out larger than both the original
 * and max.message.bytes, which Kafka only warns about.
 */
export function filterBatches(
  chunk: Buffer,
  length: number,
  filter: RecordFilter,
  opts: {
    maxRecordBatchSize: number;
    onOversizedBatch?: (lastOffset: number, newSize: number) => void;
    /** Stop after the batch that uses this up (performance.now() ms), leaving the rest for the next call. */
    deadline?: number;
  },
): FilterResult {
  const result: FilterResult = {
    output: Buffer.alloc(0),
    bytesRead: 0,
    messagesRead: 0,
    bytesRetained: 0,
    messagesRetained: 0,
    maxOffset: -1,
    maxTimestamp: NO_TIMESTAMP,
    shallowOffsetOfMaxTimestamp: -1,
    firstBatchSize: null,
  };
  const retained: Buffer[] = [];
  const noteRetained = (maxTimestamp: number, shallowOffset: number, maxOffset: number, messages: number, bytes: number) => {
    if (maxTimestamp > result.maxTimestamp) {
      result.maxTimestamp = maxTimestamp;
      result.shallowOffsetOfMaxTimestamp = shallowOffset;
    }
    result.maxOffset = Math.max(result.maxOffset, maxOffset);
    result.messagesRetained += messages;
    result.bytesRetained += bytes;
  };

  let at = 0;
  while (at + LOG_OVERHEAD <= length) {
    const size = batchSize(chunk, at);
    if (at + size > length) {
      if (at === 0) result.firstBatchSize = size;
      break;
    }
    if (size < BATCH_HEADER_SIZE) throw new Error(`record batch size ${size} at chunk position ${at} is smaller than a batch header`);
    const magic = batchMagic(chunk, at);
    if (magic !== 2) throw new UnsupportedMagicError(`the cleaner handles only v2 record batches, found magic ${magic}`);
    const retention = filter.checkBatchRetention(chunk, at);
    result.bytesRead += size;
    if (retention === BatchRetention.Delete) {
      at += size;
      continue;
    }

    const reader = openRecordReader(chunk, at);
    const base = batchBaseOffset(chunk, at);
    const logAppendTime = (batchAttributes(chunk, at) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0;
    const firstTimestamp = batchFirstTimestamp(chunk, at);
    const batchMax = batchMaxTimestamp(chunk, at);
    const kept: KeptRecord[] = [];
    let writeOriginal = true;
    let maxOffset = -1;
    const view: FilteredRecord = { offset: 0, key: null, hasValue: false };
    while (reader.next()) {
      result.messagesRead++;
      view.offset = base + reader.offsetDelta;
      view.key = reader.key();
      view.hasValue = reader.valueLength >= 0;
      if (filter.shouldRetainRecord(chunk, at, view)) {
        if (view.offset > maxOffset) maxOffset = view.offset;
        kept.push({
          offset: view.offset,
          // Under LogAppendTime every record reads as the batch's time, and is rewritten so.
          timestamp: logAppendTime ? batchMax : firstTimestamp + reader.timestampDelta,
          key: view.key,
          value: reader.value(),
          headerCount: reader.headerCount,
          headers: reader.buf.subarray(reader.headersStart, reader.recordEnd),
        });
      } else {
        writeOriginal = false;
      }
    }

    if (kept.length > 0) {
      if (writeOriginal) {
        retained.push(chunk.subarray(at, at + size));
        noteRetained(batchMax, batchLastOffset(chunk, at), batchLastOffset(chunk, at), kept.length, size);
      } else {
        const rebuilt = rebuildBatch(chunk, at, kept);
        if (rebuilt.batch.length > size && rebuilt.batch.length > opts.maxRecordBatchSize) {
          opts.onOversizedBatch?.(batchLastOffset(chunk, at), rebuilt.batch.length);
        }
        retained.push(rebuilt.batch);
        noteRetained(rebuilt.maxTimestamp, batchLastOffset(chunk, at), maxOffset, kept.length, rebuilt.batch.length);
      }
    } else if (retention === BatchRetention.RetainEmpty) {
      retained.push(emptyHeader(chunk, at));
      noteRetained(batchMax, batchLastOffset(chunk, at), batchLastOffset(chunk, at), 0, BATCH_HEADER_SIZE);
    }
    at += size;
    if (opts.deadline !== undefined && performance.now() >= opts.deadline) break;
  }
  result.output = retained.length === 1 ? Buffer.from(retained[0]) : Buffer.concat(retained);
  return result;
}
