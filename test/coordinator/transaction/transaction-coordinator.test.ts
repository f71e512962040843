// The transaction coordinator's requests (InitProducerId, AddPartitionsToTxn, EndTxn) and its
// abort of timed-out transactions, over a real __transaction_state partition and real data
// partitions whose logs receive the markers (txn-coordinator-harness): each answer is checked
// with what got written to __transaction_state and, for markers, to the data logs, where the
// producer state of the partition refuses a fenced producer's writes.

import { TransactionState } from '../../../src/coordinator/transaction/transaction-log';
import { ErrorCode, errorName } from '../../../src/protocol/errors';
import { ControlRecordType } from '../../../src/protocol/records/control-record';
import { cleanupTempDirs } from '../../log/helpers';
import { COORDINATOR_EPOCH, MAX_TIMEOUT_MS, T0, T1, TXN_TIMEOUT_MS, TxnTestBed, transactionalIdOn } from './txn-coordinator-harness';

const ID = transactionalIdOn(0);
const OTHER_ID = transactionalIdOn(0, 'other');

let bed: TxnTestBed;
beforeEach(async () => {
  bed = new TxnTestBed();
  await bed.elected();
});
afterEach(() => {
  bed.close();
  cleanupTempDirs();
});

const named = (code: number) => errorName(code);

describe('InitProducerId', () => {
  it('gives an idempotent producer (no transactional id) a fresh producer id with epoch 0, writing nothing', async () => {
    expect(await bed.coordinator.handleInitProducerId(null, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 0 });
    expect(await bed.coordinator.handleInitProducerId(null, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1001, producerEpoch: 0 });
    expect(bed.state.records(0)).toEqual([]);
  });

  it('answers INVALID_REQUEST to an empty transactional id', async () => {
    expect(await bed.coordinator.handleInitProducerId('', TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 });
  });

  it('answers INVALID_TRANSACTION_TIMEOUT to a timeout <= 0 or above transaction.max.timeout.ms', async () => {
    for (const timeout of [0, -1, MAX_TIMEOUT_MS + 1]) {
      expect(named((await bed.coordinator.handleInitProducerId(ID, timeout)).errorCode)).toBe('INVALID_TRANSACTION_TIMEOUT');
    }
    expect(bed.state.records(0)).toEqual([]);
    expect(named((await bed.coordinator.handleInitProducerId(ID, MAX_TIMEOUT_MS)).errorCode)).toBe('NONE');
  });

  it('gives a new transactional id a producer id at epoch 0 and writes it as Empty', async () => {
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 0 });
    const m = bed.cached(ID);
    expect([m.producerId, m.producerEpoch, m.state, m.txnTimeoutMs]).toEqual([1000, 0, TransactionState.Empty, TXN_TIMEOUT_MS]);
    expect(bed.replayed().get(ID)).toEqual({ producerId: 1000, producerEpoch: 0, transactionTimeoutMs: TXN_TIMEOUT_MS, state: TransactionState.Empty, partitions: [], lastUpdateTimestamp: bed.clock.now(), startTimestamp: -1 });
  });

  it('bumps the epoch of a known id (same producer id) and takes its new timeout', async () => {
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    expect(await bed.coordinator.handleInitProducerId(ID, 30_000)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 1 });
    expect(bed.state.records(0).map((r) => [r.value!.producerEpoch, r.value!.transactionTimeoutMs])).toEqual([[0, TXN_TIMEOUT_MS], [1, 30_000]]);
  });

  it('bumps the epoch after a completed transaction', async () => {
    const { producerId } = await bed.begin(ID);
    await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit');
    await bed.settled(ID, TransactionState.CompleteCommit);
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 1 });
  });

  it('during an Ongoing transaction: aborts it with epoch + 1 (fencing the producer) and answers CONCURRENT_TRANSACTIONS', async () => {
    const { producerId } = await bed.begin(ID);
    expect(named(bed.data.produce('t', 0, producerId, 0, 0))).toBe('NONE');

    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.CONCURRENT_TRANSACTIONS, producerId: -1, producerEpoch: -1 });
    await bed.settled(ID, TransactionState.CompleteAbort);
    expect(bed.data.markers('t', 0)).toEqual([{ type: ControlRecordType.Abort, producerId, producerEpoch: 1, coordinatorEpoch: COORDINATOR_EPOCH }]);
    // The partition's producer state now refuses the old epoch.
    expect(named(bed.data.produce('t', 0, producerId, 0, 1))).toBe('INVALID_PRODUCER_EPOCH');

    // The client retries and gets the epoch after the fencing one.
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 2 });
    expect(named(bed.data.produce('t', 0, producerId, 2, 0))).toBe('NONE');
    expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', 'PrepareAbort', 'CompleteAbort', 'Empty']);
    expect(bed.state.records(0).map((r) => r.value!.producerEpoch)).toEqual([0, 0, 1, 1, 2]);
  });

  it('answers CONCURRENT_TRANSACTIONS while a transaction is being committed', async () => {
    const { producerId } = await bed.begin(ID);
    bed.data.hold = true;
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('NONE');
    expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe('CONCURRENT_TRANSACTIONS');
    expect(bed.cached(ID).producerEpoch).toBe(0);
  });

  it('answers COORDINATOR_NOT_AVAILABLE when the write is not replicated, and the id can init again after', async () => {
    bed.state.partitions[0].failNextWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(bed.cached(ID).pendingTransitionInProgress).toBe(false);
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 0 });
  });

  it('answers NOT_COORDINATOR when this broker no longer leads the partition it writes to', async () => {
    bed.state.partitions[0].leading = false;
    expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe('NOT_COORDINATOR');
  });
});

