import { crc32 } from '@node-rs/crc32';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CompressionType, checkBatch, batchBaseOffset } from '../../../src/protocol/records/batch-header';
import { decodeRecords } from '../../../src/protocol/records/record';
import {
  decodeLegacyMessageSet,
  encodeLegacyMessage,
  encodeLegacyMessageSet,
  expandWrapperEntries,
  LegacyMessageError,
  readLegacyEntry,
  readShallowMessages,
} from '../../../src/protocol/records/legacy-message-set';
import { convertLegacyToBatches } from '../../../src/protocol/records/legacy-convert';
import { xxh32 } from '../../../src/protocol/compression/xxhash32';

const msgs = [
  { key: Buffer.from('k0'), value: Buffer.from('v0'), timestamp: 100 },
  { key: null, value: Buffer.from('v1'), timestamp: 300 },
  { key: Buffer.from('k2'), value: null, timestamp: 200 },
];

test('v0 and v1 entry layout and CRC-32 over magic..end', () => {
  const v0 = encodeLegacyMessage(0, 5, 0, -1, Buffer.from('k'), Buffer.from('v'));
  expect(v0.toString('hex')).toBe('0000000000000005' + '00000010' + v0.subarray(12, 16).toString('hex') + '0000' + '000000016b' + '0000000176');
  expect(v0.readUInt32BE(12)).toBe(crc32(v0.subarray(16)) >>> 0);
  const v1 = encodeLegacyMessage(1, 0, 0, 0x0102, null, Buffer.from('v'));
  expect(v1.readInt32BE(8)).toBe(4 + 1 + 1 + 8 + 4 + 4 + 1);
  expect(v1.subarray(16).toString('hex')).toBe('0100' + '0000000000000102' + 'ffffffff' + '0000000176');
});

describe.each([0, 1] as const)('magic %s', (magic) => {
  test.each([CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4])('codec %s round trip with base offset 40', (compression) => {
    const set = encodeLegacyMessageSet(msgs, { magic, compression, baseOffset: 40 });
    const decoded = decodeLegacyMessageSet(set);
    expect(decoded.map((m) => m.offset)).toEqual([40, 41, 42]);
    expect(decoded.map((m) => m.key?.toString() ?? null)).toEqual(['k0', null, 'k2']);
    expect(decoded.map((m) => m.value?.toString() ?? null)).toEqual(['v0', 'v1', null]);
    expect(decoded.map((m) => m.timestamp)).toEqual(magic === 1 ? [100, 300, 200] : [-1, -1, -1]);
    if (compression !== CompressionType.None) {
      const [wrapper] = readShallowMessages(set);
      expect(wrapper.offset).toBe(42); // the wrapper carries the last inner offset
      if (magic === 1) expect(wrapper.timestamp).toBe(300);
    }
  });
});

test('v1 wrapper: inner offsets are relative, v0: absolute', () => {
  const v1 = encodeLegacyMessageSet(msgs, { magic: 1, compression: CompressionType.Gzip, baseOffset: 7 });
  const v0 = encodeLegacyMessageSet(msgs, { magic: 0, compression: CompressionType.Gzip, baseOffset: 7 });
  const innerOffsets = (set: Buffer): number[] => {
    const [wrapper] = readShallowMessages(set);
    const inner = gunzipSync(wrapper.value!);
    return readShallowMessages(inner).map((m) => m.offset);
  };
  expect(innerOffsets(v1)).toEqual([0, 1, 2]);
  expect(innerOffsets(v0)).toEqual([7, 8, 9]);
});

test('magic 0 LZ4 wrappers use the broken frame header checksum (KIP-57)', () => {
  const [wrapper] = readShallowMessages(encodeLegacyMessageSet(msgs, { magic: 0, compression: CompressionType.Lz4 }));
  const frame = wrapper.value!;
  expect(frame[6]).toBe((xxh32(frame, 0, 6) >>> 8) & 0xff);
  const [w1] = readShallowMessages(encodeLegacyMessageSet(msgs, { magic: 1, compression: CompressionType.Lz4 }));
  expect(w1.value![6]).toBe(0x82);
});

