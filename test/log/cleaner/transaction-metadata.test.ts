// CleanedTransactionMetadata (src/log/cleaner/transaction-metadata.ts) batch by batch, and the
// min-heap it keeps its pending aborted transactions in.

import { CleanedTransactionMetadata } from '../../../src/log/cleaner/transaction-metadata';
import { MinHeap } from '../../../src/log/cleaner/min-heap';
import type { AbortedTxn } from '../../../src/log/transaction-index';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';

const data = (producerId: number, baseOffset: number, transactional = true) =>
  buildRecordBatch([{ key: Buffer.from('k'), value: Buffer.from('v') }], { baseOffset, producerId, producerEpoch: 0, baseSequence: baseOffset, transactional });
const marker = (type: ControlRecordType, producerId: number, baseOffset: number) =>
  buildControlBatch({ type, coordinatorEpoch: 0, producerId, producerEpoch: 0, timestamp: 1000, baseOffset });
const txn = (producerId: number, firstOffset: number, lastOffset: number): AbortedTxn => ({ producerId, firstOffset, lastOffset, lastStableOffset: lastOffset + 1 });

function withIndex(): { meta: CleanedTransactionMetadata; indexed: AbortedTxn[] } {
  const meta = new CleanedTransactionMetadata();
  const indexed: AbortedTxn[] = [];
  meta.cleanedIndex = { append: (t) => indexed.push(t) };
  return { meta, indexed };
}

describe('CleanedTransactionMetadata', () => {
  it('an aborted transaction: its data may go, its ABORT stays and is indexed because data was read', () => {
    const { meta, indexed } = withIndex();
    meta.addAbortedTransactions([txn(1, 10, 12)]);
    expect(meta.onBatchRead(data(1, 9, false), 0)).toBe(false); // not transactional
    expect(meta.onBatchRead(data(1, 10), 0)).toBe(true);
    expect(meta.onBatchRead(data(2, 11), 0)).toBe(false); // another producer's transaction
    expect(meta.onControlBatchRead(marker(ControlRecordType.Abort, 1, 12), 0)).toBe(false);
    expect(indexed).toEqual([txn(1, 10, 12)]);
    // The same producer's next transaction is not aborted, and its COMMIT stays with its data.
    expect(meta.onBatchRead(data(1, 13), 0)).toBe(false);
    expect(meta.onControlBatchRead(marker(ControlRecordType.Commit, 1, 14), 0)).toBe(false);
  });

  it('an ABORT or COMMIT whose transaction left no batch in the pass may go, and nothing is indexed', () => {
    const { meta, indexed } = withIndex();
    meta.addAbortedTransactions([txn(1, 3, 5)]);
    expect(meta.onControlBatchRead(marker(ControlRecordType.Abort, 1, 5), 0)).toBe(true);
    expect(meta.onControlBatchRead(marker(ControlRecordType.Commit, 2, 6), 0)).toBe(true);
    expect(indexed).toEqual([]);
  });

  it('a transaction listed again by a later range is tracked once and ends at its ABORT', () => {
    const { meta, indexed } = withIndex();
    meta.addAbortedTransactions([txn(1, 0, 20)]);
    expect(meta.onBatchRead(data(1, 0), 0)).toBe(true);
    // The next segment's range lists it again (its marker is further on).
    meta.addAbortedTransactions([txn(1, 0, 20)]);
    expect(meta.onBatchRead(data(1, 15), 0)).toBe(true);
    expect(meta.onControlBatchRead(marker(ControlRecordType.Abort, 1, 20), 0)).toBe(false);
    expect(indexed).toEqual([txn(1, 0, 20)]);
    expect(meta.onBatchRead(data(1, 21), 0)).toBe(false);
  });

  it('takes aborted transactions in first-offset order, whatever order the ranges list them in', () => {
    const { meta } = withIndex();
    meta.addAbortedTransactions([txn(2, 30, 40), txn(1, 10, 12)]);
    expect(meta.onBatchRead(data(2, 11), 0)).toBe(false); // producer 2's abort starts later
    expect(meta.onBatchRead(data(1, 11), 0)).toBe(true);
  });
});

describe('MinHeap', () => {
  it('pops in ascending order', () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    for (const x of values) heap.push(x);
    expect(heap.size).toBe(500);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});
