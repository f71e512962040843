// Output accumulator for Kafka's wire primitives.
//
// Small fields go into a growable scratch buffer; Buffers of at least LARGE_BUFFER_THRESHOLD
// bytes are appended by reference, so a fetch response carrying megabytes of log data is never
// copied before it reaches the socket. The result is a list of chunks for writev/cork
// (toBuffers) or one contiguous Buffer (toBuffer). Integer writes allocate nothing.

import { ProtocolEncodeError } from './errors';

/** Byte fields at least this large are referenced, not copied. */
export const LARGE_BUFFER_THRESHOLD = 1024;

const MAX_INT16_STRING = 0x7fff;

export class Writer {
  /** Finished chunks, in order. */
  private readonly chunks: Buffer[] = [];
  /** Scratch buffer currently being filled. */
  private buf: Buffer;
  /** Where the unfinished chunk starts inside `buf`. */
  private start = 0;
  /** Next write offset inside `buf`. */
  private pos = 0;
  /** Bytes in `chunks` (the unfinished region is added by `size`). */
  private flushedBytes = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Total bytes written so far. */
  get size(): number {
    return this.flushedBytes + (this.pos - this.start);
  }

  /** Moves the unfinished region of the scratch buffer into `chunks`. */
  private flush(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushedBytes += this.pos - this.start;
      this.start = this.pos;
    }
  }

  /**
   * Makes room for `n` more bytes. Earlier chunks may still be views of the old scratch buffer,
   * so it is never reused: the new one simply starts empty.
   */
  private ensure(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.flush();
    this.buf = Buffer.allocUnsafe(Math.max(this.buf.length * 2, n));
    this.start = 0;
    this.pos = 0;
  }

  writeInt8(v: number): void {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
  }

  writeInt16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  writeInt32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  writeUInt32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  writeInt64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
  }

  writeBool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** Unsigned LEB128 varint, 0 <= v < 2^32. */
  writeUnsignedVarint(v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v))) {
      throw new ProtocolEncodeError(`unsigned varint out of range: ${v}`);
    }
    this.ensure(5);
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  // ---- strings -------------------------------------------------------------------------------

  private utf8(s: string, length: number): void {
    this.ensure(length);
    this.pos += this.buf.write(s, this.pos, length, 'utf8');
  }

  /** Classic STRING: int16 length + UTF-8. */
  writeString(s: string): void {
    const length = Buffer.byteLength(s, 'utf8');
    if (length > MAX_INT16_STRING) {
      throw new ProtocolEncodeError(`string of ${length} bytes is too long for an int16 length`);
    }
    this.writeInt16(length);
    this.utf8(s, length);
  }

  /** Classic NULLABLE_STRING: int16 length (-1 = null) + UTF-8. */
  writeNullableString(s: string | null): void {
    if (s === null) this.writeInt16(-1);
    else this.writeString(s);
  }

  /** COMPACT_STRING: uvarint(length + 1) + UTF-8. */
  writeCompactString(s: string): void {
    const length = Buffer.byteLength(s, 'utf8');
    this.writeUnsignedVarint(length + 1);
    this.utf8(s, length);
  }

  /** COMPACT_NULLABLE_STRING: uvarint(length + 1), 0 = null. */
  writeCompactNullableString(s: string | null): void {
    if (s === null) this.writeUnsignedVarint(0);
    else this.writeCompactString(s);
  }

  // ---- bytes ----------------------------------------------------------------------------------

  /** Appends raw bytes: copied when small, referenced when large. */
  writeRaw(b: Buffer): void {
    if (b.length >= LARGE_BUFFER_THRESHOLD) {
      this.flush();
      this.chunks.push(b);
      this.flushedBytes += b.length;
      return;
    }
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /** Classic BYTES: int32 length + bytes. */
  writeBytes(b: Buffer): void {
    this.writeInt32(b.length);
    this.writeRaw(b);
  }

  /** Classic NULLABLE_BYTES: int32 length (-1 = null) + bytes. */
  writeNullableBytes(b: Buffer | null): void {
    if (b === null) this.writeInt32(-1);
    else this.writeBytes(b);
  }

  /** COMPACT_BYTES: uvarint(length + 1) + bytes. */
  writeCompactBytes(b: Buffer): void {
    this.writeUnsignedVarint(b.length + 1);
    this.writeRaw(b);
  }

  /** COMPACT_NULLABLE_BYTES: uvarint(length + 1), 0 = null. */
  writeCompactNullableBytes(b: Buffer | null): void {
    if (b === null) this.writeUnsignedVarint(0);
    else this.writeCompactBytes(b);
  }

  // ---- arrays ----------------------------------------------------------------------------------

  /** Classic ARRAY count: int32, -1 = null. */
  writeArrayLength(n: number): void {
    this.writeInt32(n);
  }

  /** COMPACT_ARRAY count: uvarint(count + 1), 0 = null (pass -1 for null). */
  writeCompactArrayLength(n: number): void {
    this.writeUnsignedVarint(n + 1);
  }

  // ---- composition -----------------------------------------------------------------------------

  /** Appends everything another writer holds, by reference (used for tagged-field values). */
  writeWriter(other: Writer): void {
    for (const chunk of other.toBuffers()) this.writeRaw(chunk);
  }

  /** The output as chunks, for socket writev/cork. The writer stays usable afterwards. */
  toBuffers(): Buffer[] {
    this.flush();
    return this.chunks.slice();
  }

  /** The output as one contiguous Buffer (copies only when there is more than one chunk). */
  toBuffer(): Buffer {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    return Buffer.concat(this.chunks, this.flushedBytes);
  }
}
