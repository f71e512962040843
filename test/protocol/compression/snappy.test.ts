import { compressSync } from 'snappy';
import { compressSnappy, decompressSnappy, XERIAL_MAGIC } from '../../../src/protocol/compression/snappy';

function xerialHeader(): Buffer {
  return Buffer.concat([XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]);
}

function chunk(raw: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(raw.length);
  return Buffer.concat([len, raw]);
}

test('decodes a hand-built xerial stream with two chunks', () => {
  const a = Buffer.from('first chunk first chunk ');
  const b = Buffer.from('second chunk');
  const framed = Buffer.concat([xerialHeader(), chunk(compressSync(a)), chunk(compressSync(b))]);
  expect(framed.subarray(0, 8).toString('hex')).toBe('82534e4150505900');
  expect(decompressSnappy(framed).toString()).toBe('first chunk first chunk second chunk');
});

test('decodes concatenated xerial streams (a header after a chunk)', () => {
  const framed = Buffer.concat([xerialHeader(), chunk(compressSync(Buffer.from('ab'))), xerialHeader(), chunk(compressSync(Buffer.from('cd')))]);
  expect(decompressSnappy(framed).toString()).toBe('abcd');
});

test('decodes plain raw snappy (kafkajs-snappy, librdkafka)', () => {
  expect(decompressSnappy(compressSync(Buffer.from('raw snappy block'))).toString()).toBe('raw snappy block');
});

test('compresses in xerial framing with chunks of at most 32 KiB uncompressed, like snappy-java', () => {
  const input = Buffer.alloc(80 * 1024, 'z');
  const framed = compressSnappy(input);
  expect(framed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
  let pos = 16;
  let chunks = 0;
  while (pos < framed.length) {
    const len = framed.readInt32BE(pos);
    pos += 4 + len;
    chunks++;
  }
  expect(pos).toBe(framed.length);
  expect(chunks).toBe(3); // 32 + 32 + 16 KiB
  expect(decompressSnappy(framed).equals(input)).toBe(true);
});

test('empty input is a bare header', () => {
  expect(compressSnappy(Buffer.alloc(0)).length).toBe(16);
  expect(decompressSnappy(compressSnappy(Buffer.alloc(0))).length).toBe(0);
});

test('a chunk length past the end is rejected', () => {
  const framed = Buffer.concat([xerialHeader(), Buffer.from([0, 0, 1, 0]), Buffer.from('abc')]);
  expect(() => decompressSnappy(framed)).toThrow(/past the end/);
});