test('v1 LogAppendTime wrapper: inner messages take the wrapper timestamp', () => {
  const set = encodeLegacyMessageSet(msgs, { magic: 1, compression: CompressionType.Gzip, logAppendTime: true });
  expect(decodeLegacyMessageSet(set).map((m) => [m.timestamp, m.logAppendTime])).toEqual([[300, true], [300, true], [300, true]]);
});

test('errors: bad CRC, cut entries, inner offsets not 0..n-1', () => {
  const set = encodeLegacyMessageSet(msgs, { magic: 1 });
  const bad = Buffer.from(set);
  bad[20] ^= 1;
  expect(() => decodeLegacyMessageSet(bad)).toThrow(LegacyMessageError);
  expect(decodeLegacyMessageSet(set.subarray(0, set.length - 3))).toHaveLength(2); // a partial trailing entry is ignored

  // A v1 wrapper whose inner offsets are absolute (5, 6) instead of relative.
  const inner = Buffer.concat([encodeLegacyMessage(1, 5, 0, 1, null, Buffer.from('a')), encodeLegacyMessage(1, 6, 0, 1, null, Buffer.from('b'))]);
  const wrapper = encodeLegacyMessage(1, 6, CompressionType.Gzip, 1, null, gzipSync(inner));
  expect(() => decodeLegacyMessageSet(wrapper)).toThrow(/inner offset/);
});

describe('convertLegacyToBatches', () => {
  test('produce path: one v2 batch, offsets 0..n-1, codec kept', () => {
    const set = encodeLegacyMessageSet(msgs, { magic: 1, compression: CompressionType.Snappy, baseOffset: 1000 });
    const batches = convertLegacyToBatches(set, { compression: CompressionType.Snappy });
    expect(batches).toHaveLength(1);
    expect(checkBatch(batches[0], 0)).toBeNull();
    expect(batches[0].readInt16BE(21) & 7).toBe(CompressionType.Snappy);
    expect(decodeRecords(batches[0]).map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null])).toEqual([
      [0, 100, 'k0'],
      [1, 300, null],
      [2, 200, 'k2'],
    ]);
  });

  test('preserveOffsets: a gap starts a new batch', () => {
    const set = Buffer.concat([
      encodeLegacyMessageSet(msgs.slice(0, 2), { magic: 0, baseOffset: 10 }),
      encodeLegacyMessageSet(msgs.slice(2), { magic: 0, baseOffset: 20 }),
    ]);
    const batches = convertLegacyToBatches(set, { preserveOffsets: true });
    expect(batches.map((b) => batchBaseOffset(b))).toEqual([10, 20]);
    expect(decodeRecords(batches[0]).map((r) => [r.offset, r.timestamp])).toEqual([[10, -1], [11, -1]]);
  });
});

describe('the tolerant reader (kafka-dump-log)', () => {
  it('reports a CRC mismatch the strict reader refuses', () => {
    const set = encodeLegacyMessageSet([{ value: Buffer.from('v0'), timestamp: 100 }], { magic: 1 });
    set[set.length - 1] ^= 0xff;
    expect(() => readLegacyEntry(set, 0)).toThrow(LegacyMessageError);
    const entry = readLegacyEntry(set, 0, 'tolerant')!;
    expect(entry).toMatchObject({ crcValid: false, size: set.length, message: { offset: 0, timestamp: 100 } });
    expect(entry.crc).toBe(set.readUInt32BE(12));
  });

  it('reads the inner messages of a wrapper with absolute offsets and their own CRCs', () => {
    const set = encodeLegacyMessageSet(msgs, { magic: 1, baseOffset: 5, compression: CompressionType.Gzip });
    const wrapper = readLegacyEntry(set, 0, 'tolerant')!;
    const inner = expandWrapperEntries(wrapper.message, 'tolerant');
    expect(inner.map((e) => [e.message.offset, e.crcValid])).toEqual([[5, true], [6, true], [7, true]]);
  });

  it('speaks Kafka\'s words for what it cannot read', () => {
    const set = encodeLegacyMessageSet([{ value: Buffer.from('v0') }], { magic: 0 });
    set.writeInt32BE(10, 8); // message size below the 14-byte minimum
    expect(() => readLegacyEntry(set, 0, 'tolerant')).toThrow('Record size 10 is less than the minimum record overhead (14)');
  });
});
