// What the cleaner tracks about transactions while it walks a log (Kafka's
// CleanedTransactionMetadata), deciding when transaction markers and aborted data may go:
// - data of an aborted transaction is dropped whatever its keys;
// - an ABORT marker stays while any batch of its transaction is still kept; a COMMIT marker stays
//   while the pass has seen batches of its transaction (their records may still be in the log);
//   once free to go, a marker is still kept until its segment passes the tombstone horizon
//   (delete.retention.ms), so a consumer part-way through the transaction still sees it.
//
// Which transactions were aborted comes from the transaction index. This log has none yet (the
// transactions feature comes later; Log.collectAbortedTransactions answers null), so until then
// no data counts as aborted and ABORT markers are always kept: dropping one while its data stays
// would turn aborted records into committed ones for a read_committed consumer. COMMIT markers
// follow 2.4.1's rule, which needs no index.

import { batchLastOffset, batchProducerId, batchIsTransactional } from '../../protocol/records/batch-header';
import { ControlRecordType, decodeControlKey } from '../../protocol/records/control-record';
import { openRecordReader } from '../../protocol/records/record';
import type { AbortedTxn } from '../log';

interface AbortedTransactionMetadata {
  abortedTxn: AbortedTxn;
  lastObservedBatchOffset: number | undefined;
}

export class CleanedTransactionMetadata {
  private readonly ongoingCommittedTxns = new Set<number>();
  private readonly ongoingAbortedTxns = new Map<number, AbortedTransactionMetadata>();
  /** Not yet reached, sorted by first offset (Kafka keeps a min-heap). */
  private abortedTransactions: AbortedTxn[] = [];
  /** False while the log cannot say which transactions were aborted. */
  private abortedKnown = true;
  /**
   * Aborted transactions whose marker is kept: what a cleaned transaction index would list
   * (Kafka appends them to the new segment's .txnindex). Hook for the transaction index.
   */
  readonly retainedAbortedTxns: AbortedTxn[] = [];

  /** Adds the aborted transactions of the next range; null means the log does not know them. */
  addAbortedTransactions(txns: AbortedTxn[] | null): void {
    if (txns === null) {
      this.abortedKnown = false;
      return;
    }
    this.abortedTransactions = [...this.abortedTransactions, ...txns].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  private consumeAbortedTxnsUpTo(offset: number): void {
    while (this.abortedTransactions.length > 0 && this.abortedTransactions[0].firstOffset <= offset) {
      const txn = this.abortedTransactions.shift()!;
      if (!this.ongoingAbortedTxns.has(txn.producerId)) this.ongoingAbortedTxns.set(txn.producerId, { abortedTxn: txn, lastObservedBatchOffset: undefined });
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
      return false;
    }
    if (type === ControlRecordType.Abort) {
      const ongoing = this.ongoingAbortedTxns.get(producerId);
      this.ongoingAbortedTxns.delete(producerId);
      if (ongoing !== undefined && ongoing.lastObservedBatchOffset !== undefined) {
        this.retainedAbortedTxns.push(ongoing.abortedTxn);
        return false;
      }
      return this.abortedKnown;
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