describe('InitProducerId at the end of the epochs', () => {
  // An id at epoch 32766 can only come from the log: write it there before a fresh coordinator loads it.
  async function loadedAt(state: TransactionState.Empty | TransactionState.Ongoing): Promise<void> {
    bed.close();
    bed = new TxnTestBed();
    const ongoing = state === TransactionState.Ongoing;
    await bed.writeStateRecords(0, [[ID, { producerId: 5000, producerEpoch: 32766, transactionTimeoutMs: TXN_TIMEOUT_MS, state, partitions: ongoing ? [{ topic: 't', partitions: [0] }] : [], lastUpdateTimestamp: bed.clock.now(), startTimestamp: ongoing ? bed.clock.now() : -1 }]]);
    await bed.elected();
  }

  it('gives an id with exhausted epochs a new producer id at epoch 0', async () => {
    await loadedAt(TransactionState.Empty);
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 0 });
    expect(bed.replayed().get(ID)).toMatchObject({ producerId: 1000, producerEpoch: 0, state: TransactionState.Empty });
  });

  it('fences an Ongoing transaction at epoch 32766 with the last epoch, 32767, then rotates the producer id', async () => {
    await loadedAt(TransactionState.Ongoing);
    expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe('CONCURRENT_TRANSACTIONS');
    await bed.settled(ID, TransactionState.CompleteAbort);
    expect(bed.data.markers('t', 0)).toEqual([{ type: ControlRecordType.Abort, producerId: 5000, producerEpoch: 32767, coordinatorEpoch: COORDINATOR_EPOCH }]);

    const retry = await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    expect(retry.errorCode).toBe(ErrorCode.NONE);
    expect(retry.producerId).not.toBe(5000);
    expect(retry.producerEpoch).toBe(0);
  });
});

