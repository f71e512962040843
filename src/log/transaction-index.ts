// `<base>.txnindex`: the aborted transactions whose ABORT marker is in a segment, in Kafka 2.4's
// format. Each entry is 34 bytes, big-endian: int16 version (0), int64 producer id, int64 first
// offset, int64 last offset (the marker's), int64 last stable offset when the marker was written.
// Like Kafka, the file is created only when a segment sees its first abort, so most segments have
// none. The entries are few, so they are kept in memory too and searched there.

import * as fs from 'node:fs';
import { readInt64AsNumber, writeInt64FromNumber } from '../protocol/records/batch-header';
import { CorruptIndexError } from './index-file';

export const ABORTED_TXN_SIZE = 34;
const ABORTED_TXN_VERSION = 0;

/** One aborted transaction (Kafka's AbortedTxn). */
export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

export interface TxnIndexSearchResult {
  abortedTransactions: AbortedTxn[];
  /** An entry's last stable offset reached the upper bound: later segments cannot add any. */
  isComplete: boolean;
}

export function encodeAbortedTxn(txn: AbortedTxn): Buffer {
  const buf = Buffer.alloc(ABORTED_TXN_SIZE);
  buf.writeInt16BE(ABORTED_TXN_VERSION, 0);
  writeInt64FromNumber(buf, 2, txn.producerId);
  writeInt64FromNumber(buf, 10, txn.firstOffset);
  writeInt64FromNumber(buf, 18, txn.lastOffset);
  writeInt64FromNumber(buf, 26, txn.lastStableOffset);
  return buf;
}

/** The whole entries in `buf` (a torn trailing entry is ignored, as Kafka's iterator does). */
export function decodeAbortedTxns(buf: Buffer, file = 'transaction index'): AbortedTxn[] {
  const entries: AbortedTxn[] = [];
  for (let p = 0; p + ABORTED_TXN_SIZE <= buf.length; p += ABORTED_TXN_SIZE) {
    const version = buf.readInt16BE(p);
    if (version > ABORTED_TXN_VERSION) {
      throw new CorruptIndexError(`Unexpected aborted transaction version ${version} in transaction index ${file}, current version is ${ABORTED_TXN_VERSION}`);
    }
    entries.push({
      producerId: readInt64AsNumber(buf, p + 2),
      firstOffset: readInt64AsNumber(buf, p + 10),
      lastOffset: readInt64AsNumber(buf, p + 18),
      lastStableOffset: readInt64AsNumber(buf, p + 26),
    });
  }
  return entries;
}

export class TransactionIndex {
  private fd: number | null = null;
  private entries: AbortedTxn[] = [];

  constructor(
    readonly startOffset: number,
    private _file: string,
  ) {
    if (fs.existsSync(_file)) {
      this.openFile();
      this.entries = decodeAbortedTxns(fs.readFileSync(_file), _file);
    }
  }

  get file(): string {
    return this._file;
  }

  get allAbortedTxns(): readonly AbortedTxn[] {
    return this.entries;
  }

  append(txn: AbortedTxn): void {
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined && last.lastOffset >= txn.lastOffset) {
      throw new Error(
        `The last offset of appended transactions must increase sequentially, but ${txn.lastOffset} is not greater than current last offset ${last.lastOffset} of index ${this._file}`,
      );
    }
    fs.writeSync(this.openFile(), encodeAbortedTxn(txn), 0, ABORTED_TXN_SIZE, this.entries.length * ABORTED_TXN_SIZE);
    this.entries.push(txn);
  }

  /** The aborted transactions overlapping [fetchOffset, upperBoundOffset) (Kafka's collectAbortedTxns). */
  collectAbortedTxns(fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
    const found: AbortedTxn[] = [];
    for (const txn of this.entries) {
      if (txn.lastOffset >= fetchOffset && txn.firstOffset < upperBoundOffset) found.push(txn);
      if (txn.lastStableOffset >= upperBoundOffset) return { abortedTransactions: found, isComplete: true };
    }
    return { abortedTransactions: found, isComplete: false };
  }

  /** Drops the entries whose marker is at or after `offset`. */
  truncateTo(offset: number): void {
    const keep = this.entries.findIndex((txn) => txn.lastOffset >= offset);
    if (keep < 0) return;
    this.entries = this.entries.slice(0, keep);
    if (this.fd !== null) fs.ftruncateSync(this.fd, keep * ABORTED_TXN_SIZE);
  }

  /** Empties the index (before a segment is recovered and the index rebuilt). */
  reset(): void {
    this.entries = [];
    if (this.fd !== null) fs.ftruncateSync(this.fd, 0);
  }

  sanityCheck(): void {
    for (const txn of this.entries) {
      if (txn.lastOffset < this.startOffset) {
        throw new CorruptIndexError(`Last offset of aborted transaction ${JSON.stringify(txn)} in index ${this._file} is less than start offset ${this.startOffset}`);
      }
    }
  }

  flush(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  /** fsync off the event loop, like the other index files' (a no-op while there is no file). */
  flushAsync(): Promise<void> {
    const fd = this.fd;
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => fs.fsync(fd, (err) => (err && err.code !== 'EBADF' ? reject(err) : resolve())));
  }

  /** Renames the file if it exists; the index follows the new name either way. */
  renameTo(file: string): void {
    if (this.fd !== null || fs.existsSync(this._file)) fs.renameSync(this._file, file);
    this._file = file;
  }

  /** The directory moved with the file in it: only the name changes. */
  relocate(file: string): void {
    this._file = file;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  deleteIfExists(): void {
    this.close();
    fs.rmSync(this._file, { force: true });
  }

  private openFile(): number {
    if (this.fd === null) this.fd = fs.openSync(this._file, fs.existsSync(this._file) ? 'r+' : 'w+');
    return this.fd;
  }
}
