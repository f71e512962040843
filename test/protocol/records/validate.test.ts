import { ErrorCode } from '../../../src/protocol/errors';
import {
  CompressionType,
  batchCrc,
  batchMaxTimestamp,
  computeBatchCrc,
  OFFSET_CRC,
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  checkBatch,
} from '../../../src/protocol/records/batch-header';
import { decodeRecords } from '../../../src/protocol/records/record';
import { ProduceValidationConfig, ProduceValidationResult, validateProducedRecords } from '../../../src/protocol/records/validate';
import { batchOf, GOLDEN_BATCH_HEX } from './helpers';
import { encodeLegacyMessageSet, encodeLegacyMessage } from '../../../src/protocol/records/legacy-message-set';
import { compress } from '../../../src/protocol/compression';

const NOW = 1_700_000_000_000;
const config = (over: Partial<ProduceValidationConfig> = {}): ProduceValidationConfig => ({
  produceVersion: 7,
  maxMessageBytes: 1_000_012,
  timestampType: 'CreateTime',
  timestampDifferenceMaxMs: Infinity,
  compacted: false,
  now: NOW,
  ...over,
});

const v = (b: Buffer): Buffer => Buffer.from(b);
const recs = (n: number, ts = (i: number) => NOW + i) =>
  Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), timestamp: ts(i) }));

/** Rewrites header fields and fixes the CRC, to build batches a client could send. */
function patch(batch: Buffer, f: (b: Buffer) => void): Buffer {
  const b = v(batch);
  f(b);
  b.writeUInt32BE(computeBatchCrc(b, 0), OFFSET_CRC);
  return b;
}

function expectError(result: ProduceValidationResult, code: number, withRecordError?: number): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errorCode).toBe(code);
  if (withRecordError !== undefined) expect(result.recordErrors[0].batchIndex).toBe(withRecordError);
}

describe('success', () => {
  test('golden batch passes unchanged', () => {
    const batch = Buffer.from(GOLDEN_BATCH_HEX, 'hex');
    const r = validateProducedRecords(batch, config());
    expect(r).toMatchObject({ ok: true, recordCount: 1, lastOffsetDelta: 0, maxTimestamp: 0x01a203951785, offsetOfMaxTimestampDelta: 0, logAppendTime: -1 });
    expect(batch.toString('hex')).toBe(GOLDEN_BATCH_HEX);
  });

  test.each([CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd])('codec %s, no recompression', (compression) => {
    const batch = batchOf(recs(5), { compression });
    const before = v(batch);
    const r = validateProducedRecords(batch, config());
    expect(r).toMatchObject({ ok: true, recordCount: 5, compression, converted: false });
    if (r.ok) expect(r.batch.equals(before)).toBe(true);
  });

  test('CreateTime: wrong maxTimestamp (kafkajs puts the last one) is corrected and the CRC recomputed', () => {
    const timestamps = [NOW + 50, NOW + 90, NOW + 10];
    const batch = batchOf(recs(3, (i) => timestamps[i]), { maxTimestamp: NOW + 10 });
    const oldCrc = batchCrc(batch);
    const r = validateProducedRecords(batch, config());
    expect(r).toMatchObject({ ok: true, maxTimestamp: NOW + 90, offsetOfMaxTimestampDelta: 1 });
    expect(batchMaxTimestamp(batch)).toBe(NOW + 90);
    expect(batchCrc(batch)).not.toBe(oldCrc);
    expect(checkBatch(batch, 0)).toBeNull();
  });

  test('compressed: offset of max timestamp is the last offset, as Kafka reports', () => {
    const batch = batchOf(recs(3, (i) => NOW + 100 - i), { compression: CompressionType.Gzip });
    expect(validateProducedRecords(batch, config())).toMatchObject({ ok: true, maxTimestamp: NOW + 100, offsetOfMaxTimestampDelta: 2 });
  });

  test('LogAppendTime: sets the bit and maxTimestamp = now, recomputes the CRC', () => {
    const batch = batchOf(recs(2, () => 5));
    const r = validateProducedRecords(batch, config({ timestampType: 'LogAppendTime', timestampDifferenceMaxMs: 1 }));
    expect(r).toMatchObject({ ok: true, maxTimestamp: NOW, logAppendTime: NOW, offsetOfMaxTimestampDelta: 1 });
    expect(batch.readInt16BE(21) & ATTR_TIMESTAMP_TYPE_LOG_APPEND).toBeTruthy();
    expect(checkBatch(batch, 0)).toBeNull();
    expect(decodeRecords(batch).map((x) => x.timestamp)).toEqual([NOW, NOW]);
  });

  test('a torn trailing fragment after the batch is dropped, not an error', () => {
    const batch = batchOf(recs(1));
    const r = validateProducedRecords(Buffer.concat([batch, Buffer.alloc(5)]), config());
    expect(r.ok && r.batch.length).toBe(batch.length);
  });

  test('topic compression.type equal to the producer codec is fine', () => {
    const batch = batchOf(recs(2), { compression: CompressionType.Lz4 });
    expect(validateProducedRecords(batch, config({ compressionType: 'lz4' })).ok).toBe(true);
  });
});

