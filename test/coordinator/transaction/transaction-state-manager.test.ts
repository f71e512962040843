// The transaction coordinator's cache and its __transaction_state partitions (TransactionStateManager)
// on real logs: which partitions it serves and the errors for the others, loading a partition
// when it becomes the leader (including finishing a transaction the previous leader left in
// PrepareCommit/PrepareAbort), resigning, how append failures are answered, and the expiration
// of idle transactional ids with tombstones.

import { TransactionState, type TransactionLogValue } from '../../../src/coordinator/transaction/transaction-log';
import { ErrorCode, errorName } from '../../../src/protocol/errors';
import { ControlRecordType } from '../../../src/protocol/records/control-record';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { cleanupTempDirs } from '../../log/helpers';
import { yieldToIo } from '../group/coordinator-harness';
import { COORDINATOR_EPOCH, EXPIRATION_MS, T0, T1, TXN_TIMEOUT_MS, TxnTestBed, eventually, newTxnCoordinator, transactionalIdOn } from './txn-coordinator-harness';

const ID = transactionalIdOn(0);
const OTHER_ID = transactionalIdOn(0, 'other');
const NOT_OURS = transactionalIdOn(1);

let bed: TxnTestBed;
beforeEach(() => {
  bed = new TxnTestBed();
});
afterEach(() => {
  bed.close();
  cleanupTempDirs();
});

const named = (code: number) => errorName(code);

/** What InitProducerId, AddPartitionsToTxn and EndTxn answer for an id. */
async function requestErrors(transactionalId: string): Promise<string[]> {
  return [
    named((await bed.coordinator.handleInitProducerId(transactionalId, TXN_TIMEOUT_MS)).errorCode),
    named(await bed.coordinator.handleAddPartitionsToTransaction(transactionalId, 1000, 0, [T0])),
    named(await bed.coordinator.handleEndTransaction(transactionalId, 1000, 0, 'commit')),
  ];
}

const emptyValue = (producerId: number, producerEpoch: number, at: number): TransactionLogValue => ({
  producerId, producerEpoch, transactionTimeoutMs: TXN_TIMEOUT_MS, state: TransactionState.Empty, partitions: [], lastUpdateTimestamp: at, startTimestamp: -1,
});

/** The previous leader's coordinator stops; this one loads the partition's files at a newer epoch. */
async function newLeaderAt(coordinatorEpoch: number): Promise<void> {
  bed.coordinator.shutdown();
  bed.state.reopen(0);
  bed.t = newTxnCoordinator(bed.state, bed.data, bed.clock);
  await bed.elected(0, coordinatorEpoch);
}

