// The sparse offset index (`.index`): 8-byte entries of (offset - baseOffset: int32,
// byte position in the .log: int32), one every index.interval.bytes of appended data.
// An entry (o, p) means: the batch starting at byte p ends at offset o, so a reader looking for
// offset t starts scanning at the position of the largest entry <= t.

import { CorruptIndexError, IndexFile } from './index-file';

export interface OffsetPosition {
  offset: number;
  position: number;
}

export const OFFSET_INDEX_ENTRY_SIZE = 8;

/** Entry `slot` of an offset index's bytes, as stored (also read by kafka-dump-log). */
export function offsetIndexEntryAt(bytes: Buffer, slot: number, baseOffset: number): OffsetPosition {
  return { offset: baseOffset + bytes.readInt32BE(slot * OFFSET_INDEX_ENTRY_SIZE), position: bytes.readInt32BE(slot * OFFSET_INDEX_ENTRY_SIZE + 4) };
}

export class OffsetIndex extends IndexFile {
  protected readonly entrySize = OFFSET_INDEX_ENTRY_SIZE;
  private readonly scratch = Buffer.alloc(8);

  private relativeOffset(slot: number): number {
    return this.buf.readInt32BE(slot * 8);
  }

  private positionAt(slot: number): number {
    return this.buf.readInt32BE(slot * 8 + 4);
  }

  private offsetAt = (slot: number): number => this.baseOffset + this.relativeOffset(slot);

  /** Offset of the last entry, or the base offset when empty. */
  get lastOffset(): number {
    return this.count === 0 ? this.baseOffset : this.offsetAt(this.count - 1);
  }

  entry(slot: number): OffsetPosition {
    if (slot < 0 || slot >= this.count) throw new RangeError(`slot ${slot} out of range [0, ${this.count})`);
    return offsetIndexEntryAt(this.buf, slot, this.baseOffset);
  }

  append(offset: number, position: number): void {
    if (this.count > 0 && offset <= this.lastOffset) {
      throw new Error(`attempt to append offset ${offset} to index ${this.file} no larger than the last offset ${this.lastOffset}`);
    }
    const relative = offset - this.baseOffset;
    if (relative < 0 || relative > 0x7fffffff) throw new RangeError(`offset ${offset} does not fit segment ${this.baseOffset}`);
    this.scratch.writeInt32BE(relative, 0);
    this.scratch.writeInt32BE(position, 4);
    this.appendEntry(this.scratch);
  }

  /** Largest entry with offset <= target; (baseOffset, 0) when there is none. */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestLowerBoundSlot(targetOffset, this.offsetAt);
    return slot < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(slot);
  }

  /** Removes entries with offset >= `offset`. */
  truncateTo(offset: number): void {
    this.truncateByOffset(offset, this.offsetAt);
  }

  /**
   * Entries must be strictly increasing in offset and position and point inside the log.
   * Cheap (memory only); the segment also checks the last entry against the log itself.
   */
  sanityCheck(logSize: number): void {
    this.checkLoaded();
    let prevRel = -1;
    let prevPos = -1;
    for (let slot = 0; slot < this.count; slot++) {
      const rel = this.relativeOffset(slot);
      const pos = this.positionAt(slot);
      if (rel <= prevRel || pos <= prevPos || pos >= logSize) {
        throw new CorruptIndexError(
          `corrupt offset index ${this.file}: entry ${slot} is (${rel}, ${pos}) after (${prevRel}, ${prevPos}), log size ${logSize}`,
        );
      }
      prevRel = rel;
      prevPos = pos;
    }
  }
}