describe('errors', () => {
  test('empty or torn record set: INVALID_RECORD', () => {
    expectError(validateProducedRecords(Buffer.alloc(0), config()), ErrorCode.INVALID_RECORD);
    expectError(validateProducedRecords(batchOf(recs(1)).subarray(0, 40), config()), ErrorCode.INVALID_RECORD);
  });

  test('size field below the minimum or bad magic: CORRUPT_MESSAGE', () => {
    const b = v(batchOf(recs(1)));
    b.writeInt32BE(5, 8);
    expectError(validateProducedRecords(b, config()), ErrorCode.CORRUPT_MESSAGE);
    const m = v(batchOf(recs(1)));
    m[16] = 7;
    expectError(validateProducedRecords(m, config()), ErrorCode.CORRUPT_MESSAGE);
  });

  test('Produce v3+: magic must be 2', () => {
    const legacy = encodeLegacyMessageSet([{ value: Buffer.from('x'), timestamp: NOW }], { magic: 1 });
    expectError(validateProducedRecords(legacy, config({ produceVersion: 3 })), ErrorCode.INVALID_RECORD);
  });

  test('two batches: INVALID_RECORD', () => {
    expectError(validateProducedRecords(Buffer.concat([batchOf(recs(1)), batchOf(recs(1))]), config()), ErrorCode.INVALID_RECORD);
  });

  test('zstd below Produce v7: UNSUPPORTED_COMPRESSION_TYPE', () => {
    const batch = batchOf(recs(2), { compression: CompressionType.Zstd });
    expectError(validateProducedRecords(batch, config({ produceVersion: 6 })), ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  });

  test('baseOffset not 0: INVALID_RECORD', () => {
    expectError(validateProducedRecords(batchOf(recs(1), { baseOffset: 3 }), config()), ErrorCode.INVALID_RECORD);
  });

  test('batch larger than max.message.bytes: MESSAGE_TOO_LARGE', () => {
    const batch = batchOf(recs(3));
    expectError(validateProducedRecords(batch, config({ maxMessageBytes: batch.length - 1 })), ErrorCode.MESSAGE_TOO_LARGE);
    expect(validateProducedRecords(batch, config({ maxMessageBytes: batch.length })).ok).toBe(true);
  });

  test('bad CRC: CORRUPT_MESSAGE', () => {
    const batch = v(batchOf(recs(2)));
    batch[batch.length - 1] ^= 0xff;
    expectError(validateProducedRecords(batch, config()), ErrorCode.CORRUPT_MESSAGE);
  });

  test('lastOffsetDelta + 1 != recordCount, or count 0: INVALID_RECORD', () => {
    expectError(validateProducedRecords(patch(batchOf(recs(2)), (b) => b.writeInt32BE(5, 23)), config()), ErrorCode.INVALID_RECORD);
    expectError(validateProducedRecords(patch(batchOf(recs(2)), (b) => b.writeInt32BE(-1, 23)), config()), ErrorCode.INVALID_RECORD);
    expectError(validateProducedRecords(patch(batchOf(recs(2)), (b) => { b.writeInt32BE(0, 57); b.writeInt32BE(-1, 23); }), config()), ErrorCode.INVALID_RECORD);
  });

  test('control batch from a client: INVALID_RECORD', () => {
    expectError(validateProducedRecords(batchOf(recs(1), { control: true }), config()), ErrorCode.INVALID_RECORD);
  });

  test('producerId set with a negative base sequence: INVALID_RECORD', () => {
    expectError(validateProducedRecords(batchOf(recs(1), { producerId: 9, producerEpoch: 0, baseSequence: -1 }), config()), ErrorCode.INVALID_RECORD);
    expect(validateProducedRecords(batchOf(recs(1), { producerId: 9, producerEpoch: 0, baseSequence: 0 }), config()).ok).toBe(true);
  });

  test('timestamps out of message.timestamp.difference.max.ms: INVALID_TIMESTAMP with the record index', () => {
    const batch = batchOf(recs(3, (i) => (i === 2 ? NOW - 10_000 : NOW)), { compression: CompressionType.Snappy });
    expectError(validateProducedRecords(batch, config({ timestampDifferenceMaxMs: 5_000 })), ErrorCode.INVALID_TIMESTAMP, 2);
  });

  test('producer-set LogAppendTime: INVALID_TIMESTAMP', () => {
    expectError(validateProducedRecords(batchOf(recs(1), { logAppendTime: true }), config()), ErrorCode.INVALID_TIMESTAMP, 0);
  });

  test('null key on a compacted topic: INVALID_RECORD with the record index', () => {
    const batch = batchOf([{ key: Buffer.from('a'), value: null, timestamp: NOW }, { key: null, value: Buffer.from('b'), timestamp: NOW }]);
    expectError(validateProducedRecords(batch, config({ compacted: true })), ErrorCode.INVALID_RECORD, 1);
    expect(validateProducedRecords(batchOf(recs(2)), config({ compacted: true })).ok).toBe(true);
  });

  test.each([CompressionType.None, CompressionType.Lz4])('offset deltas not 0,1,2 (codec %s): INVALID_RECORD', (compression) => {
    // Build two one-record batches and splice their records into a two-record batch: both deltas are 0.
    const one = batchOf([{ value: Buffer.from('a'), timestamp: NOW }]);
    const body = Buffer.concat([one.subarray(61), one.subarray(61)]);
    const records = compression === CompressionType.None ? body : compress(compression, body);
    const batch = Buffer.concat([one.subarray(0, 61), records]);
    batch.writeInt32BE(batch.length - 12, 8);
    batch.writeInt32BE(1, 23);
    batch.writeInt32BE(2, 57);
    batch.writeInt16BE(compression, 21);
    batch.writeUInt32BE(computeBatchCrc(batch, 0), OFFSET_CRC);
    expectError(validateProducedRecords(batch, config()), ErrorCode.INVALID_RECORD, 1);
  });

  test('records section with bytes left over or cut short: INVALID_RECORD', () => {
    const batch = batchOf(recs(2));
    const extra = Buffer.concat([batch, Buffer.from([0])]);
    extra.writeInt32BE(extra.length - 12, 8);
    extra.writeUInt32BE(computeBatchCrc(extra, 0), OFFSET_CRC);
    expectError(validateProducedRecords(extra, config()), ErrorCode.INVALID_RECORD);
    const short = Buffer.from(batch.subarray(0, batch.length - 3));
    short.writeInt32BE(short.length - 12, 8);
    short.writeUInt32BE(computeBatchCrc(short, 0), OFFSET_CRC);
    expectError(validateProducedRecords(short, config()), ErrorCode.INVALID_RECORD);
  });

  test('payload that does not decompress: UNKNOWN_SERVER_ERROR, as 2.4.1 answers', () => {
    const batch = batchOf(recs(2), { compression: CompressionType.Gzip });
    const broken = patch(batch, (b) => b.fill(0x55, 70, 80));
    expectError(validateProducedRecords(broken, config()), ErrorCode.UNKNOWN_SERVER_ERROR);
  });

  test('topic forcing another codec is refused with a clear message (no recompression)', () => {
    const r = validateProducedRecords(batchOf(recs(1)), config({ compressionType: 'gzip' }));
    expectError(r, ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(!r.ok && r.errorMessage).toMatch(/does not recompress/);
  });
});

describe('legacy message sets on Produce v0-v2', () => {
  test.each([
    [0, CompressionType.None],
    [1, CompressionType.None],
    [0, CompressionType.Gzip],
    [1, CompressionType.Snappy],
    [0, CompressionType.Lz4],
    [1, CompressionType.Lz4],
  ] as const)('magic %s codec %s is converted to one v2 batch', (magic, compression) => {
    const set = encodeLegacyMessageSet(
      [{ key: Buffer.from('a'), value: Buffer.from('1'), timestamp: NOW + 3 }, { key: Buffer.from('b'), value: null, timestamp: NOW + 1 }],
      { magic, compression },
    );
    const r = validateProducedRecords(set, config({ produceVersion: 2 }));
    expect(r).toMatchObject({ ok: true, converted: true, recordCount: 2, compression, maxTimestamp: magic === 1 ? NOW + 3 : -1 });
    if (!r.ok) return;
    expect(checkBatch(r.batch, 0)).toBeNull();
    const decoded = decodeRecords(r.batch);
    expect(decoded.map((x) => [x.offset, x.key?.toString(), x.value?.toString() ?? null])).toEqual([[0, 'a', '1'], [1, 'b', null]]);
  });

  test('bad inner CRC: CORRUPT_MESSAGE; null key on compacted: INVALID_RECORD', () => {
    const msg = encodeLegacyMessage(1, 0, 0, NOW, Buffer.from('k'), Buffer.from('v'));
    msg[msg.length - 1] ^= 1;
    expectError(validateProducedRecords(msg, config({ produceVersion: 2 })), ErrorCode.CORRUPT_MESSAGE);
    const noKey = encodeLegacyMessageSet([{ value: Buffer.from('v'), timestamp: NOW }], { magic: 1 });
    expectError(validateProducedRecords(noKey, config({ produceVersion: 1, compacted: true })), ErrorCode.INVALID_RECORD, 0);
  });

  test('v1 LogAppendTime from the producer: INVALID_TIMESTAMP', () => {
    const set = encodeLegacyMessageSet([{ value: Buffer.from('v'), timestamp: NOW }], { magic: 1, logAppendTime: true });
    expectError(validateProducedRecords(set, config({ produceVersion: 2 })), ErrorCode.INVALID_TIMESTAMP);
  });
});
