// Snappy as Kafka clients write it. Java (snappy-java's SnappyOutputStream) and kafka-python
// write the xerial framing: a 16-byte header (8 magic bytes, int32 version 1, int32 minimum
// compatible version 1) followed by [int32 BE compressed length][raw snappy block] chunks of at
// most 32 KiB uncompressed. kafkajs-snappy and librdkafka write one plain raw snappy block.
// snappy-java's reader accepts both (no magic => raw), and so do we. This is not the official
// snappy "framing format" (stream identifier chunk 0xff), which the `snappy` package's
// streaming classes implement.

import { compressSync, uncompressSync } from 'snappy';

export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
export const XERIAL_HEADER_SIZE = 16;
const XERIAL_VERSION = 1;
const XERIAL_MIN_COMPATIBLE_VERSION = 1;
/** snappy-java's default block size. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

export class SnappyFrameError extends Error {}

function startsWithXerialMagic(buf: Buffer, pos: number): boolean {
  return buf.length - pos >= XERIAL_MAGIC.length && XERIAL_MAGIC.equals(buf.subarray(pos, pos + XERIAL_MAGIC.length));
}

function rawUncompress(block: Buffer): Buffer {
  return uncompressSync(block, { asBuffer: true }) as Buffer;
}

export function compressSnappy(input: Buffer): Buffer {
  const header = Buffer.allocUnsafe(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(XERIAL_VERSION, 8);
  header.writeInt32BE(XERIAL_MIN_COMPATIBLE_VERSION, 12);
  const parts: Buffer[] = [header];
  for (let start = 0; start < input.length; start += XERIAL_BLOCK_SIZE) {
    const block = compressSync(input.subarray(start, Math.min(start + XERIAL_BLOCK_SIZE, input.length)));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

export function decompressSnappy(input: Buffer): Buffer {
  if (!startsWithXerialMagic(input, 0) || input.length < XERIAL_HEADER_SIZE) return rawUncompress(input);
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < input.length) {
    // snappy-java also reads concatenated xerial streams: a header may follow a chunk.
    if (startsWithXerialMagic(input, pos)) {
      pos += XERIAL_HEADER_SIZE;
      continue;
    }
    if (input.length - pos < 4) throw new SnappyFrameError('xerial snappy chunk length cut short');
    const length = input.readInt32BE(pos);
    pos += 4;
    if (length < 0 || length > input.length - pos) throw new SnappyFrameError('xerial snappy chunk runs past the end');
    parts.push(rawUncompress(input.subarray(pos, pos + length)));
    pos += length;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
