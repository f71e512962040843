import { randomBytes } from 'node:crypto';
import { compress, decompress, compressAsync, decompressAsync, CompressionType } from '../../../src/protocol/compression';

// Compressible but not trivially so: repeated words with random bytes mixed in.
function sample(size: number): Buffer {
  const buf = Buffer.alloc(size);
  const words = Buffer.from('kafka record batch zookeeper controller partition ');
  for (let i = 0; i < size; i++) buf[i] = i % 97 === 0 ? (i * 31) & 0xff : words[i % words.length];
  return buf;
}

const codecs = [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];
const inputs: Array<[string, Buffer]> = [
  ['empty', Buffer.alloc(0)],
  ['small', Buffer.from('hello, kafka')],
  ['3 MiB compressible', sample(3 * 1024 * 1024)],
  ['1 MiB random', randomBytes(1024 * 1024)],
];

describe.each(codecs.map((c) => [CompressionType[c], c] as const))('%s', (_name, codec) => {
  test.each(inputs)('round trip: %s', (_label, input) => {
    const packed = compress(codec, input);
    expect(decompress(codec, packed).equals(input)).toBe(true);
  });

  test('async round trip', async () => {
    const input = sample(100_000);
    const packed = await compressAsync(codec, input);
    expect((await decompressAsync(codec, packed)).equals(input)).toBe(true);
  });

  test('corrupt input throws', () => {
    const packed = compress(codec, sample(10_000));
    expect(() => decompress(codec, packed.subarray(0, packed.length - 7))).toThrow();
  });
});

test('None passes buffers through', () => {
  const b = Buffer.from('x');
  expect(compress(CompressionType.None, b)).toBe(b);
  expect(decompress(CompressionType.None, b)).toBe(b);
});

test('unknown codec id is rejected', () => {
  expect(() => decompress(5 as CompressionType, Buffer.alloc(1))).toThrow(/unknown compression/);
});
