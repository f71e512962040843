import { randomBytes } from 'node:crypto';
import { compressFrameSync } from 'lz4-napi';
import { compressLz4, decompressLz4, lz4HeaderChecksum } from '../../../src/protocol/compression/lz4';
import { xxh32 } from '../../../src/protocol/compression/xxhash32';

describe('xxh32', () => {
  test.each([
    ['', 0x02cc5d05],
    ['a', 0x550d7456],
    ['abc', 0x32d153ff],
    ['Nobody inspects the spammish repetition', 0xe2293b2f],
  ])('xxh32(%j)', (text, expected) => {
    expect(xxh32(Buffer.from(text))).toBe(expected);
  });

  test('agrees with lz4-napi content checksums', () => {
    // lz4_flex appended this content checksum (little endian) for the input "abcde".
    const frame = compressFrameSync(Buffer.from('abcde'), { contentChecksum: true });
    expect(xxh32(Buffer.from('abcde'))).toBe(frame.readUInt32LE(frame.length - 4));
  });
});

describe('frame header', () => {
  test('Kafka header bytes: magic, FLG 0x60, BD 0x40, HC 0x82', () => {
    const frame = compressLz4(Buffer.from('hello'));
    expect(frame.subarray(0, 7).toString('hex')).toBe('04224d18604082');
    expect(lz4HeaderChecksum(frame, 6)).toBe(0x82);
    expect(frame.subarray(frame.length - 4).toString('hex')).toBe('00000000');
  });

  test('magic 0 variant writes the broken HC (hashed from the magic number on)', () => {
    const frame = compressLz4(Buffer.from('hello'), { brokenHeaderChecksum: true });
    expect(frame[6]).toBe((xxh32(frame, 0, 6) >>> 8) & 0xff);
    expect(frame[6]).not.toBe(0x82);
    expect(() => decompressLz4(frame)).toThrow(/descriptor corrupted/);
    expect(decompressLz4(frame, { brokenHeaderChecksum: true }).toString()).toBe('hello');
  });

  test('blocks are 64 KiB; incompressible blocks are stored raw', () => {
    const input = randomBytes(150 * 1024);
    const frame = compressLz4(input);
    let pos = 7;
    const sizes: number[] = [];
    for (;;) {
      const field = frame.readUInt32LE(pos);
      pos += 4;
      if (field === 0) break;
      const size = field & 0x7fffffff;
      sizes.push(field >>> 31 ? -size : size);
      pos += size;
    }
    expect(pos).toBe(frame.length);
    expect(sizes).toEqual([-65536, -65536, -(150 * 1024 - 131072)]);
    expect(decompressLz4(frame).equals(input)).toBe(true);
  });
});

describe('reading frames other writers produce', () => {
  test('lz4-napi frames with content checksum and block sizes up to 4 MiB', () => {
    const input = Buffer.alloc(5 * 1024 * 1024, 'abcdefgh');
    for (const options of [undefined, { contentChecksum: true }, { blockChecksums: true }]) {
      const frame = compressFrameSync(input, options);
      expect(decompressLz4(frame).equals(input)).toBe(true);
    }
    // lz4_flex chose a 4 MiB max block size for this input (BD 0x70).
    expect(compressFrameSync(input)[5]).toBe(0x70);
  });

  test('dependent blocks are rejected like Kafka', () => {
    const frame = compressLz4(Buffer.from('hello'));
    frame[4] = 0x40; // clear block independence
    frame[6] = lz4HeaderChecksum(frame, 6);
    expect(() => decompressLz4(frame)).toThrow(/Dependent block stream is unsupported/);
  });

  test('bad HC, bad magic, reserved bits, block size id, missing end mark', () => {
    const good = compressLz4(Buffer.from('hello hello hello'));
    const mutate = (f: (b: Buffer) => void): Buffer => {
      const b = Buffer.from(good);
      f(b);
      return b;
    };
    expect(() => decompressLz4(mutate((b) => (b[6] ^= 1)))).toThrow(/descriptor corrupted/);
    expect(() => decompressLz4(mutate((b) => (b[0] = 0)))).toThrow(/magic/);
    expect(() => decompressLz4(mutate((b) => { b[4] |= 1; b[6] = lz4HeaderChecksum(b, 6); }))).toThrow(/Reserved/);
    expect(() => decompressLz4(mutate((b) => { b[5] = 0x30; b[6] = lz4HeaderChecksum(b, 6); }))).toThrow(/between 4 and 7/);
    expect(() => decompressLz4(good.subarray(0, good.length - 4))).toThrow(/prematurely/);
  });
});