describe('AddPartitionsToTxn', () => {
  it('refuses an empty id, an unknown id, another producer id and another epoch', async () => {
    const { producerId } = await bed.begin(ID);
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction('', producerId, 0, [T1]))).toBe('INVALID_REQUEST');
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(OTHER_ID, producerId, 0, [T1]))).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId + 1, 0, [T1]))).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 1, [T1]))).toBe('INVALID_PRODUCER_EPOCH');
    expect(bed.cached(ID).topicPartitions).toEqual([T0]);
  });

  it('answers INVALID_PRODUCER_EPOCH to a producer fenced by a newer InitProducerId', async () => {
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    const { producerId } = await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T0]))).toBe('INVALID_PRODUCER_EPOCH');
  });

  it('writes the union of the partitions as Ongoing; partitions already in the transaction are answered without a write', async () => {
    const { producerId } = await bed.begin(ID);
    const written = bed.state.records(0).length;
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T0]))).toBe('NONE');
    expect(bed.state.records(0).length).toBe(written);

    bed.clock.advance(5);
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T1, T0]))).toBe('NONE');
    expect(bed.replayed().get(ID)).toMatchObject({ state: TransactionState.Ongoing, partitions: [{ topic: 't', partitions: [0, 1] }], lastUpdateTimestamp: bed.clock.now(), startTimestamp: bed.clock.now() - 5 });
  });

  it('answers CONCURRENT_TRANSACTIONS while another transition of the id is being written', async () => {
    const { producerId } = await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    const first = bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T0]);
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T1]))).toBe('CONCURRENT_TRANSACTIONS');
    expect(named(await first)).toBe('NONE');
    expect(bed.cached(ID).topicPartitions).toEqual([T0]);
  });

  it('answers CONCURRENT_TRANSACTIONS while the transaction is in PrepareCommit', async () => {
    const { producerId } = await bed.begin(ID);
    bed.data.hold = true;
    await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit');
    expect(bed.cached(ID).state).toBe(TransactionState.PrepareCommit);
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T1]))).toBe('CONCURRENT_TRANSACTIONS');
  });
});

describe('EndTxn', () => {
  for (const [result, prepared, completed, markerType] of [
    ['commit', 'PrepareCommit', TransactionState.CompleteCommit, ControlRecordType.Commit],
    ['abort', 'PrepareAbort', TransactionState.CompleteAbort, ControlRecordType.Abort],
  ] as const) {
    it(`${result}: writes ${prepared}, a marker to each partition, then ${TransactionState[completed]}`, async () => {
      const { producerId } = await bed.begin(ID, [T0, T1]);
      bed.data.produce('t', 0, producerId, 0, 0);
      bed.data.produce('t', 1, producerId, 0, 0);
      expect(bed.data.log('t', 0).firstUnstableOffset).toBe(0);
      expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, result))).toBe('NONE');
      await bed.settled(ID, completed);

      const marker = { type: markerType, producerId, producerEpoch: 0, coordinatorEpoch: COORDINATOR_EPOCH };
      expect([bed.data.markers('t', 0), bed.data.markers('t', 1)]).toEqual([[marker], [marker]]);
      // The transaction is no longer open in the data partitions.
      expect(bed.data.log('t', 0).firstUnstableOffset).toBeUndefined();
      expect(bed.cached(ID).topicPartitions).toEqual([]);
      expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', prepared, TransactionState[completed]]);
      const [, , prepare, complete] = bed.state.records(0).map((r) => r.value!);
      expect(prepare.partitions).toEqual([{ topic: 't', partitions: [0, 1] }]);
      expect(complete.partitions).toEqual([]);
      expect(bed.replayed().get(ID)!.state).toBe(completed);
    });
  }

  it('answers a retry after completion with NONE for the same result and INVALID_TXN_STATE for the other', async () => {
    const { producerId } = await bed.begin(ID);
    await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit');
    await bed.settled(ID, TransactionState.CompleteCommit);
    const written = bed.state.records(0).length;
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('NONE');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'abort'))).toBe('INVALID_TXN_STATE');

    const other = await bed.begin(OTHER_ID);
    await bed.coordinator.handleEndTransaction(OTHER_ID, other.producerId, 0, 'abort');
    await bed.settled(OTHER_ID, TransactionState.CompleteAbort);
    expect(named(await bed.coordinator.handleEndTransaction(OTHER_ID, other.producerId, 0, 'abort'))).toBe('NONE');
    expect(named(await bed.coordinator.handleEndTransaction(OTHER_ID, other.producerId, 0, 'commit'))).toBe('INVALID_TXN_STATE');
    // Retries write nothing and send no second marker.
    expect(bed.statesWritten(ID).length).toBe(4);
    expect(bed.state.records(0).length).toBe(written + 4);
    expect(bed.data.markers('t', 0).length).toBe(2);
  });

  it('answers CONCURRENT_TRANSACTIONS to either result while the markers are being written (the completion is pending)', async () => {
    const { producerId } = await bed.begin(ID);
    bed.data.hold = true;
    await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('CONCURRENT_TRANSACTIONS');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'abort'))).toBe('CONCURRENT_TRANSACTIONS');
    expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', 'PrepareCommit']);
  });

  it('refuses an empty id, an unknown id, another producer id, an older epoch, and a transaction never begun', async () => {
    const { producerId } = await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS); // epoch 1
    expect(named(await bed.coordinator.handleEndTransaction('', producerId, 1, 'commit'))).toBe('INVALID_REQUEST');
    expect(named(await bed.coordinator.handleEndTransaction(OTHER_ID, producerId, 1, 'commit'))).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId + 1, 1, 'commit'))).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('INVALID_PRODUCER_EPOCH');
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 1, 'commit'))).toBe('INVALID_TXN_STATE');
    expect(bed.statesWritten(ID)).toEqual(['Empty', 'Empty']);
  });

  it('answers the append error when PrepareCommit cannot be written, and the transaction stays open', async () => {
    const { producerId } = await bed.begin(ID);
    bed.state.partitions[0].failNextWith = ErrorCode.REQUEST_TIMED_OUT;
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('COORDINATOR_NOT_AVAILABLE');
    expect([bed.cached(ID).state, bed.cached(ID).pendingState]).toEqual([TransactionState.Ongoing, undefined]);
    expect(bed.data.markers('t', 0)).toEqual([]);
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('NONE');
    await bed.settled(ID, TransactionState.CompleteCommit);
  });
});

