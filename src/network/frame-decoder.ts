// Splits a TCP byte stream into Kafka request frames (int32 size prefix + payload).
//
// Linear in the bytes received, whatever the chunking: a frame that lies entirely inside one
// socket chunk is handed out as a zero-copy view of that chunk; a frame that spans chunks is
// copied once into a buffer allocated at its declared size when the size becomes known. Nothing
// is ever re-concatenated, so a 100 MiB frame arriving in 64 KiB chunks costs one copy, not
// quadratic copying.

/** Receives the decoder's output; implemented by the connection (no per-frame closures). */
export interface FrameSink {
  onFrame(frame: Buffer): void;
  /** The size prefix is negative or above the limit: the connection must be closed. */
  onInvalidFrameSize(size: number): void;
}

export class FrameDecoder {
  /** Bytes of a size prefix that arrived split across chunks. */
  private readonly sizeBytes = Buffer.alloc(4);
  private sizeBytesFilled = 0;
  /** The frame being assembled across chunks, or null while reading a size prefix. */
  private partial: Buffer | null = null;
  private partialFilled = 0;
  /** Set after an invalid size: everything afterwards is ignored. */
  private failed = false;

  constructor(
    private readonly sink: FrameSink,
    /** Kafka's socket.request.max.bytes. */
    private readonly maxFrameBytes: number,
  ) {}

  /** Bytes held for frames not yet complete (counted for input back-pressure). */
  get bufferedBytes(): number {
    return this.sizeBytesFilled + this.partialFilled;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    const length = chunk.length;
    while (offset < length && !this.failed) {
      if (this.partial !== null) {
        const partial = this.partial;
        const take = Math.min(partial.length - this.partialFilled, length - offset);
        chunk.copy(partial, this.partialFilled, offset, offset + take);
        this.partialFilled += take;
        offset += take;
        if (this.partialFilled === partial.length) {
          this.partial = null;
          this.partialFilled = 0;
          this.sink.onFrame(partial);
        }
        continue;
      }

      let size: number;
      if (this.sizeBytesFilled === 0 && length - offset >= 4) {
        size = chunk.readInt32BE(offset);
        offset += 4;
      } else {
        const take = Math.min(4 - this.sizeBytesFilled, length - offset);
        chunk.copy(this.sizeBytes, this.sizeBytesFilled, offset, offset + take);
        this.sizeBytesFilled += take;
        offset += take;
        if (this.sizeBytesFilled < 4) return;
        this.sizeBytesFilled = 0;
        size = this.sizeBytes.readInt32BE(0);
      }

      if (size < 0 || size > this.maxFrameBytes) {
        this.failed = true;
        this.sink.onInvalidFrameSize(size);
        return;
      }
      if (length - offset >= size) {
        // Whole frame inside this chunk: hand out a view, no copy.
        const frame = chunk.subarray(offset, offset + size);
        offset += size;
        this.sink.onFrame(frame);
      } else {
        this.partial = Buffer.allocUnsafe(size);
        this.partialFilled = 0;
      }
    }
  }
}
