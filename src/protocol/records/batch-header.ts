// Record batch v2 (magic 2) header: reading, validating and rewriting fields in place.
//
// The write path keeps batches as opaque bytes: the broker only validates the header and CRC,
// then rewrites baseOffset / partitionLeaderEpoch (outside the CRC) and, when needed,
// maxTimestamp / the timestamp-type bit (inside the CRC, so the CRC is recomputed).
// Offsets and timestamps are handled as JS numbers: they are int64 on the wire but every real
// value stays far below 2^53, and numbers keep the hot path free of bigint arithmetic.

import { crc32c } from '@node-rs/crc32';
import { CompressionType } from '../compression/compression-type';

// Batch readers name the codec too; it is defined with the codecs.
export { CompressionType };

/** baseOffset (8) + batchLength (4): the bytes before the length-counted part of a batch. */
export const LOG_OVERHEAD = 12;
/** Size of the full v2 batch header, up to and including recordCount. */
export const BATCH_HEADER_SIZE = 61;

export const OFFSET_BASE_OFFSET = 0;
export const OFFSET_BATCH_LENGTH = 8;
export const OFFSET_PARTITION_LEADER_EPOCH = 12;
export const OFFSET_MAGIC = 16;
export const OFFSET_CRC = 17;
export const OFFSET_ATTRIBUTES = 21;
export const OFFSET_LAST_OFFSET_DELTA = 23;
export const OFFSET_FIRST_TIMESTAMP = 27;
export const OFFSET_MAX_TIMESTAMP = 35;
export const OFFSET_PRODUCER_ID = 43;
export const OFFSET_PRODUCER_EPOCH = 51;
export const OFFSET_BASE_SEQUENCE = 53;
export const OFFSET_RECORD_COUNT = 57;

export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE_LOG_APPEND = 0x08;
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;

export function readInt64AsNumber(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
}

export function writeInt64FromNumber(buf: Buffer, pos: number, value: number): void {
  const high = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(high, pos);
  buf.writeUInt32BE(value - high * 0x1_0000_0000, pos + 4);
}

export const batchBaseOffset = (b: Buffer, p = 0): number => readInt64AsNumber(b, p + OFFSET_BASE_OFFSET);
/** Total bytes the batch occupies, header included. */
export const batchSize = (b: Buffer, p = 0): number => b.readInt32BE(p + OFFSET_BATCH_LENGTH) + LOG_OVERHEAD;
export const batchMagic = (b: Buffer, p = 0): number => b.readInt8(p + OFFSET_MAGIC);
export const batchCrc = (b: Buffer, p = 0): number => b.readUInt32BE(p + OFFSET_CRC);
export const batchAttributes = (b: Buffer, p = 0): number => b.readInt16BE(p + OFFSET_ATTRIBUTES);
export const batchLastOffsetDelta = (b: Buffer, p = 0): number => b.readInt32BE(p + OFFSET_LAST_OFFSET_DELTA);
export const batchLastOffset = (b: Buffer, p = 0): number => batchBaseOffset(b, p) + batchLastOffsetDelta(b, p);
export const batchFirstTimestamp = (b: Buffer, p = 0): number => readInt64AsNumber(b, p + OFFSET_FIRST_TIMESTAMP);
export const batchMaxTimestamp = (b: Buffer, p = 0): number => readInt64AsNumber(b, p + OFFSET_MAX_TIMESTAMP);
export const batchPartitionLeaderEpoch = (b: Buffer, p = 0): number => b.readInt32BE(p + OFFSET_PARTITION_LEADER_EPOCH);
export const batchProducerId = (b: Buffer, p = 0): number => readInt64AsNumber(b, p + OFFSET_PRODUCER_ID);
export const batchProducerEpoch = (b: Buffer, p = 0): number => b.readInt16BE(p + OFFSET_PRODUCER_EPOCH);
export const batchBaseSequence = (b: Buffer, p = 0): number => b.readInt32BE(p + OFFSET_BASE_SEQUENCE);
export const batchRecordCount = (b: Buffer, p = 0): number => b.readInt32BE(p + OFFSET_RECORD_COUNT);
export const batchCompression = (b: Buffer, p = 0): CompressionType => batchAttributes(b, p) & ATTR_COMPRESSION_MASK;
export const batchIsControl = (b: Buffer, p = 0): boolean => (batchAttributes(b, p) & ATTR_CONTROL) !== 0;
export const batchIsTransactional = (b: Buffer, p = 0): boolean => (batchAttributes(b, p) & ATTR_TRANSACTIONAL) !== 0;

/** CRC-32C over attributes..end of the batch, as stored in the crc field. */
export function computeBatchCrc(b: Buffer, p = 0): number {
  return crc32c(b.subarray(p + OFFSET_ATTRIBUTES, p + batchSize(b, p))) >>> 0;
}

export function setBatchBaseOffset(b: Buffer, p: number, baseOffset: number): void {
  writeInt64FromNumber(b, p + OFFSET_BASE_OFFSET, baseOffset);
}

export function setBatchPartitionLeaderEpoch(b: Buffer, p: number, epoch: number): void {
  b.writeInt32BE(epoch, p + OFFSET_PARTITION_LEADER_EPOCH);
}

/**
 * Sets maxTimestamp and the timestamp type, recomputing the CRC only when a CRC-covered byte
 * actually changed (Kafka's setMaxTimestamp does the same).
 */
export function setBatchMaxTimestamp(b: Buffer, p: number, logAppendTime: boolean, maxTimestamp: number): void {
  const attributes = batchAttributes(b, p);
  const newAttributes = logAppendTime
    ? attributes | ATTR_TIMESTAMP_TYPE_LOG_APPEND
    : attributes & ~ATTR_TIMESTAMP_TYPE_LOG_APPEND;
  if (attributes === newAttributes && batchMaxTimestamp(b, p) === maxTimestamp) return;
  b.writeInt16BE(newAttributes, p + OFFSET_ATTRIBUTES);
  writeInt64FromNumber(b, p + OFFSET_MAX_TIMESTAMP, maxTimestamp);
  b.writeUInt32BE(computeBatchCrc(b, p), p + OFFSET_CRC);
}

export type BatchProblem =
  | 'incomplete' // fewer bytes than the header or the declared length: a torn tail
  | 'bad-length' // declared length too small to hold a header
  | 'bad-magic'
  | 'bad-crc'
  | 'bad-record-count'; // lastOffsetDelta + 1 < recordCount, or a negative count

/**
 * Checks the batch starting at `p` within `b[p, end)`. Returns null when it is a whole, sound v2
 * batch, or what is wrong with it. Used by produce validation and by log recovery alike.
 */
export function checkBatch(b: Buffer, p: number, end = b.length): BatchProblem | null {
  if (end - p < LOG_OVERHEAD) return 'incomplete';
  const length = b.readInt32BE(p + OFFSET_BATCH_LENGTH);
  if (length < BATCH_HEADER_SIZE - LOG_OVERHEAD) return 'bad-length';
  if (end - p < length + LOG_OVERHEAD) return 'incomplete';
  if (batchMagic(b, p) !== 2) return 'bad-magic';
  if (computeBatchCrc(b, p) !== batchCrc(b, p)) return 'bad-crc';
  const count = batchRecordCount(b, p);
  const lastDelta = batchLastOffsetDelta(b, p);
  // Compaction may remove records, so count <= lastOffsetDelta + 1; a client batch must match exactly.
  if (count < 0 || lastDelta < 0 || count > lastDelta + 1) return 'bad-record-count';
  return null;
}