describe('abortTimedOutTransactions', () => {
  it('aborts an Ongoing transaction past its timeout with epoch + 1, fencing its producer everywhere', async () => {
    const { producerId } = await bed.begin(ID, [T0], 10_000);
    bed.data.produce('t', 0, producerId, 0, 0);

    bed.clock.advance(10_000);
    await bed.coordinator.abortTimedOutTransactions();
    expect(bed.cached(ID).state).toBe(TransactionState.Ongoing); // at its timeout, not past it

    bed.clock.advance(1);
    await bed.coordinator.abortTimedOutTransactions();
    await bed.settled(ID, TransactionState.CompleteAbort);
    expect(bed.cached(ID).producerEpoch).toBe(1);
    expect(bed.data.markers('t', 0)).toEqual([{ type: ControlRecordType.Abort, producerId, producerEpoch: 1, coordinatorEpoch: COORDINATOR_EPOCH }]);

    // The producer, unaware, carries on with epoch 0.
    expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('INVALID_PRODUCER_EPOCH');
    expect(named(await bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T1]))).toBe('INVALID_PRODUCER_EPOCH');
    expect(named(bed.data.produce('t', 0, producerId, 0, 1))).toBe('INVALID_PRODUCER_EPOCH');
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 2 });
  });

  it('leaves transactions within their timeout, and those with a transition in flight', async () => {
    const late = await bed.begin(ID, [T0], 10_000);
    const { producerId } = await bed.begin(OTHER_ID, [T0], 60_000);
    bed.clock.advance(20_000);

    const adding = bed.coordinator.handleAddPartitionsToTransaction(ID, late.producerId, 0, [T1]);
    await bed.coordinator.abortTimedOutTransactions();
    expect(named(await adding)).toBe('NONE');
    expect([bed.cached(ID).state, bed.cached(ID).producerEpoch]).toEqual([TransactionState.Ongoing, 0]);
    expect([bed.cached(OTHER_ID).state, bed.cached(OTHER_ID).producerId]).toEqual([TransactionState.Ongoing, producerId]);
    expect(bed.data.markers('t', 0)).toEqual([]);

    // Adding partitions does not restart the transaction's clock: the next round aborts it.
    await bed.coordinator.abortTimedOutTransactions();
    await bed.settled(ID, TransactionState.CompleteAbort);
    expect(bed.cached(OTHER_ID).state).toBe(TransactionState.Ongoing);
  });
});
