// Builds v2 record batches from records: for producers in our tools, tests and benchmarks,
// and for batches the broker writes itself (control records, __consumer_offsets).

import {
  BATCH_HEADER_SIZE,
  CompressionType,
  LOG_OVERHEAD,
  OFFSET_CRC,
  computeBatchCrc,
  writeInt64FromNumber,
  ATTR_CONTROL,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  ATTR_TRANSACTIONAL,
} from './batch-header';
import { writeZigzag, zigzagSize } from './varint';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordInput {
  key?: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeader[];
  /** Absolute timestamp in ms; defaults to the batch's firstTimestamp. */
  timestamp?: number;
}

export interface BatchOptions {
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  firstTimestamp?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  logAppendTime?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
  compression?: CompressionType;
  /** Required when compression is not None: turns the encoded records into the compressed blob. */
  compress?: (records: Buffer) => Buffer;
}

function recordBodySize(r: RecordInput, timestampDelta: number, offsetDelta: number): number {
  const keyLen = r.key ? r.key.length : -1;
  const valueLen = r.value ? r.value.length : -1;
  let size = 1 + zigzagSize(timestampDelta) + zigzagSize(offsetDelta);
  size += zigzagSize(keyLen) + Math.max(keyLen, 0);
  size += zigzagSize(valueLen) + Math.max(valueLen, 0);
  const headers = r.headers ?? [];
  size += zigzagSize(headers.length);
  for (const h of headers) {
    const hk = Buffer.byteLength(h.key);
    const hv = h.value ? h.value.length : -1;
    size += zigzagSize(hk) + hk + zigzagSize(hv) + Math.max(hv, 0);
  }
  return size;
}

function writeRecord(buf: Buffer, pos: number, r: RecordInput, bodySize: number, timestampDelta: number, offsetDelta: number): number {
  pos = writeZigzag(buf, pos, bodySize);
  buf[pos++] = 0; // record attributes: unused
  pos = writeZigzag(buf, pos, timestampDelta);
  pos = writeZigzag(buf, pos, offsetDelta);
  for (const field of [r.key ?? null, r.value]) {
    if (field === null) {
      pos = writeZigzag(buf, pos, -1);
    } else {
      pos = writeZigzag(buf, pos, field.length);
      pos += field.copy(buf, pos);
    }
  }
  const headers = r.headers ?? [];
  pos = writeZigzag(buf, pos, headers.length);
  for (const h of headers) {
    pos = writeZigzag(buf, pos, Buffer.byteLength(h.key));
    pos += buf.write(h.key, pos);
    if (h.value === null) {
      pos = writeZigzag(buf, pos, -1);
    } else {
      pos = writeZigzag(buf, pos, h.value.length);
      pos += h.value.copy(buf, pos);
    }
  }
  return pos;
}

/** Encodes the records section (uncompressed) of a batch. */
export function encodeRecords(records: RecordInput[], firstTimestamp: number): Buffer {
  const sizes = records.map((r, i) => recordBodySize(r, (r.timestamp ?? firstTimestamp) - firstTimestamp, i));
  const total = sizes.reduce((sum, s) => sum + zigzagSize(s) + s, 0);
  const buf = Buffer.allocUnsafe(total);
  let pos = 0;
  records.forEach((r, i) => {
    pos = writeRecord(buf, pos, r, sizes[i], (r.timestamp ?? firstTimestamp) - firstTimestamp, i);
  });
  return buf;
}

export function buildRecordBatch(records: RecordInput[], options: BatchOptions = {}): Buffer {
  if (records.length === 0) throw new Error('a record batch needs at least one record');
  const compression = options.compression ?? CompressionType.None;
  const firstTimestamp = options.firstTimestamp ?? records[0].timestamp ?? Date.now();
  const maxTimestamp = options.maxTimestamp ?? Math.max(...records.map((r) => r.timestamp ?? firstTimestamp));
  let body = encodeRecords(records, firstTimestamp);
  if (compression !== CompressionType.None) {
    if (!options.compress) throw new Error(`compression ${CompressionType[compression]} needs a compress function`);
    body = options.compress(body);
  }
  let attributes = compression;
  if (options.logAppendTime) attributes |= ATTR_TIMESTAMP_TYPE_LOG_APPEND;
  if (options.transactional) attributes |= ATTR_TRANSACTIONAL;
  if (options.control) attributes |= ATTR_CONTROL;

  const batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + body.length);
  writeInt64FromNumber(batch, 0, options.baseOffset ?? 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
  batch.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(attributes, 21);
  batch.writeInt32BE(records.length - 1, 23);
  writeInt64FromNumber(batch, 27, firstTimestamp);
  writeInt64FromNumber(batch, 35, maxTimestamp);
  writeInt64FromNumber(batch, 43, options.producerId ?? -1);
  batch.writeInt16BE(options.producerEpoch ?? -1, 51);
  batch.writeInt32BE(options.baseSequence ?? -1, 53);
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, BATCH_HEADER_SIZE);
  batch.writeUInt32BE(computeBatchCrc(batch, 0), OFFSET_CRC);
  return batch;
}
