// `<offset>.snapshot`: the producer state of a partition as of an offset, in Kafka 2.4's format so
// Kafka's tools read ours and ours read Kafka's. Layout (big-endian): int16 version (1), uint32
// CRC-32C of everything after the CRC field, int32 entry count, then 46-byte entries: int64
// producer id, int16 epoch, int32 last sequence, int64 last offset, int32 offset delta, int64
// timestamp, int32 coordinator epoch, int64 first offset of the ongoing transaction (-1 if none).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { readInt64AsNumber, writeInt64FromNumber } from '../protocol/records/batch-header';
import { filenamePrefixFromOffset, offsetFromFileName, SNAPSHOT_SUFFIX } from './file-names';

export const PRODUCER_SNAPSHOT_VERSION = 1;
const CRC_OFFSET = 2;
const ENTRIES_OFFSET = 6;
export const SNAPSHOT_ENTRY_SIZE = 46;

/** One producer's row in a snapshot (Kafka writes only the last batch's metadata). */
export interface SnapshotEntry {
  producerId: number;
  producerEpoch: number;
  /** -1 when the producer has written only transaction markers. */
  lastSequence: number;
  /** -1 likewise. */
  lastOffset: number;
  offsetDelta: number;
  timestamp: number;
  coordinatorEpoch: number;
  /** -1 when no transaction is open. */
  currentTxnFirstOffset: number;
}

/** A snapshot that cannot be trusted: the loader deletes it and falls back to an older one. */
export class CorruptSnapshotError extends Error {
  override readonly name = 'CorruptSnapshotError';
}

export const producerSnapshotFileName = (offset: number): string => filenamePrefixFromOffset(offset) + SNAPSHOT_SUFFIX;

export function encodeProducerSnapshot(entries: readonly SnapshotEntry[]): Buffer {
  const buf = Buffer.alloc(ENTRIES_OFFSET + 4 + entries.length * SNAPSHOT_ENTRY_SIZE);
  buf.writeInt16BE(PRODUCER_SNAPSHOT_VERSION, 0);
  buf.writeInt32BE(entries.length, ENTRIES_OFFSET);
  let p = ENTRIES_OFFSET + 4;
  for (const e of entries) {
    writeInt64FromNumber(buf, p, e.producerId);
    buf.writeInt16BE(e.producerEpoch, p + 8);
    buf.writeInt32BE(e.lastSequence, p + 10);
    writeInt64FromNumber(buf, p + 14, e.lastOffset);
    buf.writeInt32BE(e.offsetDelta, p + 22);
    writeInt64FromNumber(buf, p + 26, e.timestamp);
    buf.writeInt32BE(e.coordinatorEpoch, p + 34);
    writeInt64FromNumber(buf, p + 38, e.currentTxnFirstOffset);
    p += SNAPSHOT_ENTRY_SIZE;
  }
  buf.writeUInt32BE(crc32c(buf.subarray(ENTRIES_OFFSET)) >>> 0, CRC_OFFSET);
  return buf;
}

export function decodeProducerSnapshot(buf: Buffer): SnapshotEntry[] {
  if (buf.length < ENTRIES_OFFSET + 4) throw new CorruptSnapshotError(`Snapshot failed schema validation: only ${buf.length} bytes`);
  const version = buf.readInt16BE(0);
  if (version !== PRODUCER_SNAPSHOT_VERSION) throw new CorruptSnapshotError(`Snapshot contained an unknown file version ${version}`);
  const stored = buf.readUInt32BE(CRC_OFFSET);
  const computed = crc32c(buf.subarray(ENTRIES_OFFSET)) >>> 0;
  if (stored !== computed) {
    throw new CorruptSnapshotError(`Snapshot is corrupt (CRC is no longer valid). Stored crc: ${stored}. Computed crc: ${computed}`);
  }
  const count = buf.readInt32BE(ENTRIES_OFFSET);
  if (count < 0 || buf.length < ENTRIES_OFFSET + 4 + count * SNAPSHOT_ENTRY_SIZE) {
    throw new CorruptSnapshotError(`Snapshot failed schema validation: ${count} entries do not fit in ${buf.length} bytes`);
  }
  const entries: SnapshotEntry[] = [];
  for (let i = 0, p = ENTRIES_OFFSET + 4; i < count; i++, p += SNAPSHOT_ENTRY_SIZE) {
    entries.push({
      producerId: readInt64AsNumber(buf, p),
      producerEpoch: buf.readInt16BE(p + 8),
      lastSequence: buf.readInt32BE(p + 10),
      lastOffset: readInt64AsNumber(buf, p + 14),
      offsetDelta: buf.readInt32BE(p + 22),
      timestamp: readInt64AsNumber(buf, p + 26),
      coordinatorEpoch: buf.readInt32BE(p + 34),
      currentTxnFirstOffset: readInt64AsNumber(buf, p + 38),
    });
  }
  return entries;
}

export function readProducerSnapshot(file: string): SnapshotEntry[] {
  return decodeProducerSnapshot(fs.readFileSync(file));
}

/** Writes the snapshot for `offset` in `dir` (Kafka does not fsync it either; a torn one fails its CRC). */
export function writeProducerSnapshot(dir: string, offset: number, entries: readonly SnapshotEntry[]): string {
  const file = path.join(dir, producerSnapshotFileName(offset));
  fs.writeFileSync(file, encodeProducerSnapshot(entries));
  return file;
}

/** The offsets of the `.snapshot` files in `dir`, ascending. */
export function listProducerSnapshotOffsets(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const offsets: number[] = [];
  for (const name of names) {
    if (!name.endsWith(SNAPSHOT_SUFFIX)) continue;
    const offset = offsetFromFileName(name);
    if (offset !== null) offsets.push(offset);
  }
  return offsets.sort((a, b) => a - b);
}

/** Deletes the snapshots in `dir` whose offset satisfies `predicate`. */
export function deleteProducerSnapshots(dir: string, predicate: (offset: number) => boolean): void {
  for (const offset of listProducerSnapshotOffsets(dir)) {
    if (predicate(offset)) fs.rmSync(path.join(dir, producerSnapshotFileName(offset)), { force: true });
  }
}
