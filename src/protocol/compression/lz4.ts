// LZ4 as Kafka uses it: the LZ4 *frame* format (magic 0x184D2204), written and read the way
// Kafka's KafkaLZ4BlockOutputStream / KafkaLZ4BlockInputStream do.
//
// Writing: lz4-napi's own frame writer (lz4_flex) picks the block size from the input size
// (e.g. 256 KiB or 4 MiB blocks for big inputs), so instead we emit exactly Kafka's frame:
// FLG 0x60 (version 1, independent blocks, no checksums, no content size), BD 0x40 (64 KiB
// blocks), HC, then 64 KiB blocks compressed with lz4-napi's raw block compressor (stored
// uncompressed when that does not shrink them) and a zero end mark.
//
// Reading: we walk the frame ourselves with Kafka's rules (reserved bits 0, version 1,
// independent blocks only, max block size 64K-4M, HC checked, block checksums checked when
// flagged, end mark required) and then let lz4-napi decode the checked frame natively.
// One difference stays: lz4-napi verifies a content checksum when one is present, where Kafka
// skips it; only a broken producer could tell.
//
// Magic 0 messages were written with a wrong HC (computed from the magic number on, KIP-57);
// Kafka writes that broken HC for magic 0 and ignores the HC when reading magic 0.

import { compressSync, decompressFrameSync } from 'lz4-napi';
import { xxh32 } from './xxhash32';

export const LZ4_FRAME_MAGIC = 0x184d2204;
/** FLG byte Kafka writes: version 01, block independence. */
export const KAFKA_LZ4_FLG = 0x60;
/** BD byte Kafka writes: max block size id 4 = 64 KiB. */
export const KAFKA_LZ4_BD = 0x40;
const KAFKA_BLOCK_SIZE = 64 * 1024;
const INCOMPRESSIBLE_BIT = 0x80000000;

const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_CONTENT_SIZE = 0x08;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_BLOCK_INDEPENDENCE = 0x20;

export class Lz4FrameError extends Error {}

export interface Lz4Options {
  /** Magic 0 compatibility: write / tolerate the pre-KIP-57 header checksum. */
  brokenHeaderChecksum?: boolean;
}

/** The HC byte: second byte of xxh32 over the descriptor (from FLG, or from the magic if broken). */
export function lz4HeaderChecksum(frame: Uint8Array, descriptorEnd: number, broken = false): number {
  return (xxh32(frame, broken ? 0 : 4, descriptorEnd) >>> 8) & 0xff;
}

export function compressLz4(input: Buffer, options: Lz4Options = {}): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(7);
  header.writeUInt32LE(LZ4_FRAME_MAGIC, 0);
  header[4] = KAFKA_LZ4_FLG;
  header[5] = KAFKA_LZ4_BD;
  header[6] = lz4HeaderChecksum(header, 6, options.brokenHeaderChecksum);
  parts.push(header);
  for (let start = 0; start < input.length; start += KAFKA_BLOCK_SIZE) {
    const chunk = input.subarray(start, Math.min(start + KAFKA_BLOCK_SIZE, input.length));
    // lz4-napi's block output carries a 4-byte little-endian uncompressed size in front.
    const compressed = compressSync(chunk).subarray(4);
    const sizeField = Buffer.allocUnsafe(4);
    if (compressed.length < chunk.length) {
      sizeField.writeUInt32LE(compressed.length, 0);
      parts.push(sizeField, compressed);
    } else {
      sizeField.writeUInt32LE((chunk.length | INCOMPRESSIBLE_BIT) >>> 0, 0);
      parts.push(sizeField, chunk);
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

interface FrameLayout {
  /** Index of the HC byte. */
  hcPos: number;
  /** Whether the stored HC is the correct one (false only when tolerated for magic 0). */
  hcCorrect: boolean;
}

/** Walks the frame with Kafka's reader rules; throws Lz4FrameError on anything it would reject. */
function checkFrame(frame: Buffer, options: Lz4Options): FrameLayout {
  if (frame.length < 6) throw new Lz4FrameError('Stream ended prematurely');
  if (frame.readUInt32LE(0) !== LZ4_FRAME_MAGIC) throw new Lz4FrameError('Stream unsupported (invalid magic bytes)');
  const flg = frame[4];
  const bd = frame[5];
  if ((flg & 0x03) !== 0) throw new Lz4FrameError('Reserved bits must be 0');
  if ((flg & FLG_BLOCK_INDEPENDENCE) === 0) throw new Lz4FrameError('Dependent block stream is unsupported');
  if (flg >>> 6 !== 1) throw new Lz4FrameError(`Version ${flg >>> 6} is unsupported`);
  if ((bd & 0x80) !== 0) throw new Lz4FrameError('Reserved2 field must be 0');
  const sizeId = (bd >>> 4) & 0x07;
  if (sizeId < 4) throw new Lz4FrameError('Block size value must be between 4 and 7');
  if ((bd & 0x0f) !== 0) throw new Lz4FrameError('Reserved3 field must be 0');
  const maxBlockSize = 1 << (2 * sizeId + 8);

  let pos = 6;
  if (flg & FLG_CONTENT_SIZE) pos += 8;
  if (frame.length < pos + 1) throw new Lz4FrameError('Stream ended prematurely');
  const hcPos = pos;
  const hcCorrect = frame[hcPos] === lz4HeaderChecksum(frame, hcPos);
  if (!hcCorrect && !options.brokenHeaderChecksum) throw new Lz4FrameError('Stream frame descriptor corrupted');
  pos++;

  for (;;) {
    if (frame.length < pos + 4) throw new Lz4FrameError('Stream ended prematurely');
    const field = frame.readUInt32LE(pos);
    pos += 4;
    const blockSize = field & ~INCOMPRESSIBLE_BIT;
    if (blockSize === 0) {
      if (flg & FLG_CONTENT_CHECKSUM) {
        if (frame.length < pos + 4) throw new Lz4FrameError('Stream ended prematurely');
        pos += 4;
      }
      break;
    }
    if (blockSize > maxBlockSize) throw new Lz4FrameError(`Block size ${blockSize} exceeded max: ${maxBlockSize}`);
    if (frame.length < pos + blockSize) throw new Lz4FrameError('Stream ended prematurely');
    if (flg & FLG_BLOCK_CHECKSUM) {
      if (frame.length < pos + blockSize + 4) throw new Lz4FrameError('Stream ended prematurely');
      if (xxh32(frame, pos, pos + blockSize) !== frame.readUInt32LE(pos + blockSize)) {
        throw new Lz4FrameError('Block checksum mismatch');
      }
      pos += 4;
    }
    pos += blockSize;
  }
  return { hcPos, hcCorrect };
}

export function decompressLz4(frame: Buffer, options: Lz4Options = {}): Buffer {
  const layout = checkFrame(frame, options);
  let input = frame;
  if (!layout.hcCorrect) {
    // Tolerated broken HC (magic 0): lz4-napi insists on a correct one, so hand it a fixed copy.
    input = Buffer.from(frame);
    input[layout.hcPos] = lz4HeaderChecksum(input, layout.hcPos);
  }
  try {
    return decompressFrameSync(input);
  } catch (e) {
    throw new Lz4FrameError(`LZ4 block data is corrupt: ${(e as Error).message}`);
  }
}
