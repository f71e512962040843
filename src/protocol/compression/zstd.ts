// zstd: standard zstd frames (zstd-jni on the Java side). Java's streaming writer leaves the
// content size out of the frame header, so decompression must not depend on it; we always
// stream into growing chunks, which also keeps a hostile header from forcing a huge allocation.

import { compress as zstdCompress } from 'zstd-napi';
import * as binding from 'zstd-napi/binding';

export class ZstdFrameError extends Error {}

let dctx: binding.DCtx | undefined;
const CHUNK = 128 * 1024;

export const compressZstd = (input: Buffer): Buffer => zstdCompress(input);

export function decompressZstd(input: Buffer): Buffer {
  dctx ??= new binding.DCtx();
  dctx.reset(binding.ResetDirective.sessionOnly);
  const parts: Buffer[] = [];
  let remaining: Buffer = input;
  let frameOpen = false;
  while (remaining.length > 0) {
    const out = Buffer.allocUnsafe(Math.max(CHUNK, remaining.length * 4));
    const [hint, produced, consumed] = dctx.decompressStream(out, remaining);
    if (produced > 0) parts.push(out.subarray(0, produced));
    remaining = remaining.subarray(consumed);
    frameOpen = hint !== 0;
    if (consumed === 0 && produced === 0) break; // no progress: input is cut short
  }
  // Drain output still buffered inside the context (it may hold more than one chunk).
  while (frameOpen) {
    const out = Buffer.allocUnsafe(CHUNK);
    const [hint, produced] = dctx.decompressStream(out, Buffer.alloc(0));
    if (produced === 0) break;
    parts.push(out.subarray(0, produced));
    frameOpen = hint !== 0;
  }
  if (frameOpen || input.length === 0) throw new ZstdFrameError('zstd frame is incomplete');
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
