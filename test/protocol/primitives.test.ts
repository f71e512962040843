// Reader/Writer primitives: encodings, zero-copy behaviour and bounds checks.

import { LARGE_BUFFER_THRESHOLD, ProtocolDecodeError, ProtocolEncodeError, Reader, Writer } from '../../src/protocol/primitives';
import { hex } from './helpers/hex';

describe('Writer', () => {
  test('writes big-endian integers, bool and int64 as bigint', () => {
    const w = new Writer();
    w.writeInt8(-1);
    w.writeInt16(0x1234);
    w.writeInt32(-2);
    w.writeUInt32(0xfffffffe);
    w.writeInt64(-3n);
    w.writeBool(true);
    expect(w.toBuffer().toString('hex')).toBe('ff1234fffffffefffffffefffffffffffffffd01');
    expect(w.size).toBe(20);
  });

  test.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [0xffffffff, 'ffffffff0f'],
  ])('unsigned varint %i', (value, bytes) => {
    const w = new Writer();
    w.writeUnsignedVarint(value);
    expect(w.toBuffer().toString('hex')).toBe(bytes);
    expect(new Reader(hex(bytes)).readUnsignedVarint()).toBe(value);
  });

  test('refuses out-of-range varints and overlong int16 strings', () => {
    expect(() => new Writer().writeUnsignedVarint(-1)).toThrow(ProtocolEncodeError);
    expect(() => new Writer().writeUnsignedVarint(2 ** 32)).toThrow(ProtocolEncodeError);
    expect(() => new Writer().writeString('x'.repeat(0x8000))).toThrow(ProtocolEncodeError);
  });

  test('strings are length-prefixed in UTF-8 bytes, classic and compact, with nulls', () => {
    const w = new Writer();
    w.writeString('é');
    w.writeNullableString(null);
    w.writeCompactString('é');
    w.writeCompactNullableString(null);
    expect(w.toBuffer().toString('hex')).toBe('0002c3a9' + 'ffff' + '03c3a9' + '00');
  });

  test('small byte fields are copied, large ones appended by reference', () => {
    const small = Buffer.from('0102', 'hex');
    const large = Buffer.alloc(LARGE_BUFFER_THRESHOLD, 7);
    const w = new Writer();
    w.writeBytes(small);
    w.writeCompactBytes(large);
    w.writeInt8(9);
    const chunks = w.toBuffers();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(large); // the very same object: never copied
    expect(w.size).toBe(4 + 2 + 2 + LARGE_BUFFER_THRESHOLD + 1);
    const whole = w.toBuffer();
    expect(whole.length).toBe(w.size);
    expect(whole.subarray(0, 8).toString('hex')).toBe('000000020102' + '8108'); // uvarint(1025) = 81 08
  });

  test('keeps earlier output intact while the scratch buffer grows', () => {
    const w = new Writer(16);
    for (let i = 0; i < 1000; i++) w.writeInt32(i);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 1000; i++) expect(r.readInt32()).toBe(i);
  });

  test('writeWriter splices another writer in order', () => {
    const inner = new Writer();
    inner.writeInt16(5);
    const w = new Writer();
    w.writeInt8(1);
    w.writeWriter(inner);
    w.writeInt8(2);
    expect(w.toBuffer().toString('hex')).toBe('01000502');
  });
});

describe('Reader', () => {
  test('bytes are zero-copy views of the input', () => {
    const input = hex('00000003 aabbcc', '04 ddeeff');
    const r = new Reader(input);
    const a = r.readBytes();
    const b = r.readCompactBytes();
    expect(a.buffer).toBe(input.buffer);
    expect(a.byteOffset).toBe(input.byteOffset + 4);
    expect(b.toString('hex')).toBe('ddeeff');
    expect(r.remaining).toBe(0);
  });

  test('null encodings', () => {
    const r = new Reader(hex('ffff', 'ffffffff', '00', '00', 'ffffffff', '00'));
    expect(r.readNullableString()).toBeNull();
    expect(r.readNullableBytes()).toBeNull();
    expect(r.readCompactNullableString()).toBeNull();
    expect(r.readCompactNullableBytes()).toBeNull();
    expect(r.readArrayLength(true)).toBe(-1);
    expect(r.readCompactArrayLength(true)).toBe(-1);
  });

  test('honours a window over a larger buffer', () => {
    const r = new Reader(hex('ff 0001 ff'), 1, 3);
    expect(r.readInt16()).toBe(1);
    expect(() => r.readInt8()).toThrow(ProtocolDecodeError);
  });

  test('skips whole tagged sections', () => {
    const r = new Reader(hex('02 00 01 aa 05 02 bbcc', '7f'));
    r.skipTaggedFields();
    expect(r.readInt8()).toBe(0x7f);
  });
});

describe('malformed input throws ProtocolDecodeError', () => {
  const cases: [string, Buffer, (r: Reader) => unknown][] = [
    ['truncated int16', hex('00'), (r) => r.readInt16()],
    ['truncated int32', hex('000000'), (r) => r.readInt32()],
    ['truncated int64', hex('00000000000000'), (r) => r.readInt64()],
    ['truncated string body', hex('0005 6162'), (r) => r.readString()],
    ['negative string length', hex('fffe'), (r) => r.readNullableString()],
    ['null non-nullable string', hex('ffff'), (r) => r.readString()],
    ['negative bytes length', hex('fffffffb'), (r) => r.readNullableBytes()],
    ['truncated bytes body', hex('00000004 aabb'), (r) => r.readBytes()],
    ['negative array length', hex('fffffffd'), (r) => r.readArrayLength(true)],
    ['null non-nullable array', hex('ffffffff'), (r) => r.readArrayLength()],
    ['array longer than the input', hex('7fffffff 00'), (r) => r.readArrayLength()],
    ['compact array longer than the input', hex('ffffffff07'), (r) => r.readCompactArrayLength()],
    ['truncated varint', hex('80'), (r) => r.readUnsignedVarint()],
    ['varint over 32 bits', hex('ffffffff1f'), (r) => r.readUnsignedVarint()],
    ['varint over 5 bytes', hex('8080808080 01'), (r) => r.readUnsignedVarint()],
    ['truncated compact string', hex('05 6162'), (r) => r.readCompactString()],
    ['null compact string', hex('00'), (r) => r.readCompactString()],
    ['tagged field larger than the input', hex('01 00 09 aa'), (r) => r.skipTaggedFields()],
  ];
  test.each(cases)('%s', (_name, bytes, read) => {
    expect(() => read(new Reader(bytes))).toThrow(ProtocolDecodeError);
  });
});
