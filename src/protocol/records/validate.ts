// What the partition leader does to a client's records on produce, before assigning offsets
// (Kafka 2.4.1: ProduceRequest.validateRecords, Log.analyzeAndValidateRecords, LogValidator).
//
// The batch stays opaque bytes: on success it is returned as a view into the request buffer
// with maxTimestamp (and for LogAppendTime the timestamp-type bit) already corrected and the
// CRC recomputed if anything changed; the log then only rewrites baseOffset and leader epoch,
// which lie outside the CRC. Nothing is ever recompressed. Broker-side recompression (a topic
// compression.type naming a codec other than the producer's) is not supported yet: such
// appends are refused with UNKNOWN_SERVER_ERROR and a message saying so.
//
// Legacy magic 0/1 sets (Produce v0-v2 only) are validated while decoding and converted into
// one v2 batch with the producer's codec; that is the one case where we compress.
//
// Error mapping follows 2.4.1, including its quirks: a payload that cannot be decompressed is
// UNKNOWN_SERVER_ERROR there (a KafkaException), malformed records are INVALID_RECORD.
// One deliberate addition: uncompressed batches must also have offsetDelta 0,1,2,... (2.4.1
// checks this only for compressed batches); the log's offset bookkeeping relies on it.

import { ErrorCode } from '../errors';
import {
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  BATCH_HEADER_SIZE,
  CompressionType,
  LOG_OVERHEAD,
  OFFSET_MAGIC,
  batchAttributes,
  batchBaseOffset,
  batchBaseSequence,
  batchCompression,
  batchCrc,
  batchFirstTimestamp,
  batchIsControl,
  batchIsTransactional,
  batchLastOffsetDelta,
  batchProducerEpoch,
  batchProducerId,
  batchRecordCount,
  computeBatchCrc,
  setBatchMaxTimestamp,
} from './batch-header';
import { batchRecordsSection } from './record';
import { RecordFormatError, RecordReader } from './record-reader';
import { decodeLegacyMessageSet, LegacyMessage, LegacyMessageError, legacyCompression, readShallowMessages } from './legacy-message-set';
import { convertLegacyMessagesToBatches } from './legacy-convert';

/** Kafka's RecordBatch.NO_TIMESTAMP. */
export const NO_TIMESTAMP = -1;
/** Smallest size field a legacy v0 entry can have (Kafka's LegacyRecord.RECORD_OVERHEAD_V0). */
const MIN_ENTRY_SIZE = 14;

export type TopicCompression = 'producer' | 'uncompressed' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const TOPIC_CODEC: Record<Exclude<TopicCompression, 'producer'>, CompressionType> = {
  uncompressed: CompressionType.None,
  gzip: CompressionType.Gzip,
  snappy: CompressionType.Snappy,
  lz4: CompressionType.Lz4,
  zstd: CompressionType.Zstd,
};

export interface ProduceValidationConfig {
  /** API version of the Produce request carrying the records. */
  produceVersion: number;
  /** Topic max.message.bytes. */
  maxMessageBytes: number;
  /** Topic message.timestamp.type. */
  timestampType: 'CreateTime' | 'LogAppendTime';
  /** Topic message.timestamp.difference.max.ms (Kafka's default is Long.MAX_VALUE: use Infinity). */
  timestampDifferenceMaxMs: number;
  /** cleanup.policy includes compact: every record needs a key. */
  compacted: boolean;
  /** Topic compression.type; default 'producer'. */
  compressionType?: TopicCompression;
  /** Broker time in ms: the LogAppendTime and the reference for timestamp checks. */
  now: number;
  /**
   * False for the broker's own appends (transaction markers, coordinator records): Kafka's
   * AppendOrigin other than Client skips the offset-range, control-record and sequence checks.
   */
  fromClient?: boolean;
}

export interface RecordError {
  /** Index of the offending record within the batch (Produce v8 record_errors). */
  batchIndex: number;
  message: string;
}

export interface ProduceValidationFailure {
  ok: false;
  errorCode: number;
  errorMessage: string;
  /** Per-record errors, for the cases Kafka reports them (key, timestamp, inner offset). */
  recordErrors: RecordError[];
}

