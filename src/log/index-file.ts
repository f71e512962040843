// Common machinery of the offset and time indexes. Kafka memory-maps index files; Node cannot, so
// the entries live in a Buffer in the file's own big-endian layout and are written through to the
// file with positional writes. Lookups never touch the disk.
//
// Writes are coalesced (WRITE_BATCH_ENTRIES at a time, and always before a flush, trim, resize or
// close): a write per entry into the sparse preallocated file cost as much as a fifth of the
// append path. This loses nothing after a crash: the active segment is always recovered (its
// indexes rebuilt from the log), and for any segment a missing tail of a sparse index only means
// a slightly longer scan.

import * as fs from 'node:fs';
import { existsSync, readFully, unlinkIfExists, writeFully } from './fs-util';

/** Thrown by sanity checks; the segment answers by rebuilding its indexes from the log. */
/** Entries buffered before a write to the file. */
const WRITE_BATCH_ENTRIES = 128;

export class CorruptIndexError extends Error {}

export abstract class IndexFile {
  protected abstract readonly entrySize: number;
  /** Entries as stored on disk; only the first `count * entrySize` bytes are meaningful. */
  protected buf: Buffer = Buffer.alloc(0);
  protected count = 0;
  private fd: number | null = null;
  /** Entries from this slot on are in memory but not yet written to the file. */
  private unwrittenFrom = 0;
  /** Set when the file could not be loaded as-is; reported by sanityCheck(). */
  protected loadProblem: string | null = null;
  /** Current file length limit, a multiple of entrySize (shrinks to the real size when trimmed). */
  private maxSize = 0;

  constructor(
    private filePath: string,
    readonly baseOffset: number,
    /** segment.index.bytes: the size an active index is preallocated to. */
    readonly configuredMaxSize: number,
  ) {}

  get file(): string {
    return this.filePath;
  }

  get entries(): number {
    return this.count;
  }

