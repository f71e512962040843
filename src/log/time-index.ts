// The time index (`.timeindex`): 12-byte entries of (timestamp: int64, offset - baseOffset: int32),
// appended when the segment's max timestamp grows. An entry (t, o) means every record before
// offset o's batch has a timestamp < t's successor, so a search for timestamp T can start at the
// offset of the largest entry with timestamp <= T.

import { readInt64AsNumber, writeInt64FromNumber } from '../protocol/records/batch-header';
import { CorruptIndexError, IndexFile } from './index-file';

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

/** RecordBatch.NO_TIMESTAMP */
export const NO_TIMESTAMP = -1;

export const TIME_INDEX_ENTRY_SIZE = 12;

/** Entry `slot` of a time index's bytes, as stored (also read by kafka-dump-log). */
export function timeIndexEntryAt(bytes: Buffer, slot: number, baseOffset: number): TimestampOffset {
  const at = slot * TIME_INDEX_ENTRY_SIZE;
  return { timestamp: readInt64AsNumber(bytes, at), offset: baseOffset + bytes.readInt32BE(at + 8) };
}

export class TimeIndex extends IndexFile {
  protected readonly entrySize = TIME_INDEX_ENTRY_SIZE;
  private readonly scratch = Buffer.alloc(12);

  protected override zeroFirstEntryIsValid(): boolean {
    return true;
  }

  private timestampAt = (slot: number): number => readInt64AsNumber(this.buf, slot * 12);
  private offsetAt = (slot: number): number => this.baseOffset + this.buf.readInt32BE(slot * 12 + 8);

  entry(slot: number): TimestampOffset {
    if (slot < 0 || slot >= this.count) throw new RangeError(`slot ${slot} out of range [0, ${this.count})`);
    return timeIndexEntryAt(this.buf, slot, this.baseOffset);
  }

  /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
  get lastEntry(): TimestampOffset {
    return this.count === 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(this.count - 1);
  }

  /**
   * Appends (timestamp, offset) if the timestamp is larger than the last entry's; an equal
   * timestamp is ignored because closing or rolling a segment re-offers the last entry.
   */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    if (!skipFullCheck && this.isFull()) throw new Error(`attempt to append to a full time index ${this.file}`);
    const last = this.lastEntry;
    if (this.count > 0 && offset < last.offset) {
      throw new Error(`attempt to append offset ${offset} to time index ${this.file} below the last offset ${last.offset}`);
    }
    if (this.count > 0 && timestamp < last.timestamp) {
      throw new Error(`attempt to append timestamp ${timestamp} to time index ${this.file} below the last timestamp ${last.timestamp}`);
    }
    if (timestamp <= last.timestamp) return;
    writeInt64FromNumber(this.scratch, 0, timestamp);
    this.scratch.writeInt32BE(offset - this.baseOffset, 8);
    this.appendEntry(this.scratch);
  }

  /** Largest entry with timestamp <= target; (NO_TIMESTAMP, baseOffset) when there is none. */
  lookup(targetTimestamp: number): TimestampOffset {
    const slot = this.largestLowerBoundSlot(targetTimestamp, this.timestampAt);
    return slot < 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(slot);
  }

  /** Removes entries with offset >= `offset`. */
  truncateTo(offset: number): void {
    this.truncateByOffset(offset, this.offsetAt);
  }

  /** Timestamps strictly increase, offsets never decrease and stay within the segment. */
  sanityCheck(): void {
    this.checkLoaded();
    let prevTs = -Infinity;
    let prevOffset = this.baseOffset;
    for (let slot = 0; slot < this.count; slot++) {
      const ts = this.timestampAt(slot);
      const rel = this.buf.readInt32BE(slot * 12 + 8);
      const offset = this.baseOffset + rel;
      if (ts <= prevTs || ts < 0 || rel < 0 || offset < prevOffset) {
        throw new CorruptIndexError(`corrupt time index ${this.file}: entry ${slot} is (${ts}, ${offset}) after (${prevTs}, ${prevOffset})`);
      }
      prevTs = ts;
      prevOffset = offset;
    }
  }
}