describe('which partitions are served', () => {
  it('answers NOT_COORDINATOR for ids of a partition this broker does not lead', async () => {
    await bed.elected(0);
    expect(bed.t.stateManager.ownedPartitions()).toEqual([0]);
    expect(await requestErrors(NOT_OURS)).toEqual(['NOT_COORDINATOR', 'NOT_COORDINATOR', 'NOT_COORDINATOR']);
    expect(bed.state.records(1)).toEqual([]);
  });

  it('answers COORDINATOR_LOAD_IN_PROGRESS while the partition loads, then serves what it loaded', async () => {
    // Enough batches that the load (100-byte reads) takes several turns of the event loop.
    await bed.writeStateRecords(0, Array.from({ length: 10 }, (_, i) => [`${OTHER_ID}-${i}`, emptyValue(2000 + i, 0, bed.clock.now())] as [string, TransactionLogValue]));
    await bed.writeStateRecords(0, [[ID, emptyValue(5000, 4, bed.clock.now())]]);
    bed.coordinator.onElection(0, COORDINATOR_EPOCH);
    expect(bed.t.stateManager.getTransactionState(ID)).toEqual({ error: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS });
    expect(await requestErrors(ID)).toEqual(['COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_LOAD_IN_PROGRESS']);

    await eventually(() => bed.t.stateManager.ownedPartitions().includes(0));
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 5000, producerEpoch: 5 });
  });

  it('loads the latest value of each id; tombstoned ids are gone; the new coordinator epoch goes on the markers', async () => {
    await bed.elected(0);
    const done = await bed.begin(ID);
    await bed.coordinator.handleEndTransaction(ID, done.producerId, 0, 'commit');
    await bed.settled(ID, TransactionState.CompleteCommit);
    const open = await bed.begin(OTHER_ID, [T0, T1]);
    const expired = transactionalIdOn(0, 'expired');
    await bed.writeStateRecords(0, [[expired, emptyValue(3000, 0, 0)], [expired, null]]);

    await newLeaderAt(COORDINATOR_EPOCH + 1);
    expect([bed.cached(ID).state, bed.cached(ID).producerId, bed.cached(ID).producerEpoch]).toEqual([TransactionState.CompleteCommit, done.producerId, 0]);
    const ongoing = bed.cached(OTHER_ID);
    expect([ongoing.state, ongoing.topicPartitions, ongoing.txnTimeoutMs]).toEqual([TransactionState.Ongoing, [T0, T1], TXN_TIMEOUT_MS]);
    expect(bed.t.stateManager.getTransactionState(expired)).toEqual({ entry: undefined });

    expect(named(await bed.coordinator.handleEndTransaction(OTHER_ID, open.producerId, 0, 'abort'))).toBe('NONE');
    await bed.settled(OTHER_ID, TransactionState.CompleteAbort);
    expect(bed.data.markers('t', 1)).toEqual([{ type: ControlRecordType.Abort, producerId: open.producerId, producerEpoch: 0, coordinatorEpoch: COORDINATOR_EPOCH + 1 }]);
  });

  for (const [result, prepared, completed, type] of [
    ['commit', 'PrepareCommit', TransactionState.CompleteCommit, ControlRecordType.Commit],
    ['abort', 'PrepareAbort', TransactionState.CompleteAbort, ControlRecordType.Abort],
  ] as const) {
    it(`finishes a transaction the previous leader left in ${prepared}: markers again, then ${TransactionState[completed]}`, async () => {
      await bed.elected(0);
      const { producerId } = await bed.begin(ID, [T0, T1]);
      bed.data.produce('t', 0, producerId, 0, 0);
      bed.data.hold = true; // the old leader's markers never get through
      expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, result))).toBe('NONE');
      expect(bed.statesWritten(ID).at(-1)).toBe(prepared);

      bed.data.hold = false;
      await newLeaderAt(COORDINATOR_EPOCH + 1);
      await bed.settled(ID, completed);
      const marker = { type, producerId, producerEpoch: 0, coordinatorEpoch: COORDINATOR_EPOCH + 1 };
      expect([bed.data.markers('t', 0), bed.data.markers('t', 1)]).toEqual([[marker], [marker]]);
      expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', prepared, TransactionState[completed]]);
      expect(bed.replayed().get(ID)).toMatchObject({ state: completed, partitions: [] });
    });
  }

  it('does not serve a partition whose log cannot be read, rather than half of it', async () => {
    await bed.writeStateRecords(0, [[ID, emptyValue(5000, 0, 0)]]);
    // A record whose key is no transaction log key (schema version 7).
    await bed.state.partitions[0].append(0, buildRecordBatch([{ key: Buffer.from([0, 7, 0, 0]), value: null }]), -1, 5000);

    bed.coordinator.onElection(0, COORDINATOR_EPOCH);
    await eventually(() => bed.t.stateManager.getTransactionState(ID).error !== ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    expect(bed.t.stateManager.getTransactionState(ID)).toEqual({ error: ErrorCode.NOT_COORDINATOR });
    expect(bed.t.stateManager.ownedPartitions()).toEqual([]);
  });

  it('serves a partition it finds no log for as empty, as Kafka does, instead of loading forever', async () => {
    bed.state.partitions[0].leading = false;
    bed.coordinator.onElection(0, COORDINATOR_EPOCH);
    await eventually(() => bed.t.stateManager.getTransactionState(ID).error !== ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 500);
    expect(bed.t.stateManager.getTransactionState(ID)).toEqual({ entry: undefined });
  });
});