export interface ProduceValidationSuccess {
  ok: true;
  /** The validated v2 batch: a view into the request buffer (trailing partial bytes dropped), or a converted copy. */
  batch: Buffer;
  recordCount: number;
  lastOffsetDelta: number;
  /** maxTimestamp now in the header (NO_TIMESTAMP if no record had one). */
  maxTimestamp: number;
  /** Offset of the max-timestamp record relative to the batch base offset (-1 if none). */
  offsetOfMaxTimestampDelta: number;
  /** The time written for LogAppendTime topics, else -1 (Produce response log_append_time_ms). */
  logAppendTime: number;
  compression: CompressionType;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  /** True when the batch was built from a legacy message set. */
  converted: boolean;
}

export type ProduceValidationResult = ProduceValidationFailure | ProduceValidationSuccess;

const fail = (errorCode: number, errorMessage: string, recordErrors: RecordError[] = []): ProduceValidationFailure => ({
  ok: false,
  errorCode,
  errorMessage,
  recordErrors,
});

const recordFail = (errorCode: number, batchIndex: number, message: string): ProduceValidationFailure =>
  fail(errorCode, message, [{ batchIndex, message }]);

/**
 * Size of the entry (batch or legacy message) at `p`, null when no whole entry is there
 * (Kafka's ByteBufferLogInputStream then sees no more batches), or a failure for a corrupt header.
 */
function entrySize(buf: Buffer, p: number): number | null | ProduceValidationFailure {
  if (buf.length - p < LOG_OVERHEAD) return null;
  const size = buf.readInt32BE(p + 8);
  if (size < MIN_ENTRY_SIZE) return fail(ErrorCode.CORRUPT_MESSAGE, `Record size ${size} is less than the minimum record overhead (${MIN_ENTRY_SIZE})`);
  if (buf.length - p < OFFSET_MAGIC + 1) return null;
  const magic = buf.readInt8(p + OFFSET_MAGIC);
  if (magic < 0 || magic > 2) return fail(ErrorCode.CORRUPT_MESSAGE, `Invalid magic found in record: ${magic}`);
  if (buf.length - p < size + LOG_OVERHEAD) return null;
  return size + LOG_OVERHEAD;
}

const isFailure = (x: unknown): x is ProduceValidationFailure => typeof x === 'object' && x !== null && (x as { ok?: boolean }).ok === false;

export function validateProducedRecords(records: Buffer, config: ProduceValidationConfig): ProduceValidationResult {
  const first = entrySize(records, 0);
  if (isFailure(first)) return first;
  if (first === null) return fail(ErrorCode.INVALID_RECORD, `Produce requests with version ${config.produceVersion} must have at least one record batch`);
  const magic = records[OFFSET_MAGIC];

  if (config.produceVersion >= 3) {
    if (magic !== 2) return fail(ErrorCode.INVALID_RECORD, `Produce requests with version ${config.produceVersion} are only allowed to contain record batches with magic version 2`);
    if (config.produceVersion < 7 && batchCompression(records) === CompressionType.Zstd) {
      return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `Produce requests with version ${config.produceVersion} are not allowed to use ZStandard compression`);
    }
  }
  if (magic < 2) return validateLegacy(records, config);

  const second = entrySize(records, first);
  if (isFailure(second)) return second;
  if (second !== null) return fail(ErrorCode.INVALID_RECORD, 'Produce requests may contain exactly one record batch per partition');
  return validateBatch(records.subarray(0, first), config);
}

function targetCodecProblem(source: CompressionType, config: ProduceValidationConfig): ProduceValidationFailure | null {
  const topic = config.compressionType ?? 'producer';
  if (topic === 'producer' || TOPIC_CODEC[topic] === source) return null;
  return fail(ErrorCode.UNKNOWN_SERVER_ERROR, `This broker does not recompress: topic compression.type=${topic} differs from the producer's codec`);
}

