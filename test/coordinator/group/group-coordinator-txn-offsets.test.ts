// The group coordinator's side of transactions (KIP-98) against a real offsets partition on disk:
// TxnOffsetCommit appends a transactional batch of the producer and keeps the offsets pending,
// invisible to OffsetFetch, until the transaction coordinator reports the marker written
// (scheduleHandleTxnCompletion); a new leader replays the partition into the same state.

import type { GroupCoordinator } from '../../../src/coordinator/group/group-coordinator';
import { decodeOffsetCommitValue, decodeOffsetsTopicKey } from '../../../src/coordinator/group/offsets-topic-records';
import type { Log } from '../../../src/log/log';
import { ErrorCode } from '../../../src/protocol/errors';
import { batchBaseSequence, batchIsTransactional, batchProducerEpoch, batchProducerId } from '../../../src/protocol/records/batch-header';
import { ControlRecordType } from '../../../src/protocol/records/control-record';
import { decodeRecords } from '../../../src/protocol/records/record';
import { cleanupTempDirs, splitBatches } from '../../log/helpers';
import type { ManualClock } from '../../common/manual-clock';
import { appendMarker, loaded, newCoordinator, offsetsToCommit, openOffsetsLog, untilLoaded, yieldToIo, type TestOffsetsLog } from './coordinator-harness';

afterEach(cleanupTempDirs);

const PRODUCER = 4000;
const EPOCH = 3;
const T0 = { topic: 't', partition: 0 };
const T1 = { topic: 't', partition: 1 };

