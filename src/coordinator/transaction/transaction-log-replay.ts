// Replays one __transaction_state partition into the latest value of each transactional id
// (the record loop of Kafka's TransactionStateManager.loadTransactionMetadata): later records
// win, a tombstone removes the id. Feed it whole v2 batches in offset order, from the log start
// to the log end; `nextOffset` says where the next read starts.
//
// A record without a key, or whose key or value does not decode, fails the whole load, as in
// Kafka: a coordinator must not serve a partition it could only half read.

import { batchIsControl } from '../../protocol/records/batch-header';
import { forEachWholeV2Batch } from '../coordinator-log-batches';
import { iterateRecords } from '../../protocol/records/record';
import { decodeTransactionLogKey, decodeTransactionLogValue, type TransactionLogValue } from './transaction-log';

export class TransactionLogReplayError extends Error {
  override readonly name = 'TransactionLogReplayError';
}

export class TransactionLogReplay {
  readonly transactions = new Map<string, TransactionLogValue>();
  nextOffset = 0;

  apply(batches: Buffer): void {
    const next = forEachWholeV2Batch(
      batches,
      (p) => {
        if (!batchIsControl(batches, p)) this.applyBatch(batches, p);
      },
      (message) => new TransactionLogReplayError(message),
    );
    if (next !== undefined) this.nextOffset = next;
  }

  private applyBatch(buf: Buffer, p: number): void {
    for (const record of iterateRecords(buf, p)) {
      if (record.key === null) throw new TransactionLogReplayError(`record at offset ${record.offset}: Transaction log key should not be null`);
      try {
        const transactionalId = decodeTransactionLogKey(record.key);
        if (record.value === null) this.transactions.delete(transactionalId);
        else this.transactions.set(transactionalId, decodeTransactionLogValue(record.value));
      } catch (error) {
        throw new TransactionLogReplayError(`record at offset ${record.offset}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
}
