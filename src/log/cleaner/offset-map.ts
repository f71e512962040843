// The cleaner's key -> latest offset map (Kafka's SkimpyOffsetMap): an open-addressing hash table
// in one flat buffer, storing for each key only a digest of it (MD5 by default, as in Kafka) and
// the offset. Keys are never stored, so memory per entry is fixed (digest + 8 bytes) and the
// number of entries is bounded by log.cleaner.dedupe.buffer.size. There are no deletes.
//
// Probing follows Kafka: the i-th probe reads a 4-byte integer from the digest at byte i (so the
// first few probes are independent hash values), then degrades to linear probing.
//
// Unlike Kafka, the buffer is not allocated and zeroed at its full configured size up front: a
// pass over a dirty range of N offsets can hold at most N keys, so `reset(maxEntriesNeeded)`
// sizes the table to what the pass could ever use (never more than the configured memory). The
// map fills at the same point Kafka's would, and a broker with a few small compacted partitions
// does not pin 128 MB.

import * as crypto from 'node:crypto';

const OFFSET_BYTES = 8;

/** crypto.hash (Node >= 20.12) hashes in one call; older Nodes go through createHash. */
const oneShotHash = (crypto as unknown as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;

/** Kafka's algorithm names (MessageDigest) mapped to Node's. */
function nodeAlgorithm(name: string): string {
  const normalized = name.toLowerCase().replace(/^sha-/, 'sha');
  if (!crypto.getHashes().includes(normalized)) throw new Error(`unknown hash algorithm ${name}`);
  return normalized;
}

/** Java's Utils.abs: Math.abs except that Integer.MIN_VALUE maps to 0. */
const utilsAbs = (n: number): number => (n === -0x80000000 ? 0 : Math.abs(n));

export class SkimpyOffsetMap {
  private readonly algorithm: string;
  readonly hashSize: number;
  /** Bytes per entry: the digest plus an 8-byte offset. */
  readonly bytesPerEntry: number;
  /** Entries the configured memory allows (Kafka's slots). */
  readonly maxSlots: number;
  private buffer: Buffer = Buffer.alloc(0);
  private _slots = 0;
  private entries = 0;
  private lastOffset = -1;
  private lookups = 0;
  private probes = 0;

  constructor(
    readonly memory: number,
    hashAlgorithm = 'MD5',
  ) {
    this.algorithm = nodeAlgorithm(hashAlgorithm);
    this.hashSize = crypto.createHash(this.algorithm).digest().length;
    if (this.hashSize % 4 !== 0 || this.hashSize < 4) throw new Error(`hash algorithm ${hashAlgorithm} has an unusable digest size ${this.hashSize}`);
    this.bytesPerEntry = this.hashSize + OFFSET_BYTES;
    this.maxSlots = Math.floor(memory / this.bytesPerEntry);
    this._slots = this.maxSlots;
  }

  /** Slots of the table for the current pass (at most maxSlots). */
  get slots(): number {
    return this._slots;
  }

  /** Entries put so far (a key put twice counts once). */
  get size(): number {
    return this.entries;
  }

  get utilization(): number {
    return this._slots === 0 ? 0 : this.entries / this._slots;
  }

  /** The latest offset put (or set by updateLatestOffset), -1 after a reset. */
  get latestOffset(): number {
    return this.lastOffset;
  }

  get collisionRate(): number {
    return this.lookups === 0 ? 0 : (this.probes - this.lookups) / this.lookups;
  }

  /**
   * Empties the map for a new pass (Kafka's clear). `maxEntriesNeeded`, an upper bound on the keys
   * the pass can put, lets the table be smaller than the configured memory; the load factor the
   * cleaner stops at is applied to it the same way, so the map fills exactly when Kafka's would.
   */
  reset(maxEntriesNeeded = Infinity, loadFactor = 1): void {
    const wanted = Math.ceil(maxEntriesNeeded / loadFactor) + 1;
    this._slots = Math.max(1, Math.min(this.maxSlots, wanted));
    const bytes = this._slots * this.bytesPerEntry;
    if (this.buffer.length < bytes) this.buffer = Buffer.alloc(bytes);
    else this.buffer.fill(0, 0, bytes);
    this.entries = 0;
    this.lookups = 0;
    this.probes = 0;
    this.lastOffset = -1;
  }

  private digest(key: Buffer): Buffer {
    return oneShotHash !== undefined ? oneShotHash(this.algorithm, key, 'buffer') : crypto.createHash(this.algorithm).update(key).digest();
  }

  private positionOf(hash: Buffer, attempt: number): number {
    const probe = (hash.readInt32BE(Math.min(attempt, this.hashSize - 4)) + Math.max(0, attempt - this.hashSize + 4)) | 0;
    this.probes++;
    return (utilsAbs(probe) % this._slots) * this.bytesPerEntry;
  }

  private isEmpty(pos: number): boolean {
    const b = this.buffer;
    // Whole 4-byte words: a slot is all zeros until written (entries are a multiple of 4 bytes).
    for (let i = pos; i < pos + this.bytesPerEntry; i += 4) if (b.readInt32LE(i) !== 0) return false;
    return true;
  }

  /** Whether the slot at `pos` holds `hash` (word by word: cheaper than Buffer.compare for 16 bytes). */
  private hashAt(hash: Buffer, pos: number): boolean {
    const b = this.buffer;
    for (let i = 0; i < this.hashSize; i += 4) if (b.readInt32LE(pos + i) !== hash.readInt32LE(i)) return false;
    return true;
  }

  /** Associates `offset` with `key`, replacing an earlier offset of the same key. */
  put(key: Buffer, offset: number): void {
    if (this.entries >= this._slots) throw new Error('Attempt to add a new entry to a full offset map.');
    if (this.buffer.length === 0) this.reset();
    this.lookups++;
    const hash = this.digest(key);
    let attempt = 0;
    let pos = this.positionOf(hash, attempt);
    while (!this.isEmpty(pos)) {
      if (this.hashAt(hash, pos)) {
        this.buffer.writeDoubleBE(offset, pos + this.hashSize);
        this.lastOffset = offset;
        return;
      }
      attempt++;
      pos = this.positionOf(hash, attempt);
    }
    hash.copy(this.buffer, pos);
    this.buffer.writeDoubleBE(offset, pos + this.hashSize);
    this.lastOffset = offset;
    this.entries++;
  }

  /** The offset stored for `key`, or -1. */
  get(key: Buffer): number {
    if (this.buffer.length === 0) return -1;
    this.lookups++;
    const hash = this.digest(key);
    // A full table makes the probe sequence cycle: stop once every slot could have been seen.
    const maxAttempts = this._slots + this.hashSize - 4;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const pos = this.positionOf(hash, attempt);
      if (this.isEmpty(pos)) return -1;
      if (this.hashAt(hash, pos)) return this.buffer.readDoubleBE(pos + this.hashSize);
    }
    return -1;
  }

  /** Moves the latest offset on without a key (batches without keys, offset gaps). */
  updateLatestOffset(offset: number): void {
    this.lastOffset = offset;
  }
}
