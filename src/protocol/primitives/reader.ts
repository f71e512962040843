// Bounds-checked reader for Kafka's wire primitives (classic and KIP-482 compact forms).
//
// Every read checks the remaining length first and throws ProtocolDecodeError, so a malformed
// frame can never make us read past the frame or allocate an absurd array. Byte fields are
// returned as zero-copy views (subarray) of the input: record batches can be megabytes and are
// kept opaque, so copying them here would double the produce path's memory traffic.

import { ProtocolDecodeError } from './errors';

export class Reader {
  /** Current read offset into `buffer`. */
  position: number;
  /** Offset one past the last readable byte. */
  readonly end: number;

  constructor(
    readonly buffer: Buffer,
    offset = 0,
    end = buffer.length,
  ) {
    if (offset < 0 || end > buffer.length || offset > end) {
      throw new RangeError(`invalid reader window [${offset}, ${end}) over ${buffer.length} bytes`);
    }
    this.position = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  /** Builds a decode error that says where in the input it happened. */
  error(message: string): ProtocolDecodeError {
    return new ProtocolDecodeError(`${message} (at offset ${this.position})`);
  }

  private need(n: number, what: string): void {
    if (this.end - this.position < n) {
      throw this.error(`truncated input: ${what} needs ${n} bytes, ${this.end - this.position} left`);
    }
  }

  skip(n: number): void {
    if (n < 0) throw this.error(`cannot skip ${n} bytes`);
    this.need(n, 'skip');
    this.position += n;
  }

  readInt8(): number {
    this.need(1, 'int8');
    return this.buffer.readInt8(this.position++);
  }

  readInt16(): number {
    this.need(2, 'int16');
    const v = this.buffer.readInt16BE(this.position);
    this.position += 2;
    return v;
  }

  readInt32(): number {
    this.need(4, 'int32');
    const v = this.buffer.readInt32BE(this.position);
    this.position += 4;
    return v;
  }

  readUInt32(): number {
    this.need(4, 'uint32');
    const v = this.buffer.readUInt32BE(this.position);
    this.position += 4;
    return v;
  }

  readInt64(): bigint {
    this.need(8, 'int64');
    const v = this.buffer.readBigInt64BE(this.position);
    this.position += 8;
    return v;
  }

  /** Kafka treats any non-zero byte as true. */
  readBool(): boolean {
    this.need(1, 'bool');
    return this.buffer[this.position++] !== 0;
  }

  /** Unsigned LEB128 varint of at most 32 bits (5 bytes). */
  readUnsignedVarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (this.position >= this.end) throw this.error('truncated input: unsigned varint');
      const b = this.buffer[this.position++];
      if (i === 4 && b > 0x0f) throw this.error('unsigned varint does not fit in 32 bits');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw this.error('unsigned varint longer than 5 bytes');
  }

  // ---- strings -------------------------------------------------------------------------------

  private utf8(length: number): string {
    this.need(length, 'string');
    const s = this.buffer.toString('utf8', this.position, this.position + length);
    this.position += length;
    return s;
  }

  /** Classic STRING: int16 length; a null (-1) is an error. */
  readString(): string {
    const s = this.readNullableString();
    if (s === null) throw this.error('non-nullable string was null');
    return s;
  }

  /** Classic NULLABLE_STRING: int16 length, -1 = null. */
  readNullableString(): string | null {
    const length = this.readInt16();
    if (length === -1) return null;
    if (length < 0) throw this.error(`invalid string length ${length}`);
    return this.utf8(length);
  }

  /** COMPACT_STRING: uvarint(length + 1); 0 (null) is an error. */
  readCompactString(): string {
    const s = this.readCompactNullableString();
    if (s === null) throw this.error('non-nullable compact string was null');
    return s;
  }

  /** COMPACT_NULLABLE_STRING: uvarint(length + 1), 0 = null. */
  readCompactNullableString(): string | null {
    const n = this.readUnsignedVarint();
    if (n === 0) return null;
    return this.utf8(n - 1);
  }

  // ---- bytes (zero-copy) -----------------------------------------------------------------------

  private view(length: number): Buffer {
    this.need(length, 'bytes');
    const b = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return b;
  }

  /** Classic BYTES: int32 length; null (-1) is an error. Returns a view of the input. */
  readBytes(): Buffer {
    const b = this.readNullableBytes();
    if (b === null) throw this.error('non-nullable bytes were null');
    return b;
  }

  /** Classic NULLABLE_BYTES: int32 length, -1 = null. Returns a view of the input. */
  readNullableBytes(): Buffer | null {
    const length = this.readInt32();
    if (length === -1) return null;
    if (length < 0) throw this.error(`invalid bytes length ${length}`);
    return this.view(length);
  }

  /** COMPACT_BYTES: uvarint(length + 1); 0 (null) is an error. */
  readCompactBytes(): Buffer {
    const b = this.readCompactNullableBytes();
    if (b === null) throw this.error('non-nullable compact bytes were null');
    return b;
  }

  /** COMPACT_NULLABLE_BYTES: uvarint(length + 1), 0 = null. */
  readCompactNullableBytes(): Buffer | null {
    const n = this.readUnsignedVarint();
    if (n === 0) return null;
    return this.view(n - 1);
  }

  // ---- arrays ----------------------------------------------------------------------------------

  /**
   * Classic ARRAY count: int32, -1 = null (returned as -1; rejected unless `nullable`).
   * A count larger than the remaining bytes cannot be genuine (every element takes at least one
   * byte), so it is rejected before anyone allocates for it.
   */
  readArrayLength(nullable = false): number {
    const n = this.readInt32();
    return this.checkArrayLength(n, nullable);
  }

  /** COMPACT_ARRAY count: uvarint(count + 1), 0 = null (returned as -1). */
  readCompactArrayLength(nullable = false): number {
    const n = this.readUnsignedVarint() - 1;
    return this.checkArrayLength(n, nullable);
  }

  private checkArrayLength(n: number, nullable: boolean): number {
    if (n === -1) {
      if (!nullable) throw this.error('non-nullable array was null');
      return -1;
    }
    if (n < 0) throw this.error(`invalid array length ${n}`);
    if (n > this.end - this.position) {
      throw this.error(`array length ${n} exceeds the ${this.end - this.position} bytes left`);
    }
    return n;
  }

  // ---- tagged fields ---------------------------------------------------------------------------

  /** Skips a whole tagged-field section (for structs that define no tagged fields). */
  skipTaggedFields(): void {
    const count = this.readUnsignedVarint();
    for (let i = 0; i < count; i++) {
      this.readUnsignedVarint(); // tag
      this.skip(this.readUnsignedVarint());
    }
  }

  /** Reads a tagged field's size and returns the offset where its value must end. */
  beginTaggedField(): number {
    const size = this.readUnsignedVarint();
    this.need(size, 'tagged field');
    return this.position + size;
  }

  /**
   * Called after a known tagged field's value was read: the value must end exactly where its
   * size said. Reading less would silently misalign everything that follows.
   */
  endTaggedField(tag: number, end: number): void {
    if (this.position !== end) {
      throw this.error(`tagged field ${tag} size mismatch: value ended at ${this.position}, size says ${end}`);
    }
  }
}