describe('resigning', () => {
  it('drops the partition\'s ids and the markers being sent for them', async () => {
    await bed.elected(0);
    const { producerId } = await bed.begin(ID);
    bed.data.hold = true;
    await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit');
    expect(bed.t.channel.pendingTransactionalIds).toEqual([ID]);

    bed.coordinator.onResignation(0, COORDINATOR_EPOCH);
    expect(bed.t.stateManager.ownedPartitions()).toEqual([]);
    expect(bed.t.channel.pendingTransactionalIds).toEqual([]);
    expect(await requestErrors(ID)).toEqual(['NOT_COORDINATOR', 'NOT_COORDINATOR', 'NOT_COORDINATOR']);
  });

  it('stops a load in progress', async () => {
    await bed.writeStateRecords(0, Array.from({ length: 10 }, (_, i) => [`${OTHER_ID}-${i}`, emptyValue(2000 + i, 0, 0)] as [string, TransactionLogValue]));
    bed.coordinator.onElection(0, COORDINATOR_EPOCH);
    bed.coordinator.onResignation(0, COORDINATOR_EPOCH);
    for (let i = 0; i < 20; i++) await yieldToIo();
    expect(bed.t.stateManager.ownedPartitions()).toEqual([]);
    expect(bed.t.stateManager.getTransactionState(ID)).toEqual({ error: ErrorCode.NOT_COORDINATOR });
  });

  it('answers NOT_COORDINATOR when leadership moved while the transition was being written, without applying it', async () => {
    await bed.elected(0);
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    bed.state.afterAppend = () => bed.coordinator.onResignation(0, COORDINATOR_EPOCH);
    expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe('NOT_COORDINATOR');
    bed.state.afterAppend = null;
    // The record is in the log all the same: the next leader loads it.
    await bed.elected(0, COORDINATOR_EPOCH + 1);
    expect(bed.cached(ID).producerEpoch).toBe(1);
  });
});

