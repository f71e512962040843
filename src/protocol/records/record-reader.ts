// A cursor over the records section of a v2 batch (DefaultRecord layout). It parses one record
// per next() into plain number fields and positions, so validation can walk every record of a
// batch without allocating anything per record; decoders slice keys/values out of `buf` only
// when they want them. Structure errors throw RecordFormatError with Kafka's wording.

export class RecordFormatError extends Error {}

export class RecordReader {
  /** Index of the current record within the batch (0-based), -1 before the first next(). */
  index = -1;
  attributes = 0;
  timestampDelta = 0;
  offsetDelta = 0;
  /** Key bytes are buf[keyStart, keyStart + keyLength); keyLength -1 means null. */
  keyStart = 0;
  keyLength = -1;
  valueStart = 0;
  valueLength = -1;
  headerCount = 0;
  /** Start of the first header; headers end at recordEnd. */
  headersStart = 0;
  recordEnd = 0;

  private pos: number;

  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    readonly count: number,
  ) {
    this.pos = start;
  }

  /** Parses the next record; false after `count` records (having checked nothing is left over). */
  next(): boolean {
    if (this.index + 1 >= this.count) {
      if (this.pos !== this.end) throw new RecordFormatError('Incorrect declared batch size, records still remaining in file');
      return false;
    }
    this.index++;
    const length = this.varint(this.end);
    if (length < 0 || this.pos + length > this.end) {
      throw new RecordFormatError('Incorrect declared batch size, premature EOF reached');
    }
    const recordEnd = this.pos + length;
    this.recordEnd = recordEnd;
    if (length === 0) throw new RecordFormatError('Found invalid record structure');
    this.attributes = this.buf[this.pos++];
    this.timestampDelta = this.varint(recordEnd);
    this.offsetDelta = this.varint(recordEnd);
    this.keyLength = this.varint(recordEnd);
    this.keyStart = this.pos;
    this.skipBytes(this.keyLength, recordEnd);
    this.valueLength = this.varint(recordEnd);
    this.valueStart = this.pos;
    this.skipBytes(this.valueLength, recordEnd);
    this.headerCount = this.varint(recordEnd);
    if (this.headerCount < 0) throw new RecordFormatError(`Found invalid number of record headers ${this.headerCount}`);
    this.headersStart = this.pos;
    for (let i = 0; i < this.headerCount; i++) {
      const keyLength = this.varint(recordEnd);
      if (keyLength < 0) throw new RecordFormatError(`Invalid negative header key size ${keyLength}`);
      this.skipBytes(keyLength, recordEnd);
      this.skipBytes(this.varint(recordEnd), recordEnd);
    }
    if (this.pos !== recordEnd) {
      throw new RecordFormatError(`Invalid record size: expected to read ${length} bytes in record payload, but instead read ${length - (recordEnd - this.pos)}`);
    }
    return true;
  }

  key(): Buffer | null {
    return this.keyLength < 0 ? null : this.buf.subarray(this.keyStart, this.keyStart + this.keyLength);
  }

  value(): Buffer | null {
    return this.valueLength < 0 ? null : this.buf.subarray(this.valueStart, this.valueStart + this.valueLength);
  }

  /** Decodes the current record's headers (allocates; not for the validation path). */
  headers(): Array<{ key: string; value: Buffer | null }> {
    const saved = this.pos;
    this.pos = this.headersStart;
    const headers: Array<{ key: string; value: Buffer | null }> = [];
    for (let i = 0; i < this.headerCount; i++) {
      const keyLength = this.varint(this.recordEnd);
      const key = this.buf.toString('utf8', this.pos, this.pos + keyLength);
      this.pos += keyLength;
      const valueLength = this.varint(this.recordEnd);
      headers.push({ key, value: valueLength < 0 ? null : this.buf.subarray(this.pos, this.pos + valueLength) });
      if (valueLength > 0) this.pos += valueLength;
    }
    this.pos = saved;
    return headers;
  }

  private skipBytes(length: number, limit: number): void {
    if (length <= 0) return; // -1 is null, 0 is empty
    if (this.pos + length > limit) throw new RecordFormatError('Found invalid record structure');
    this.pos += length;
  }

  /**
   * Zig-zag varint/varlong at pos, advancing pos; kept here so the hot loop allocates nothing.
   * One- and two-byte values (nearly every field of a typical record) take an integer fast path.
   */
  private varint(limit: number): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos + 1 < limit) {
      const b0 = buf[pos];
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return (b0 >>> 1) ^ -(b0 & 1);
      }
      const b1 = buf[pos + 1];
      if (b1 < 0x80) {
        this.pos = pos + 2;
        const raw = (b0 & 0x7f) | (b1 << 7);
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    return this.longVarint(limit);
  }

  /** General case, up to 10 bytes (varlong), in float arithmetic so 64-bit-range deltas stay exact up to 2^53. */
  private longVarint(limit: number): number {
    let raw = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= limit) throw new RecordFormatError('Found invalid record structure');
      const byte = this.buf[this.pos++];
      raw += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      multiplier *= 128;
    }
    throw new RecordFormatError('Found invalid record structure');
  }
}
