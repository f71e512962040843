// Legacy message sets, magic 0 and 1 (Produce v0-v2, Fetch v0-v3 clients).
//
// Entry: offset int64, messageSize int32, crc uint32 (CRC-32 IEEE over magic..end), magic int8,
// attributes int8 (bits 0-2 codec, bit 3 LogAppendTime in v1), timestamp int64 (v1 only),
// key and value as int32-length-prefixed nullable bytes.
// A compressed set is one wrapper message whose value is the compressed inner message set. In
// v1 the inner offsets are relative (0..n-1) and the wrapper carries the absolute offset of the
// last inner message; in v0 the inner offsets are absolute.

import { crc32 } from '@node-rs/crc32';
import { compress, decompress } from '../compression';
import { CompressionType, LOG_OVERHEAD } from './batch-header';

export const LEGACY_ATTR_TIMESTAMP_TYPE_LOG_APPEND = 0x08;
/** Fixed part of an entry after offset+size: crc, magic, attributes, key length, value length. */
const MESSAGE_OVERHEAD_V0 = 4 + 1 + 1 + 4 + 4;
const MESSAGE_OVERHEAD_V1 = MESSAGE_OVERHEAD_V0 + 8;
const OFFSET_CRC = LOG_OVERHEAD;
const OFFSET_MAGIC = LOG_OVERHEAD + 4;

export interface LegacyMessage {
  offset: number;
  magic: 0 | 1;
  attributes: number;
  /** -1 for magic 0 (no timestamp). */
  timestamp: number;
  logAppendTime: boolean;
  key: Buffer | null;
  value: Buffer | null;
}

export type LegacyProblem =
  | 'corrupt' // bad CRC, bad size, cut short (CORRUPT_MESSAGE)
  | 'invalid' // well-formed but not allowed: nested compression, inner magic mismatch, bad inner offsets (INVALID_RECORD)
  | 'undecompressible'; // the wrapper's payload does not decompress (2.4.1 answers UNKNOWN_SERVER_ERROR)