function validateBatch(batch: Buffer, config: ProduceValidationConfig): ProduceValidationResult {
  const size = batch.length;
  if (batchBaseOffset(batch) !== 0) return fail(ErrorCode.INVALID_RECORD, `The baseOffset of the record batch should be 0, but it is ${batchBaseOffset(batch)}`);
  if (size > config.maxMessageBytes) {
    return fail(ErrorCode.MESSAGE_TOO_LARGE, `The record batch size is ${size} bytes which exceeds the maximum configured value of ${config.maxMessageBytes}.`);
  }
  if (size < BATCH_HEADER_SIZE || computeBatchCrc(batch) !== batchCrc(batch)) {
    return fail(ErrorCode.CORRUPT_MESSAGE, `Record is corrupt (stored crc = ${size < BATCH_HEADER_SIZE ? 'n/a' : batchCrc(batch)})`);
  }

  const lastOffsetDelta = batchLastOffsetDelta(batch);
  const count = batchRecordCount(batch);
  const producerId = batchProducerId(batch);
  const baseSequence = batchBaseSequence(batch);
  if (config.fromClient !== false) {
    if (lastOffsetDelta + 1 <= 0) return fail(ErrorCode.INVALID_RECORD, `Batch has an invalid offset range: [0, ${lastOffsetDelta}]`);
    if (count <= 0) return fail(ErrorCode.INVALID_RECORD, `Invalid reported count for record batch: ${count}`);
    if (lastOffsetDelta + 1 !== count) return fail(ErrorCode.INVALID_RECORD, `Inconsistent batch offset range [0, ${lastOffsetDelta}] and count of records ${count}`);
    if (batchIsControl(batch)) return fail(ErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
    if (producerId >= 0 && baseSequence < 0) return fail(ErrorCode.INVALID_RECORD, `Invalid sequence number ${baseSequence} in record batch with producerId ${producerId}`);
  }

  const compression = batchCompression(batch);
  const codecProblem = targetCodecProblem(compression, config);
  if (codecProblem) return codecProblem;

  const scan = scanRecords(batch, count, config);
  if (isFailure(scan)) return scan;

  const logAppend = config.timestampType === 'LogAppendTime';
  const maxTimestamp = logAppend ? config.now : scan.maxTimestamp;
  setBatchMaxTimestamp(batch, 0, logAppend, maxTimestamp);
  return {
    ok: true,
    batch,
    recordCount: count,
    lastOffsetDelta,
    maxTimestamp,
    // Kafka: in-place compressed appends and LogAppendTime report the last offset.
    offsetOfMaxTimestampDelta: logAppend || compression !== CompressionType.None ? lastOffsetDelta : scan.offsetOfMaxDelta,
    logAppendTime: logAppend ? config.now : -1,
    compression,
    producerId,
    producerEpoch: batchProducerEpoch(batch),
    baseSequence,
    transactional: batchIsTransactional(batch),
    converted: false,
  };
}

/** Walks every record (decompressing once if needed) checking structure, keys, timestamps and offset deltas. */
function scanRecords(batch: Buffer, count: number, config: ProduceValidationConfig): { maxTimestamp: number; offsetOfMaxDelta: number } | ProduceValidationFailure {
  let section;
  try {
    section = batchRecordsSection(batch);
  } catch (e) {
    return fail(ErrorCode.UNKNOWN_SERVER_ERROR, `Failed to decompress record stream: ${(e as Error).message}`);
  }
  const reader = new RecordReader(section.buf, section.start, section.end, count);
  const firstTimestamp = batchFirstTimestamp(batch);
  const producerSetLogAppendTime = (batchAttributes(batch) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  const checkTimestamps = config.timestampType === 'CreateTime';
  let maxTimestamp = NO_TIMESTAMP;
  let offsetOfMaxDelta = -1;
  try {
    while (reader.next()) {
      const i = reader.index;
      if (config.compacted && reader.keyLength < 0) {
        return recordFail(ErrorCode.INVALID_RECORD, i, 'Compacted topic cannot accept message without key');
      }
      const timestamp = firstTimestamp + reader.timestampDelta;
      if (checkTimestamps && timestamp !== NO_TIMESTAMP && Math.abs(timestamp - config.now) > config.timestampDifferenceMaxMs) {
        return recordFail(
          ErrorCode.INVALID_TIMESTAMP,
          i,
          `Timestamp ${timestamp} of message with offset ${reader.offsetDelta} is out of range. The timestamp should be within [${config.now - config.timestampDifferenceMaxMs}, ${config.now + config.timestampDifferenceMaxMs}]`,
        );
      }
      if (producerSetLogAppendTime) {
        return recordFail(ErrorCode.INVALID_TIMESTAMP, i, 'Invalid timestamp type in message. Producer should not set timestamp type to LogAppendTime.');
      }
      if (reader.offsetDelta !== i) {
        return recordFail(ErrorCode.INVALID_RECORD, i, `Inner record does not have incremental offsets, expected offset is ${i}`);
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        offsetOfMaxDelta = i;
      }
    }
  } catch (e) {
    if (e instanceof RecordFormatError) return fail(ErrorCode.INVALID_RECORD, e.message);
    throw e;
  }
  return { maxTimestamp, offsetOfMaxDelta };
}

/** Produce v0-v2 with magic 0/1: validate every message, then convert to one v2 batch. */
function validateLegacy(records: Buffer, config: ProduceValidationConfig): ProduceValidationResult {
  let shallow: LegacyMessage[];
  try {
    shallow = readShallowMessages(records);
  } catch (e) {
    return legacyFailure(e);
  }
  const wrapperCodec = shallow.length > 0 ? legacyCompression(shallow[0]) : CompressionType.None;
  if (wrapperCodec !== CompressionType.None && shallow.length > 1) return fail(ErrorCode.INVALID_RECORD, 'Compressed outer record has more than one batch');
  const codecProblem = targetCodecProblem(wrapperCodec, config);
  if (codecProblem) return codecProblem;
  let size = 0;
  for (let p = 0; p < records.length; ) {
    const s = entrySize(records, p);
    if (s === null || isFailure(s)) break;
    if (s > config.maxMessageBytes) {
      return fail(ErrorCode.MESSAGE_TOO_LARGE, `The record batch size is ${s} bytes which exceeds the maximum configured value of ${config.maxMessageBytes}.`);
    }
    if (records[p + OFFSET_MAGIC] !== records[OFFSET_MAGIC]) return fail(ErrorCode.INVALID_RECORD, 'Batch magic is not the same as the first batch magic');
    size += s;
    p += s;
  }
  let messages: LegacyMessage[];
  try {
    messages = decodeLegacyMessageSet(records.subarray(0, size));
  } catch (e) {
    return legacyFailure(e);
  }
  let maxTimestamp = NO_TIMESTAMP;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (config.compacted && m.key === null) return recordFail(ErrorCode.INVALID_RECORD, i, 'Compacted topic cannot accept message without key');
    if (config.timestampType === 'CreateTime' && m.timestamp !== NO_TIMESTAMP && Math.abs(m.timestamp - config.now) > config.timestampDifferenceMaxMs) {
      return recordFail(ErrorCode.INVALID_TIMESTAMP, i, `Timestamp ${m.timestamp} of message is out of range`);
    }
    if (m.logAppendTime) return recordFail(ErrorCode.INVALID_TIMESTAMP, i, 'Invalid timestamp type in message. Producer should not set timestamp type to LogAppendTime.');
    if (m.timestamp > maxTimestamp) maxTimestamp = m.timestamp;
  }
  const [batch] = convertLegacyMessagesToBatches(messages, { compression: wrapperCodec });
  // The converted batch is freshly built from checked messages, so the v2 checks cannot fail;
  // run them anyway for the max-timestamp correction and the result fields.
  const result = validateBatch(batch, { ...config, maxMessageBytes: Infinity, timestampDifferenceMaxMs: Infinity });
  return result.ok ? { ...result, converted: true } : result;
}

function legacyFailure(e: unknown): ProduceValidationFailure {
  if (e instanceof LegacyMessageError) {
    const code = { corrupt: ErrorCode.CORRUPT_MESSAGE, invalid: ErrorCode.INVALID_RECORD, undecompressible: ErrorCode.UNKNOWN_SERVER_ERROR }[e.problem];
    return fail(code, e.message);
  }
  throw e;
}
