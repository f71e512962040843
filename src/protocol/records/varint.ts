// Zig-zag signed varints as used inside v2 records (protobuf sint32/sint64 style).
// Not to be confused with the unsigned varints of flexible protocol versions.
// Values are JS numbers: record fields (lengths, deltas) fit easily in 53 bits.

export function zigzagSize(value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** Writes `value` at `pos` and returns the position after it. */
export function writeZigzag(buf: Buffer, pos: number, value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 0x80) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

export class VarintError extends Error {}

/** Reads a zig-zag varint at `pos`; returns [value, nextPos]. Throws VarintError past `end`. */
export function readZigzag(buf: Buffer, pos: number, end = buf.length): [number, number] {
  let raw = 0;
  let multiplier = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new VarintError('varint runs past the end of its buffer');
    const byte = buf[pos++];
    raw += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) {
      const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      return [value, pos];
    }
    multiplier *= 128;
  }
  throw new VarintError('varint longer than 10 bytes');
}