export class LegacyMessageError extends Error {
  constructor(
    readonly problem: LegacyProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One entry as stored: the message (value still compressed for wrappers), its size, and its CRC
 * with whether it matches the bytes.
 */
export interface LegacyEntry {
  message: LegacyMessage;
  size: number;
  crc: number;
  crcValid: boolean;
}

/**
 * strict: the broker refuses any damage (LegacyMessageError). tolerant: kafka-dump-log shows it:
 * a CRC mismatch is only reported (crcValid), fields are not checked against the declared size,
 * and what cannot be read at all throws with the texts of Kafka's own legacy record readers.
 */
export type LegacyReadMode = 'strict' | 'tolerant';

/** Kafka's texts (LegacyRecord, ByteBufferLogInputStream) for the tolerant reader. */
const TOLERANT_TEXT = {
  tooSmall: (size: number) => `Record size ${size} is less than the minimum record overhead (${MESSAGE_OVERHEAD_V0})`,
  cutShort: 'Message is truncated',
  nullWrapper: 'Found invalid compressed record set (null value)',
};

function readNullableBytes(buf: Buffer, pos: number, end: number, mode: LegacyReadMode): [Buffer | null, number] {
  const cutShort = () => new LegacyMessageError('corrupt', mode === 'strict' ? 'message cut short' : TOLERANT_TEXT.cutShort);
  if (pos + 4 > end) throw cutShort();
  const length = buf.readInt32BE(pos);
  pos += 4;
  if (length < 0) return [null, pos];
  if (pos + length > end) throw cutShort();
  return [buf.subarray(pos, pos + length), pos + length];
}

/** Reads the entry at `p`, or null if fewer bytes than the entry remain (a partial trailing entry). */
export function readLegacyEntry(buf: Buffer, p: number, mode: LegacyReadMode = 'strict'): LegacyEntry | null {
  const strict = mode === 'strict';
  if (buf.length - p < LOG_OVERHEAD) return null;
  const messageSize = buf.readInt32BE(p + 8);
  if (messageSize < MESSAGE_OVERHEAD_V0) throw new LegacyMessageError('corrupt', strict ? `message size ${messageSize} is too small` : TOLERANT_TEXT.tooSmall(messageSize));
  const size = LOG_OVERHEAD + messageSize;
  if (buf.length - p < size) return null;
  const end = p + size;
  const magic = buf[p + OFFSET_MAGIC];
  if (magic > 1) throw new LegacyMessageError('invalid', `magic ${magic} inside a legacy message set`);
  if (strict && magic === 1 && messageSize < MESSAGE_OVERHEAD_V1) throw new LegacyMessageError('corrupt', 'message too small for magic 1');
  const crc = buf.readUInt32BE(p + OFFSET_CRC);
  const crcValid = (crc32(buf.subarray(p + OFFSET_MAGIC, end)) >>> 0) === crc;
  if (strict && !crcValid) throw new LegacyMessageError('corrupt', 'message CRC mismatch');
  const attributes = buf[p + OFFSET_MAGIC + 1];
  let pos = p + OFFSET_MAGIC + 2;
  let timestamp = -1;
  if (magic === 1) {
    if (pos + 8 > end) throw new LegacyMessageError('corrupt', TOLERANT_TEXT.cutShort);
    timestamp = Number(buf.readBigInt64BE(pos));
    pos += 8;
  }
  const [key, afterKey] = readNullableBytes(buf, pos, end, mode);
  const [value, afterValue] = readNullableBytes(buf, afterKey, end, mode);
  if (strict && afterValue !== end) throw new LegacyMessageError('corrupt', 'message size does not match its fields');
  const message: LegacyMessage = {
    offset: Number(buf.readBigInt64BE(p)),
    magic: magic as 0 | 1,
    attributes,
    timestamp,
    logAppendTime: magic === 1 && (attributes & LEGACY_ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0,
    key,
    value,
  };
  return { message, size, crc, crcValid };
}

/** Every whole entry from the start of `buf`; a partial trailing entry is ignored, as Kafka does. */
export function readLegacyEntries(buf: Buffer, mode: LegacyReadMode = 'strict'): LegacyEntry[] {
  const entries: LegacyEntry[] = [];
  for (let p = 0; ; ) {
    const entry = readLegacyEntry(buf, p, mode);
    if (!entry) return entries;
    entries.push(entry);
    p += entry.size;
  }
}

/** Shallow entries of a message set; a partial trailing entry is ignored, as Kafka does. */
export function readShallowMessages(buf: Buffer): LegacyMessage[] {
  return readLegacyEntries(buf).map((e) => e.message);
}

export const legacyCompression = (m: LegacyMessage): CompressionType => m.attributes & 0x07;

/**
 * The inner entries of a compressed wrapper, with absolute offsets (and the wrapper's time if
 * LogAppendTime). Strict refuses nested compression, mixed magics and unexpected inner offsets;
 * tolerant reads whatever is there, and a payload that does not decompress throws as is.
 */
export function expandWrapperEntries(wrapper: LegacyMessage, mode: LegacyReadMode = 'strict'): LegacyEntry[] {
  const strict = mode === 'strict';
  const codec = legacyCompression(wrapper);
  if (!wrapper.value) throw new LegacyMessageError('corrupt', strict ? 'compressed wrapper message has a null value' : TOLERANT_TEXT.nullWrapper);
  let inner: Buffer;
  try {
    inner = decompress(codec, wrapper.value, { brokenHeaderChecksum: wrapper.magic === 0 });
  } catch (e) {
    if (!strict) throw e;
    throw new LegacyMessageError('undecompressible', `cannot decompress wrapper message: ${(e as Error).message}`);
  }
  const entries = readLegacyEntries(inner, mode);
  if (strict && entries.length === 0) throw new LegacyMessageError('corrupt', 'compressed wrapper message holds no messages');
  const lastRelative = entries.length > 0 ? entries[entries.length - 1].message.offset : 0;
  entries.forEach(({ message: m }, i) => {
    if (strict && legacyCompression(m) !== CompressionType.None) throw new LegacyMessageError('invalid', 'nested compressed message');
    if (strict && m.magic !== wrapper.magic) throw new LegacyMessageError('invalid', `inner magic ${m.magic} differs from wrapper magic ${wrapper.magic}`);
    if (wrapper.magic === 1) {
      if (strict && m.offset !== i) throw new LegacyMessageError('invalid', `inner offset ${m.offset} where ${i} was expected`);
      m.offset = wrapper.offset - lastRelative + m.offset;
      if (wrapper.logAppendTime) {
        m.timestamp = wrapper.timestamp;
        m.logAppendTime = true;
      }
    }
  });
  return entries;
}

/** The inner messages of a compressed wrapper, checked (the broker's reading). */
export function expandWrapper(wrapper: LegacyMessage): LegacyMessage[] {
  return expandWrapperEntries(wrapper).map((e) => e.message);
}

/** Every message of the set with absolute offsets, compressed wrappers expanded. */
export function decodeLegacyMessageSet(buf: Buffer): LegacyMessage[] {
  const out: LegacyMessage[] = [];
  for (const m of readShallowMessages(buf)) {
    if (legacyCompression(m) === CompressionType.None) out.push(m);
    else for (const inner of expandWrapper(m)) out.push(inner);
  }
  return out;
}

// ---- encoding ----

export interface LegacyMessageInput {
  key?: Buffer | null;
  value: Buffer | null;
  /** Ignored for magic 0. */
  timestamp?: number;
}

/** Encodes one entry; `attributes` carries the codec (wrappers) and the timestamp type bit. */
export function encodeLegacyMessage(magic: 0 | 1, offset: number, attributes: number, timestamp: number, key: Buffer | null, value: Buffer | null): Buffer {
  const messageSize = (magic === 1 ? MESSAGE_OVERHEAD_V1 : MESSAGE_OVERHEAD_V0) + (key?.length ?? 0) + (value?.length ?? 0);
  const buf = Buffer.allocUnsafe(LOG_OVERHEAD + messageSize);
  buf.writeBigInt64BE(BigInt(offset), 0);
  buf.writeInt32BE(messageSize, 8);
  let pos = OFFSET_MAGIC;
  buf[pos++] = magic;
  buf[pos++] = attributes;
  if (magic === 1) {
    buf.writeBigInt64BE(BigInt(timestamp), pos);
    pos += 8;
  }
  for (const field of [key, value]) {
    buf.writeInt32BE(field ? field.length : -1, pos);
    pos += 4;
    if (field) pos += field.copy(buf, pos);
  }
  buf.writeUInt32BE(crc32(buf.subarray(OFFSET_MAGIC)) >>> 0, OFFSET_CRC);
  return buf;
}

export interface LegacySetOptions {
  magic: 0 | 1;
  compression?: CompressionType;
  /** Offset of the first message (default 0). */
  baseOffset?: number;
  logAppendTime?: boolean;
}

/**
 * Encodes messages as a legacy set: one entry per message, or one compressed wrapper
 * (v1: relative inner offsets, wrapper at the last absolute offset with the max timestamp;
 * v0: absolute inner offsets; LZ4 with the pre-KIP-57 header checksum for magic 0, as Kafka writes).
 */
export function encodeLegacyMessageSet(messages: LegacyMessageInput[], o: LegacySetOptions): Buffer {
  const base = o.baseOffset ?? 0;
  const codec = o.compression ?? CompressionType.None;
  const tsAttr = o.magic === 1 && o.logAppendTime ? LEGACY_ATTR_TIMESTAMP_TYPE_LOG_APPEND : 0;
  const timestampOf = (m: LegacyMessageInput): number => (o.magic === 1 ? (m.timestamp ?? -1) : -1);
  const plain = messages.map((m, i) =>
    encodeLegacyMessage(o.magic, codec !== CompressionType.None && o.magic === 1 ? i : base + i, tsAttr, timestampOf(m), m.key ?? null, m.value),
  );
  if (codec === CompressionType.None) return Buffer.concat(plain);
  const payload = compress(codec, Buffer.concat(plain), { brokenHeaderChecksum: o.magic === 0 });
  const wrapperTimestamp = messages.reduce((max, m) => Math.max(max, timestampOf(m)), -1);
  return encodeLegacyMessage(o.magic, base + messages.length - 1, codec | tsAttr, wrapperTimestamp, null, payload);
}
