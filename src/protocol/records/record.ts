// Decoding the records of a v2 batch (decompressing when the batch is compressed), either all
// at once (decodeRecords) or lazily (iterateRecords). Used by tests, tools, the coordinators
// reading their own topics, and down-conversion; produce validation uses RecordReader directly.

import { decompress } from '../compression';
import {
  BATCH_HEADER_SIZE,
  CompressionType,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  batchAttributes,
  batchBaseOffset,
  batchCompression,
  batchFirstTimestamp,
  batchMaxTimestamp,
  batchRecordCount,
  batchSize,
} from './batch-header';
import { RecordReader } from './record-reader';
import type { RecordHeader } from './record-batch-builder';

export interface KafkaRecord {
  offset: number;
  /** For LogAppendTime batches every record's timestamp is the batch maxTimestamp, as consumers see it. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** The uncompressed records section of the batch at `p`, as a buffer and range. */
export function batchRecordsSection(batch: Buffer, p = 0): { buf: Buffer; start: number; end: number } {
  const start = p + BATCH_HEADER_SIZE;
  const end = p + batchSize(batch, p);
  const codec = batchCompression(batch, p);
  if (codec === CompressionType.None) return { buf: batch, start, end };
  const buf = decompress(codec, batch.subarray(start, end));
  return { buf, start: 0, end: buf.length };
}

/** A RecordReader over the batch at `p` (decompressing first if needed). */
export function openRecordReader(batch: Buffer, p = 0): RecordReader {
  const { buf, start, end } = batchRecordsSection(batch, p);
  return new RecordReader(buf, start, end, batchRecordCount(batch, p));
}

export function* iterateRecords(batch: Buffer, p = 0): Generator<KafkaRecord> {
  const reader = openRecordReader(batch, p);
  const baseOffset = batchBaseOffset(batch, p);
  const firstTimestamp = batchFirstTimestamp(batch, p);
  const logAppendTime = (batchAttributes(batch, p) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  const maxTimestamp = batchMaxTimestamp(batch, p);
  while (reader.next()) {
    yield {
      offset: baseOffset + reader.offsetDelta,
      timestamp: logAppendTime ? maxTimestamp : firstTimestamp + reader.timestampDelta,
      key: reader.key(),
      value: reader.value(),
      headers: reader.headers(),
    };
  }
}

export function decodeRecords(batch: Buffer, p = 0): KafkaRecord[] {
  return Array.from(iterateRecords(batch, p));
}

/** Decodes every record of every whole v2 batch in `buf` (e.g. a fetched or stored record set). */
export function decodeRecordSet(buf: Buffer): KafkaRecord[] {
  const records: KafkaRecord[] = [];
  for (let p = 0; p + BATCH_HEADER_SIZE <= buf.length && p + batchSize(buf, p) <= buf.length; p += batchSize(buf, p)) {
    for (const r of iterateRecords(buf, p)) records.push(r);
  }
  return records;
}
