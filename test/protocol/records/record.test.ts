import { CompressionType, batchMaxTimestamp, setBatchMaxTimestamp } from '../../../src/protocol/records/batch-header';
import { decodeRecords, decodeRecordSet, iterateRecords, openRecordReader } from '../../../src/protocol/records/record';
import { RecordFormatError } from '../../../src/protocol/records/record-reader';
import { batchOf, GOLDEN_BATCH_HEX } from './helpers';

test('decodes the golden Kafka 2.4.1 batch', () => {
  const batch = Buffer.from(GOLDEN_BATCH_HEX, 'hex');
  expect(batch.readInt32BE(12)).toBe(0); // leader epoch 0
  expect(decodeRecords(batch)).toEqual([{ offset: 0, timestamp: 0x01a203951785, key: null, value: Buffer.from('hi'), headers: [] }]);
});

const records = [
  { key: Buffer.from('k1'), value: Buffer.from('v1'), timestamp: 1_000, headers: [{ key: 'h', value: Buffer.from('x') }] },
  { key: null, value: null, timestamp: 1_005, headers: [{ key: 'nullvalue', value: null }, { key: 'ü', value: Buffer.alloc(0) }] },
  { key: Buffer.alloc(0), value: Buffer.alloc(300, 7), timestamp: 999 },
];

describe.each([CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd])('codec %s', (compression) => {
  test('round trip with keys, headers, null values', () => {
    const batch = batchOf(records, { compression, baseOffset: 100 });
    const decoded = decodeRecords(batch);
    expect(decoded.map((r) => r.offset)).toEqual([100, 101, 102]);
    expect(decoded.map((r) => r.timestamp)).toEqual([1_000, 1_005, 999]);
    expect(decoded[0].key?.toString()).toBe('k1');
    expect(decoded[0].headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
    expect(decoded[1].key).toBeNull();
    expect(decoded[1].value).toBeNull();
    expect(decoded[1].headers).toEqual([{ key: 'nullvalue', value: null }, { key: 'ü', value: Buffer.alloc(0) }]);
    expect(decoded[2].key).toEqual(Buffer.alloc(0));
    expect(decoded[2].value).toEqual(Buffer.alloc(300, 7));
  });
});

test('LogAppendTime batches report maxTimestamp for every record', () => {
  const batch = batchOf(records);
  setBatchMaxTimestamp(batch, 0, true, 5_000);
  expect(batchMaxTimestamp(batch)).toBe(5_000);
  expect(decodeRecords(batch).map((r) => r.timestamp)).toEqual([5_000, 5_000, 5_000]);
});

test('iterator is lazy and record set decoding walks consecutive batches', () => {
  const a = batchOf([{ value: Buffer.from('a'), timestamp: 1 }], { baseOffset: 0 });
  const b = batchOf([{ value: Buffer.from('b'), timestamp: 2 }, { value: Buffer.from('c'), timestamp: 3 }], { baseOffset: 1, compression: CompressionType.Gzip });
  const it = iterateRecords(b);
  expect(it.next().value?.value?.toString()).toBe('b');
  const set = Buffer.concat([a, b, b.subarray(0, 20)]); // a torn tail is ignored
  expect(decodeRecordSet(set).map((r) => [r.offset, r.value?.toString()])).toEqual([[0, 'a'], [1, 'b'], [2, 'c']]);
});

test('a record running past the batch is a structure error', () => {
  const batch = batchOf([{ value: Buffer.from('abc'), timestamp: 1 }]);
  const cut = Buffer.from(batch.subarray(0, batch.length - 2));
  cut.writeInt32BE(cut.length - 12, 8);
  const reader = openRecordReader(cut);
  expect(() => reader.next()).toThrow(RecordFormatError);
});