describe('GroupCoordinator transactional offsets', () => {
  let coordinator: GroupCoordinator;
  let offsetsLog: TestOffsetsLog;
  let clock: ManualClock;
  let log: Log;
  afterEach(() => coordinator?.shutdown());

  async function start(retentionMs?: number): Promise<void> {
    log = openOffsetsLog();
    ({ coordinator, offsetsLog, clock } = newCoordinator(log, { retentionMs }));
    await loaded(coordinator);
  }

  const txnCommit = (group: string, entries: Array<[string, number, bigint, string?]>, producerId = PRODUCER, epoch = EPOCH) =>
    coordinator.handleTxnCommitOffsets(group, producerId, epoch, offsetsToCommit(clock.now(), entries));
  const plainCommit = (group: string, entries: Array<[string, number, bigint]>) => coordinator.handleCommitOffsets(group, '', null, -1, offsetsToCommit(clock.now(), entries));
  const codes = (results: Iterable<[unknown, number]>) => [...results].map(([, code]) => code);
  /** The group's committed offsets as OffsetFetch answers them (-1: none). */
  const fetched = (group: string, partitions = [T0, T1]) => coordinator.handleFetchOffsets(group, partitions).offsets.map(([, o]) => o.offset);
  /** The transaction ends: marker in the log, then the transaction coordinator's call. */
  const endTxn = (type: ControlRecordType, producerId = PRODUCER) => {
    appendMarker(log, type, producerId, EPOCH);
    coordinator.scheduleHandleTxnCompletion(producerId, [0], type === ControlRecordType.Commit ? 'commit' : 'abort');
  };

  it('writes a transactional batch of the producer (base sequence 0) and keeps the offsets from OffsetFetch until the commit', async () => {
    await start();
    expect(codes(await txnCommit('g', [['t', 0, 42n, 'meta'], ['t', 1, 7n]]))).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    // A second commit of the same transaction is appended too, although it starts at sequence 0 again.
    expect(codes(await txnCommit('g', [['t', 1, 8n]]))).toEqual([ErrorCode.NONE]);

    const batches = splitBatches(log.read(0, 1 << 20).records);
    expect(batches.map((b) => [batchIsTransactional(b.bytes), batchProducerId(b.bytes), batchProducerEpoch(b.bytes), batchBaseSequence(b.bytes)])).toEqual([
      [true, PRODUCER, EPOCH, 0],
      [true, PRODUCER, EPOCH, 0],
    ]);
    const records = decodeRecords(batches[0].bytes);
    expect(records.map((r) => [decodeOffsetsTopicKey(r.key!), decodeOffsetCommitValue(r.value!).offset])).toEqual([
      [{ kind: 'offset', version: 1, group: 'g', topic: 't', partition: 0 }, 42n],
      [{ kind: 'offset', version: 1, group: 'g', topic: 't', partition: 1 }, 7n],
    ]);

    // The group exists (created by the commit) but has no committed offsets yet.
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Empty');
    expect(fetched('g')).toEqual([-1n, -1n]);
    expect(coordinator.handleFetchOffsets('g', null).offsets).toEqual([]);

    // Completion for another producer or another offsets partition changes nothing.
    coordinator.scheduleHandleTxnCompletion(PRODUCER + 1, [0], 'commit');
    coordinator.scheduleHandleTxnCompletion(PRODUCER, [3], 'commit');
    expect(fetched('g')).toEqual([-1n, -1n]);

    endTxn(ControlRecordType.Commit);
    const after = coordinator.handleFetchOffsets('g', [T0, T1]).offsets.map(([, o]) => [o.offset, o.metadata]);
    expect(after).toEqual([[42n, 'meta'], [8n, '']]);
    expect(coordinator.groupManager.getGroup('g')!.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(false);
  });

  it('an abort drops the pending offsets and keeps what was committed before', async () => {
    await start();
    await plainCommit('g', [['t', 0, 5n]]);
    await txnCommit('g', [['t', 0, 42n], ['t', 1, 7n]]);
    endTxn(ControlRecordType.Abort);
    expect(fetched('g')).toEqual([5n, -1n]);
    expect(coordinator.groupManager.getGroup('g')!.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(false);
    // A commit that comes after the abort has nothing left to complete.
    coordinator.scheduleHandleTxnCompletion(PRODUCER, [0], 'commit');
    expect(fetched('g')).toEqual([5n, -1n]);
  });

  it('orders by log position: a plain commit appended after the transactional one wins, one appended before loses', async () => {
    await start();
    await plainCommit('g', [['t', 1, 1n]]);
    await txnCommit('g', [['t', 0, 100n], ['t', 1, 100n]]);
    await plainCommit('g', [['t', 0, 200n]]);
    expect(fetched('g')).toEqual([200n, 1n]);
    endTxn(ControlRecordType.Commit);
    expect(fetched('g')).toEqual([200n, 100n]);

    // A new leader replaying the same log comes to the same answer.
    coordinator.onResignation(0);
    await loaded(coordinator);
    expect(fetched('g')).toEqual([200n, 100n]);
  });

  it('keeps the offsets of each producer apart', async () => {
    await start();
    await txnCommit('g', [['t', 0, 10n]], 1);
    await txnCommit('g', [['t', 1, 20n]], 2);
    await txnCommit('other', [['t', 0, 30n]], 1);
    endTxn(ControlRecordType.Commit, 2);
    expect(fetched('g')).toEqual([-1n, 20n]);
    expect(fetched('other')).toEqual([-1n, -1n]);
    endTxn(ControlRecordType.Commit, 1);
    expect(fetched('g')).toEqual([10n, 20n]);
    expect(fetched('other')).toEqual([30n, -1n]);
  });

  it('a failed append leaves nothing pending: a later commit marker does not make it visible', async () => {
    await start();
    offsetsLog.failNextWith = ErrorCode.NOT_LEADER_FOR_PARTITION;
    expect(codes(await txnCommit('g', [['t', 0, 42n]]))).toEqual([ErrorCode.NOT_COORDINATOR]);
    expect(coordinator.groupManager.getGroup('g')!.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(false);
    offsetsLog.failNextWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    expect(codes(await txnCommit('g', [['t', 0, 43n]]))).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    coordinator.scheduleHandleTxnCompletion(PRODUCER, [0], 'commit');
    expect(fetched('g')).toEqual([-1n, -1n]);
  });

  it('answers a fenced producer epoch from the log; as in Kafka 2.4.1 the refused commit also forgets the pending offset it replaced, until a reload', async () => {
    await start();
    await txnCommit('g', [['t', 0, 42n]], PRODUCER, EPOCH);
    expect(codes(await txnCommit('g', [['t', 0, 41n]], PRODUCER, EPOCH - 1))).toEqual([ErrorCode.INVALID_PRODUCER_EPOCH]);
    expect(coordinator.groupManager.getGroup('g')!.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(false);
    // The log still holds the valid transactional record: a new leader has it pending again.
    coordinator.onResignation(0);
    await loaded(coordinator);
    endTxn(ControlRecordType.Commit);
    expect(fetched('g')).toEqual([42n, -1n]);
  });

  it('answers coordinator errors per partition: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, INVALID_GROUP_ID', async () => {
    log = openOffsetsLog();
    ({ coordinator, offsetsLog, clock } = newCoordinator(log));
    expect(codes(await txnCommit('g', [['t', 0, 1n], ['t', 1, 1n]]))).toEqual([ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR]);
    coordinator.onElection(0);
    expect(codes(await txnCommit('g', [['t', 0, 1n]]))).toEqual([ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]);
    await untilLoaded(coordinator);
    expect(codes(await txnCommit('', [['t', 0, 1n]]))).toEqual([ErrorCode.INVALID_GROUP_ID]);
    // A group deleted (Dead) but still cached: the producer must look the coordinator up again.
    await plainCommit('gone', [['t', 0, 1n]]);
    const gone = coordinator.groupManager.getGroup('gone')!;
    gone.transitionTo('Dead', clock.now());
    expect(codes(await txnCommit('gone', [['t', 0, 1n]]))).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    coordinator.shutdown();
    expect(codes(await txnCommit('g', [['t', 0, 1n]]))).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
  });

  describe('loading an offsets partition with transactions in it', () => {
    it('an open transaction is loaded pending, and its marker completes it on the new leader', async () => {
      await start();
      await plainCommit('g', [['t', 0, 5n]]);
      await txnCommit('g', [['t', 0, 42n], ['t', 1, 7n]]);
      coordinator.onResignation(0);
      await loaded(coordinator);
      expect(fetched('g')).toEqual([5n, -1n]);
      expect(coordinator.groupManager.getGroup('g')!.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(true);
      endTxn(ControlRecordType.Commit);
      expect(fetched('g')).toEqual([42n, 7n]);
    });

    it('a group with only an open transaction is loaded too, and an abort leaves it without offsets', async () => {
      await start();
      await txnCommit('only-txn', [['t', 0, 42n]]);
      coordinator.onResignation(0);
      await loaded(coordinator);
      expect(coordinator.groupManager.getGroup('only-txn')?.hasPendingOffsetCommitsFromProducer(PRODUCER)).toBe(true);
      endTxn(ControlRecordType.Abort);
      expect(fetched('only-txn')).toEqual([-1n, -1n]);
    });

    it('replays committed and aborted transactions whose markers were written before the load', async () => {
      await start();
      await txnCommit('committed', [['t', 0, 11n]], 1);
      await txnCommit('aborted', [['t', 0, 22n]], 2);
      coordinator.onResignation(0);
      // The markers land while another broker leads; this one replays them.
      appendMarker(log, ControlRecordType.Commit, 1, EPOCH);
      appendMarker(log, ControlRecordType.Abort, 2, EPOCH);
      await loaded(coordinator);
      expect(fetched('committed')).toEqual([11n, -1n]);
      expect(fetched('aborted')).toEqual([-1n, -1n]);
      expect(coordinator.groupManager.getGroup('committed')!.hasPendingOffsetCommitsFromProducer(1)).toBe(false);
    });

    it('a marker written while the partition loads is replayed: the early completion found no group', async () => {
      await start();
      await txnCommit('g', [['t', 0, 42n]]);
      // Enough records that the load (1 KiB reads) takes several chunks.
      for (let i = 0; i < 20; i++) await plainCommit(`filler-${i}`, [['t', 0, BigInt(i)]]);
      coordinator.onResignation(0);
      coordinator.onElection(0);
      await yieldToIo(); // the load has read its first chunk and waits for its next turn
      expect(coordinator.groupManager.isLoading).toBe(true);
      endTxn(ControlRecordType.Commit);
      await untilLoaded(coordinator);
      expect(fetched('g')).toEqual([42n, -1n]);
    });
  });

  it('does not expire a group whose only offsets are pending in a transaction', async () => {
    await start(50);
    await txnCommit('g', [['t', 0, 42n]]);
    clock.advance(1000);
    coordinator.groupManager.cleanupExpiredOffsets();
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Empty');
    endTxn(ControlRecordType.Commit);
    expect(fetched('g')).toEqual([42n, -1n]);
  });

  it('drops pending offsets of deleted partitions', async () => {
    await start();
    await txnCommit('g', [['t', 0, 42n], ['u', 0, 9n]]);
    coordinator.handleDeletedPartitions([T0]);
    endTxn(ControlRecordType.Commit);
    expect(fetched('g', [T0, { topic: 'u', partition: 0 }])).toEqual([-1n, 9n]);
  });
});
