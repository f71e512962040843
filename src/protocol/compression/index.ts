// One entry point for the record-batch codecs, keyed by the codec id in batch attributes.
// The broker decompresses only to validate or convert, so the sync forms are the main API;
// the async forms move the work off the event loop where the native library allows it.

import { CompressionType } from './compression-type';
import { compressGzip, compressGzipAsync, decompressGzip, decompressGzipAsync } from './gzip';
import { compressLz4, decompressLz4, Lz4Options } from './lz4';
import { compressSnappy, decompressSnappy } from './snappy';
import { compressZstd, decompressZstd } from './zstd';

export { CompressionType };
export type { Lz4Options };

export class UnknownCompressionError extends Error {}

export function compress(type: CompressionType, input: Buffer, lz4Options?: Lz4Options): Buffer {
  switch (type) {
    case CompressionType.None:
      return input;
    case CompressionType.Gzip:
      return compressGzip(input);
    case CompressionType.Snappy:
      return compressSnappy(input);
    case CompressionType.Lz4:
      return compressLz4(input, lz4Options);
    case CompressionType.Zstd:
      return compressZstd(input);
    default:
      throw new UnknownCompressionError(`unknown compression codec id ${type as number}`);
  }
}

/** Throws on corrupt input (each codec's own error class, or the native library's Error). */
export function decompress(type: CompressionType, input: Buffer, lz4Options?: Lz4Options): Buffer {
  switch (type) {
    case CompressionType.None:
      return input;
    case CompressionType.Gzip:
      return decompressGzip(input);
    case CompressionType.Snappy:
      return decompressSnappy(input);
    case CompressionType.Lz4:
      return decompressLz4(input, lz4Options);
    case CompressionType.Zstd:
      return decompressZstd(input);
    default:
      throw new UnknownCompressionError(`unknown compression codec id ${type as number}`);
  }
}

/** gzip runs on the libuv thread pool; the other codecs are fast enough to stay synchronous. */
export async function compressAsync(type: CompressionType, input: Buffer): Promise<Buffer> {
  return type === CompressionType.Gzip ? compressGzipAsync(input) : compress(type, input);
}

export async function decompressAsync(type: CompressionType, input: Buffer): Promise<Buffer> {
  return type === CompressionType.Gzip ? decompressGzipAsync(input) : decompress(type, input);
}

export function compressionName(type: CompressionType): string {
  return ['none', 'gzip', 'snappy', 'lz4', 'zstd'][type] ?? `unknown(${type})`;
}
