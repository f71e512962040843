// Delivering a transaction's markers to its partitions' leaders (TransactionMarkerChannel) and
// completing it after: retries when the broker cannot be reached, the leader moved or there is
// no leader, partitions whose topic is gone are skipped, and the answers of the data logs'
// producer state (a newer coordinator epoch fences this coordinator) stop the sending.

import { TransactionState } from '../../../src/coordinator/transaction/transaction-log';
import { ErrorCode, errorName } from '../../../src/protocol/errors';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { AppendOrigin } from '../../../src/log';
import { cleanupTempDirs } from '../../log/helpers';
import { COORDINATOR_EPOCH, LEADER, T0, T1, TxnTestBed, eventually, transactionalIdOn } from './txn-coordinator-harness';

const ID = transactionalIdOn(0);

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
const commitMarker = (producerId: number) => ({ type: ControlRecordType.Commit, producerId, producerEpoch: 0, coordinatorEpoch: COORDINATOR_EPOCH });
/** The partitions each WriteTxnMarkers request carried, as `topic-partition`. */
const sentPartitions = () => bed.data.sends.map((s) => s.markers.flatMap((m) => m.topics.flatMap((t) => t.partitionIndexes.map((p) => `${t.name}-${p}`))));

async function committing(partitions = [T0]): Promise<number> {
  const { producerId } = await bed.begin(ID, partitions);
  expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('NONE');
  return producerId;
}

it('sends one request per leader with all of the transaction\'s partitions', async () => {
  const producerId = await committing([T0, T1]);
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(bed.data.sends.map((s) => s.brokerId)).toEqual([LEADER]);
  expect(bed.data.sends[0].markers).toEqual([{ producerId: BigInt(producerId), producerEpoch: 0, transactionResult: true, coordinatorEpoch: COORDINATOR_EPOCH, topics: [{ name: 't', partitionIndexes: [0, 1] }] }]);
  expect(bed.t.channel.pendingTransactionalIds).toEqual([]);
});

it('retries a request the broker did not answer (connection refused) until it gets through', async () => {
  bed.data.rejectNextSends = 2;
  const producerId = await committing();
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(bed.data.sends.length).toBe(3);
  expect(bed.data.markers('t', 0)).toEqual([commitMarker(producerId)]);
});

it('sends again to a partition that answered NOT_LEADER_FOR_PARTITION, the others are done', async () => {
  bed.data.scriptedAnswers.set('t-0', [ErrorCode.NOT_LEADER_FOR_PARTITION]);
  const producerId = await committing([T0, T1]);
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(sentPartitions()).toEqual([['t-0', 't-1'], ['t-0']]);
  expect([bed.data.markers('t', 0), bed.data.markers('t', 1)]).toEqual([[commitMarker(producerId)], [commitMarker(producerId)]]);
});

it('waits while a partition has no live leader and sends once it has one', async () => {
  bed.data.leaders.set('t-0', -1);
  const producerId = await committing();
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect([bed.cached(ID).state, bed.data.sends.length]).toEqual([TransactionState.PrepareCommit, 0]);

  bed.data.leaders.delete('t-0');
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(bed.data.markers('t', 0)).toEqual([commitMarker(producerId)]);
});

it('skips a partition whose topic is gone and completes the transaction', async () => {
  const producerId = await committing([T0, { topic: 'deleted', partition: 0 }]);
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(sentPartitions()).toEqual([['t-0']]);
  expect(bed.data.markers('t', 0)).toEqual([commitMarker(producerId)]);
});

it('completes at once when every partition\'s topic is gone', async () => {
  await committing([{ topic: 'deleted', partition: 0 }]);
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(bed.data.sends).toEqual([]);
});

it('drops a partition whose log cannot hold markers (UNSUPPORTED_FOR_MESSAGE_FORMAT), as Kafka 2.4.1 does, and completes', async () => {
  bed.data.scriptedAnswers.set('t-1', [ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT]);
  const producerId = await committing([T0, T1]);
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(sentPartitions()).toEqual([['t-0', 't-1']]);
  expect(bed.data.markers('t', 0)).toEqual([commitMarker(producerId)]);
});

it('retries writing CompleteCommit while __transaction_state is not available', async () => {
  await committing();
  // The markers go out on a later turn of the event loop: this fails the completion's write.
  bed.state.partitions[0].failNextWith = ErrorCode.NOT_ENOUGH_REPLICAS;
  await bed.settled(ID, TransactionState.CompleteCommit);
  expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', 'PrepareCommit', 'CompleteCommit']);
  expect(bed.data.markers('t', 0).length).toBe(1);
});

it('stops sending when a partition says a newer coordinator wrote this producer\'s markers (TRANSACTION_COORDINATOR_FENCED)', async () => {
  const { producerId } = await bed.begin(ID);
  // A coordinator at a later epoch already ended a transaction of this producer in t-0.
  const zombie = buildControlBatch({ type: ControlRecordType.Abort, coordinatorEpoch: COORDINATOR_EPOCH + 1, producerId, producerEpoch: 0, timestamp: Date.now() });
  bed.data.log('t', 0).appendAsLeader(zombie, 0, { origin: AppendOrigin.Coordinator });

  expect(named(await bed.coordinator.handleEndTransaction(ID, producerId, 0, 'commit'))).toBe('NONE');
  await eventually(() => bed.data.sends.length > 0 && bed.t.channel.pendingTransactionalIds.length === 0);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(bed.data.sends.length).toBe(1);
  expect(bed.data.markers('t', 0).map((m) => m.coordinatorEpoch)).toEqual([COORDINATOR_EPOCH + 1]);
  expect(bed.cached(ID).state).toBe(TransactionState.PrepareCommit);
  expect(bed.statesWritten(ID)).toEqual(['Empty', 'Ongoing', 'PrepareCommit']);
});