describe('append failures', () => {
  const cases: Array<[keyof typeof ErrorCode, string]> = [
    ['NOT_ENOUGH_REPLICAS', 'COORDINATOR_NOT_AVAILABLE'],
    ['NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'COORDINATOR_NOT_AVAILABLE'],
    ['REQUEST_TIMED_OUT', 'COORDINATOR_NOT_AVAILABLE'],
    ['UNKNOWN_TOPIC_OR_PARTITION', 'COORDINATOR_NOT_AVAILABLE'],
    ['NOT_LEADER_FOR_PARTITION', 'NOT_COORDINATOR'],
    ['KAFKA_STORAGE_ERROR', 'NOT_COORDINATOR'],
    ['MESSAGE_TOO_LARGE', 'UNKNOWN_SERVER_ERROR'],
    ['RECORD_LIST_TOO_LARGE', 'UNKNOWN_SERVER_ERROR'],
  ];
  for (const [appendError, answer] of cases) {
    it(`answers ${answer} for ${appendError}, and the transition is dropped`, async () => {
      await bed.elected(0);
      await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
      bed.state.partitions[0].failNextWith = ErrorCode[appendError];
      expect(named((await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).errorCode)).toBe(answer);
      expect([bed.cached(ID).producerEpoch, bed.cached(ID).pendingState]).toEqual([0, undefined]);
    });
  }

  it('keeps the pending state when the caller will retry the same write', async () => {
    await bed.elected(0);
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    const m = bed.cached(ID);
    const transit = m.prepareIncrementProducerEpoch(TXN_TIMEOUT_MS, bed.clock.now());
    bed.state.partitions[0].failNextWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    const retry = (error: number) => error === ErrorCode.COORDINATOR_NOT_AVAILABLE;
    expect(named(await bed.t.stateManager.appendTransactionToLog(ID, COORDINATOR_EPOCH, transit, retry))).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(m.pendingState).toBe(TransactionState.Empty);
    expect(named(await bed.t.stateManager.appendTransactionToLog(ID, COORDINATOR_EPOCH, transit, retry))).toBe('NONE');
    expect([m.producerEpoch, m.pendingState]).toEqual([1, undefined]);
  });

  it('refuses to write for an older coordinator epoch', async () => {
    await bed.elected(0);
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    const transit = bed.cached(ID).prepareIncrementProducerEpoch(TXN_TIMEOUT_MS, bed.clock.now());
    const written = bed.state.records(0).length;
    expect(named(await bed.t.stateManager.appendTransactionToLog(ID, COORDINATOR_EPOCH - 1, transit))).toBe('NOT_COORDINATOR');
    expect(bed.state.records(0).length).toBe(written);
  });
});

describe('transactional id expiration', () => {
  it('tombstones ids idle (Empty, CompleteCommit, CompleteAbort) for transactional.id.expiration.ms, and only those', async () => {
    await bed.elected(0);
    const [idleEmpty, idleCommitted, idleAborted, ongoing, recent] = ['idle-empty', 'idle-committed', 'idle-aborted', 'ongoing', 'recent'].map((p) => transactionalIdOn(0, p));
    await bed.coordinator.handleInitProducerId(idleEmpty, TXN_TIMEOUT_MS);
    for (const [id, result] of [[idleCommitted, 'commit'], [idleAborted, 'abort']] as const) {
      const { producerId } = await bed.begin(id);
      await bed.coordinator.handleEndTransaction(id, producerId, 0, result);
      await bed.settled(id, result === 'commit' ? TransactionState.CompleteCommit : TransactionState.CompleteAbort);
    }
    await bed.begin(ongoing, [T0], 900_000);
    bed.clock.advance(EXPIRATION_MS - 1);
    await bed.coordinator.handleInitProducerId(recent, TXN_TIMEOUT_MS);

    expect(await bed.t.stateManager.removeExpiredTransactionalIds()).toBe(0); // one millisecond early
    bed.clock.advance(1);
    expect(await bed.t.stateManager.removeExpiredTransactionalIds()).toBe(3);

    for (const id of [idleEmpty, idleCommitted, idleAborted]) {
      expect(bed.t.stateManager.getTransactionState(id)).toEqual({ entry: undefined });
      expect(bed.statesWritten(id).at(-1)).toBe('tombstone');
    }
    expect(bed.cached(ongoing).state).toBe(TransactionState.Ongoing);
    expect(bed.cached(recent).state).toBe(TransactionState.Empty);
    expect([...bed.replayed().keys()].sort()).toEqual([ongoing, recent].sort());

    // An expired id starts again with a new producer id.
    const again = await bed.coordinator.handleInitProducerId(idleEmpty, TXN_TIMEOUT_MS);
    expect([again.errorCode, again.producerEpoch]).toEqual([ErrorCode.NONE, 0]);
    expect(again.producerId).toBe(bed.t.producerIds.next - 1);
  });

  it('skips an id with a transition in flight', async () => {
    await bed.elected(0);
    const { producerId } = await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    bed.clock.advance(EXPIRATION_MS);
    const adding = bed.coordinator.handleAddPartitionsToTransaction(ID, producerId, 0, [T0]);
    expect(await bed.t.stateManager.removeExpiredTransactionalIds()).toBe(0);
    expect(named(await adding)).toBe('NONE');
    expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing']);
  });

  it('keeps the ids, usable, when the tombstones cannot be written', async () => {
    await bed.elected(0);
    await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS);
    bed.clock.advance(EXPIRATION_MS);
    bed.state.partitions[0].failNextWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    expect(await bed.t.stateManager.removeExpiredTransactionalIds()).toBe(0);
    expect(bed.cached(ID).pendingState).toBeUndefined();
    expect(await bed.coordinator.handleInitProducerId(ID, TXN_TIMEOUT_MS)).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000, producerEpoch: 1 });
  });
});