  get maxEntries(): number {
    return Math.floor(this.maxSize / this.entrySize);
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /** Bytes the entries occupy (what the file is trimmed to). */
  get sizeInBytes(): number {
    return this.count * this.entrySize;
  }

  /**
   * Opens the file, creating it when missing. With `load`, existing entries are read (trailing
   * all-zero entries, left by preallocation, are dropped); otherwise the index starts empty, for
   * segments about to be recovered. `active` preallocates the file to segment.index.bytes.
   * Returns whether the file already existed.
   */
  open(load: boolean, active: boolean): boolean {
    const existed = existsSync(this.filePath);
    this.fd = fs.openSync(this.filePath, existed ? 'r+' : 'w+');
    this.count = 0;
    this.loadProblem = null;
    const length = existed && load ? fs.fstatSync(this.fd).size : 0;
    if (load && !existed) {
      this.loadProblem = `index file ${this.filePath} is missing`;
    } else if (length % this.entrySize !== 0) {
      this.loadProblem = `index file ${this.filePath} has size ${length}, not a multiple of ${this.entrySize}`;
    }
    if (existed && load && this.loadProblem === null) {
      this.buf = Buffer.alloc(length);
      readFully(this.fd, this.buf, 0);
      let n = length / this.entrySize;
      while (n > 0 && this.isZeroEntry(n - 1) && !(n === 1 && this.zeroFirstEntryIsValid())) n--;
      this.count = n;
      this.maxSize = Math.max(this.roundDown(length), this.sizeInBytes);
    } else {
      this.buf = Buffer.alloc(0);
      fs.ftruncateSync(this.fd, 0);
      this.maxSize = 0;
    }
    this.unwrittenFrom = this.count;
    if (active) this.resize(this.configuredMaxSize);
    else if (!load || !existed) this.resize(this.sizeInBytes);
    return existed;
  }

  /** An all-zero first entry is meaningful for the time index (timestamp 0 at the base offset). */
  protected zeroFirstEntryIsValid(): boolean {
    return false;
  }

  private isZeroEntry(slot: number): boolean {
    const start = slot * this.entrySize;
    for (let i = start; i < start + this.entrySize; i++) if (this.buf[i] !== 0) return false;
    return true;
  }

  private roundDown(size: number): number {
    return size - (size % this.entrySize);
  }

  /** Appends one encoded entry, in memory and through to the file. */
  protected appendEntry(entry: Buffer): void {
    const at = this.count * this.entrySize;
    if (at + this.entrySize > this.buf.length) {
      // Grow geometrically; the cap is only the preallocated file size, never reached in practice.
      const grown = Buffer.alloc(Math.max(64 * this.entrySize, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, at);
      this.buf = grown;
    }
    entry.copy(this.buf, at);
    this.count++;
    if (this.sizeInBytes > this.maxSize) this.maxSize = this.sizeInBytes;
    if (this.count - this.unwrittenFrom >= WRITE_BATCH_ENTRIES) this.writeOut();
  }

  /** Writes entries appended since the last write-out, in one positional write. */
  writeOut(): void {
    if (this.unwrittenFrom >= this.count || this.fd === null) return;
    const from = this.unwrittenFrom * this.entrySize;
    writeFully(this.fd, this.buf, from, from, this.sizeInBytes - from);
    this.unwrittenFrom = this.count;
  }

  /** Keeps the first `n` entries and zeroes the rest of the file so stale entries never reload. */
  protected truncateToEntries(n: number): void {
    if (n >= this.count) return;
    this.count = n;
    this.unwrittenFrom = Math.min(this.unwrittenFrom, n);
    const fd = this.requireFd();
    fs.ftruncateSync(fd, this.sizeInBytes);
    fs.ftruncateSync(fd, this.maxSize);
  }

  /** Drops every entry and preallocates afresh (used before rebuilding the index from the log). */
  reset(): void {
    this.count = 0;
    this.unwrittenFrom = 0;
    this.loadProblem = null;
    fs.ftruncateSync(this.requireFd(), 0);
    this.maxSize = 0;
    this.resize(this.configuredMaxSize);
  }

  /** Throws CorruptIndexError when the file could not be loaded. Subclasses add entry checks. */
  protected checkLoaded(): void {
    if (this.loadProblem !== null) throw new CorruptIndexError(this.loadProblem);
  }

  /** Sets the file length (sparse when growing), rounded down to whole entries, never below the entries. */
  resize(newSize: number): void {
    this.writeOut();
    const size = Math.max(this.roundDown(newSize), this.sizeInBytes);
    fs.ftruncateSync(this.requireFd(), size);
    this.maxSize = size;
  }

  /** Shrinks the file to its entries, as Kafka does when a segment stops being active or closes. */
  trimToValidSize(): void {
    this.resize(this.sizeInBytes);
  }

  flush(): void {
    this.writeOut();
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  /** fsync on the libuv thread pool, so a roll never blocks the event loop on a big flush. */
  flushAsync(): Promise<void> {
    this.writeOut();
    const fd = this.fd;
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => fs.fsync(fd, (err) => (err && err.code !== 'EBADF' ? reject(err) : resolve())));
  }

  close(): void {
    this.writeOut();
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Renames the file (the descriptor stays valid across a rename). */
  renameTo(newPath: string): void {
    if (existsSync(this.filePath)) fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  /** The file was moved with its directory. */
  relocate(newPath: string): void {
    this.filePath = newPath;
  }

  deleteFile(): void {
    this.close();
    unlinkIfExists(this.filePath);
  }

  /**
   * Largest slot whose key is <= target, or -1 when every key is larger (or there are none).
   * Keys are non-decreasing, so among equal keys the last one wins.
   */
  protected largestLowerBoundSlot(target: number, key: (slot: number) => number): number {
    if (this.count === 0 || key(0) > target) return -1;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (key(mid) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Keeps entries whose offset is below `offset`: finds the largest entry <= offset and drops it
   * too when it is exactly that offset (Kafka's three truncation cases).
   */
  protected truncateByOffset(offset: number, offsetOf: (slot: number) => number): void {
    const slot = this.largestLowerBoundSlot(offset, offsetOf);
    let keep = slot < 0 ? 0 : offsetOf(slot) === offset ? slot : slot + 1;
    while (keep > 0 && offsetOf(keep - 1) >= offset) keep--;
    this.truncateToEntries(keep);
  }

  private requireFd(): number {
    if (this.fd === null) throw new Error(`index ${this.filePath} is closed`);
    return this.fd;
  }
}
