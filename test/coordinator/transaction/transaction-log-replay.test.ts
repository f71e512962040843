// Replaying __transaction_state batches into the latest value of each transactional id, on
// batches built as the coordinator writes them: later records win, tombstones remove, control
// batches are skipped, a record the coordinator could not have written fails the load, and the
// next read starts after the last whole batch.

import { TransactionState, encodeTransactionLogKey, encodeTransactionLogValue, type TransactionLogValue } from '../../../src/coordinator/transaction/transaction-log';
import { TransactionLogReplay, TransactionLogReplayError } from '../../../src/coordinator/transaction/transaction-log-replay';
import { OFFSET_CRC, computeBatchCrc } from '../../../src/protocol/records/batch-header';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { buildRecordBatch, type RecordInput } from '../../../src/protocol/records/record-batch-builder';

const value = (state: TransactionState, producerEpoch: number, partitions: TransactionLogValue['partitions'] = []): TransactionLogValue => ({
  producerId: 9000,
  producerEpoch,
  transactionTimeoutMs: 60_000,
  state,
  partitions,
  lastUpdateTimestamp: 2_000 + producerEpoch,
  startTimestamp: state === TransactionState.Empty ? -1 : 1_000,
});

const record = (transactionalId: string, v: TransactionLogValue | null): RecordInput => ({
  key: encodeTransactionLogKey(transactionalId),
  value: v === null ? null : encodeTransactionLogValue(v),
  timestamp: 1_000,
});

const batchAt = (baseOffset: number, records: RecordInput[]) => buildRecordBatch(records, { baseOffset });

describe('TransactionLogReplay', () => {
  it('keeps the latest value of each id, within a batch and across batches and calls', () => {
    const replay = new TransactionLogReplay();
    const ongoing = value(TransactionState.Ongoing, 1, [{ topic: 't', partitions: [0, 1] }]);
    replay.apply(Buffer.concat([
      batchAt(0, [record('a', value(TransactionState.Empty, 0)), record('b', value(TransactionState.Empty, 0)), record('a', value(TransactionState.Empty, 1))]),
      batchAt(3, [record('a', ongoing)]),
    ]));
    replay.apply(batchAt(4, [record('b', value(TransactionState.CompleteCommit, 0))]));

    expect(replay.transactions).toEqual(new Map([
      ['a', ongoing],
      ['b', value(TransactionState.CompleteCommit, 0)],
    ]));
    expect(replay.nextOffset).toBe(5);
  });

  it('removes an id at its tombstone, and a later value brings it back', () => {
    const replay = new TransactionLogReplay();
    replay.apply(Buffer.concat([
      batchAt(0, [record('a', value(TransactionState.Empty, 0)), record('b', value(TransactionState.Empty, 0))]),
      batchAt(2, [record('a', null), record('b', null)]),
      batchAt(4, [record('b', value(TransactionState.Empty, 3))]),
    ]));
    expect([...replay.transactions.keys()]).toEqual(['b']);
    expect(replay.transactions.get('b')!.producerEpoch).toBe(3);
  });

  it('skips control batches (their key is no transaction log key) but moves past them', () => {
    const replay = new TransactionLogReplay();
    replay.apply(Buffer.concat([
      batchAt(0, [record('a', value(TransactionState.Empty, 0))]),
      buildControlBatch({ type: ControlRecordType.Commit, coordinatorEpoch: 0, producerId: 1, producerEpoch: 0, timestamp: 1_000, baseOffset: 1 }),
    ]));
    expect([...replay.transactions.keys()]).toEqual(['a']);
    expect(replay.nextOffset).toBe(2);
  });

  it('fails the load on a record without a key', () => {
    const replay = new TransactionLogReplay();
    const keyless = batchAt(7, [{ key: null, value: encodeTransactionLogValue(value(TransactionState.Empty, 0)), timestamp: 1_000 }]);
    expect(() => replay.apply(keyless)).toThrow(new TransactionLogReplayError('record at offset 7: Transaction log key should not be null'));
  });

  it('fails the load on a value or key that does not decode', () => {
    const badVersion = encodeTransactionLogValue(value(TransactionState.Empty, 0));
    badVersion.writeInt16BE(1, 0);
    expect(() => new TransactionLogReplay().apply(batchAt(0, [{ key: encodeTransactionLogKey('a'), value: badVersion }]))).toThrow(TransactionLogReplayError);
    const badState = encodeTransactionLogValue(value(TransactionState.Empty, 0));
    badState[2 + 8 + 2 + 4] = 42; // the state byte after version, producer id, epoch and timeout
    expect(() => new TransactionLogReplay().apply(batchAt(0, [{ key: encodeTransactionLogKey('a'), value: badState }]))).toThrow(/Unknown transaction state byte 42/);
    expect(() => new TransactionLogReplay().apply(batchAt(0, [{ key: Buffer.from([0, 9, 0, 0]), value: null }]))).toThrow(/Unknown transaction log message key schema version 9/);
  });

  it('refuses batches older than magic v2', () => {
    const old = batchAt(0, [record('a', value(TransactionState.Empty, 0))]);
    old.writeInt8(1, 16);
    expect(() => new TransactionLogReplay().apply(old)).toThrow(/has magic 1; only v2 record batches are supported/);
  });

  it('moves to the offset after the whole batch, even when compaction left fewer records than offsets', () => {
    const compacted = batchAt(10, [record('a', value(TransactionState.Empty, 0))]);
    compacted.writeInt32BE(4, 23); // lastOffsetDelta: offsets 10-14, of which only 10 survived
    compacted.writeUInt32BE(computeBatchCrc(compacted, 0), OFFSET_CRC);
    const replay = new TransactionLogReplay();
    replay.apply(compacted);
    expect(replay.nextOffset).toBe(15);
  });

  it('ignores a truncated batch at the end of a read: the next read starts at it', () => {
    const whole = batchAt(0, [record('a', value(TransactionState.Empty, 0)), record('b', value(TransactionState.Empty, 0))]);
    const next = batchAt(2, [record('c', value(TransactionState.Empty, 0))]);
    const replay = new TransactionLogReplay();
    for (const cut of [5, 20, next.length - 1]) {
      replay.apply(Buffer.concat([whole, next.subarray(0, cut)]));
      expect(replay.nextOffset).toBe(2);
      expect([...replay.transactions.keys()]).toEqual(['a', 'b']);
    }
    replay.apply(next);
    expect(replay.nextOffset).toBe(3);
    expect([...replay.transactions.keys()]).toEqual(['a', 'b', 'c']);
  });
});
