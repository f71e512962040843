// What the cleaner tracks about transactions while it walks a log (Kafka 2.4.1's
// CleanedTransactionMetadata), deciding when transaction markers and aborted data may go:
// - data of an aborted transaction is dropped whatever its keys (the cleaner may still keep an
//   empty header of it when it is a live producer's last batch);
// - an ABORT marker stays through any pass that still reads data of its transaction (that data
//   goes in the same pass, but a live producer's last batch survives as an empty header), and is
//   then listed in the cleaned segment's transaction index so read_committed readers keep
//   filtering that transaction; once a pass reads none of its data, the marker may go;
// - a COMMIT marker stays while the pass has seen batches of its transaction (their records may
//   still be in the log), and may go once none were seen;
// - a marker free to go is still kept until its segment passes the tombstone horizon
//   (delete.retention.ms, applied by the caller), so a consumer part-way through the
//   transaction still sees it.
// Which transactions were aborted comes from the segments' transaction indexes
// (Log.collectAbortedTransactions), each entry in the index of the segment holding its marker.

import { batchLastOffset, batchProducerId, batchIsTransactional } from '../../protocol/records/batch-header';
import { ControlRecordType, decodeControlKey } from '../../protocol/records/control-record';
import { openRecordReader } from '../../protocol/records/record';
import type { AbortedTxn } from '../log';
import { MinHeap } from './min-heap';

/** Where the aborted transactions whose markers stay are written (the cleaned segment's .txnindex). */
export interface CleanedTxnIndex {
  append(txn: AbortedTxn): void;
}

interface AbortedTransactionMetadata {
  abortedTxn: AbortedTxn;
  /** Last offset of the last batch of this transaction the pass has read, if any. */
  lastObservedBatchOffset: number | undefined;
}

export class CleanedTransactionMetadata {
  private readonly ongoingCommittedTxns = new Set<number>();
  private readonly ongoingAbortedTxns = new Map<number, AbortedTransactionMetadata>();
  /** Aborted transactions not yet reached, by first offset. */
  private readonly abortedTransactions = new MinHeap<AbortedTxn>((a, b) => a.firstOffset < b.firstOffset);
  /**
   * The transaction index of the segment being written; unset while the offset map is built,
   * since that pass writes nothing. The caller points it at each new cleaned segment in turn.
   */
  cleanedIndex: CleanedTxnIndex | undefined = undefined;

  /**
   * Adds the aborted transactions of the next range. A transaction may be added again by a later
   * range (its marker is further on): the copy is ignored while the first is ongoing.
   */
  addAbortedTransactions(txns: readonly AbortedTxn[]): void {
    for (const txn of txns) this.abortedTransactions.push(txn);
  }

  private consumeAbortedTxnsUpTo(offset: number): void {
    for (let next = this.abortedTransactions.peek(); next !== undefined && next.firstOffset <= offset; next = this.abortedTransactions.peek()) {
      this.abortedTransactions.pop();
      if (!this.ongoingAbortedTxns.has(next.producerId)) this.ongoingAbortedTxns.set(next.producerId, { abortedTxn: next, lastObservedBatchOffset: undefined });
    }
  }

  /** A control batch was read; returns whether it may be discarded (horizon permitting). */
  onControlBatchRead(batch: Buffer, at: number): boolean {
    this.consumeAbortedTxnsUpTo(batchLastOffset(batch, at));
    const reader = openRecordReader(batch, at);
    // An empty control batch was cleaned before: nothing left to protect.
    if (!reader.next()) return true;
    const producerId = batchProducerId(batch, at);
    let type: number;
    try {
      type = decodeControlKey(reader.key());
    } catch {
      // Kafka parses an unreadable key as UNKNOWN, which is never discarded.
      return false;
    }
    if (type === ControlRecordType.Abort) {
      const ongoing = this.ongoingAbortedTxns.get(producerId);
      this.ongoingAbortedTxns.delete(producerId);
      if (ongoing !== undefined && ongoing.lastObservedBatchOffset !== undefined) {
        this.cleanedIndex?.append(ongoing.abortedTxn);
        return false;
      }
      return true;
    }
    if (type === ControlRecordType.Commit) return !this.ongoingCommittedTxns.delete(producerId);
    return false;
  }

  /** A data batch was read; returns whether it belongs to an aborted transaction (so may go now). */
  onBatchRead(batch: Buffer, at: number): boolean {
    this.consumeAbortedTxnsUpTo(batchLastOffset(batch, at));
    if (!batchIsTransactional(batch, at)) return false;
    const producerId = batchProducerId(batch, at);
    const aborted = this.ongoingAbortedTxns.get(producerId);
    if (aborted !== undefined) {
      aborted.lastObservedBatchOffset = batchLastOffset(batch, at);
      return true;
    }
    this.ongoingCommittedTxns.add(producerId);
    return false;
  }
}
