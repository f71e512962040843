// Authorization of the transaction APIs as Kafka 2.4.1's KafkaApis does it: InitProducerId (Write
// on the transactional id, or IdempotentWrite on the cluster without one), AddPartitionsToTxn
// (Write on the id, then Write per topic, internal topics never writable, failures making the rest
// OPERATION_NOT_ATTEMPTED), AddOffsetsToTxn (Write on the id, then Read on the group), EndTxn and
// TxnOffsetCommit (Write on the id, Read on the group, Read per topic). The transaction and group
// coordinators are the real ones on real logs; the allowed paths show through their answers
// (NOT_COORDINATOR where this broker has not loaded the id's partition). AllowListAuthorizer
// stands in for the ACL table.

import type { GroupCoordinator } from '../../../src/coordinator/group/group-coordinator';
import { ErrorCode } from '../../../src/protocol/errors';
import type { AddPartitionsToTxnResponse, InitProducerIdRequest, TxnOffsetCommitResponse, UpdateMetadataPartitionState } from '../../../src/protocol/generated';
import { createInitProducerIdHandler, type ProducerIdService } from '../../../src/server/apis/22-init-producer-id';
import { createAddPartitionsToTxnHandler } from '../../../src/server/apis/24-add-partitions-to-txn';
import { createAddOffsetsToTxnHandler } from '../../../src/server/apis/25-add-offsets-to-txn';
import { createEndTxnHandler } from '../../../src/server/apis/26-end-txn';
import { createTxnOffsetCommitHandler } from '../../../src/server/apis/28-txn-offset-commit';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { cleanupTempDirs } from '../../log/helpers';
import { loaded, newCoordinator, openOffsetsLog } from '../../coordinator/group/coordinator-harness';
import { TxnTestBed } from '../../coordinator/transaction/txn-coordinator-harness';
import { Apis } from '../../../src/protocol/generated';
import { AllowListAuthorizer, contextFor, dispatch } from './allow-list-authorizer';

afterEach(cleanupTempDirs);

/** Topics t (partitions 0, 1) and u (0), and the internal __consumer_offsets (0). */
function metadataCache(): MetadataCache {
  const cache = new MetadataCache(1);
  const state = (partitionIndex: number): UpdateMetadataPartitionState => ({ topicName: '', partitionIndex, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] });
  cache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: [
      { topicName: 't', partitionStates: [state(0), state(1)] },
      { topicName: 'u', partitionStates: [state(0)] },
      { topicName: '__consumer_offsets', partitionStates: [state(0)] },
    ],
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
  return cache;
}

async function call<Res>(handler: { handle(r: never, c: ReturnType<typeof contextFor>): unknown }, apiKey: number, version: number, request: unknown, authorizer: AllowListAuthorizer | null): Promise<Res> {
  return (await handler.handle(request as never, contextFor(apiKey, version, authorizer))) as Res;
}

const TXN_WRITE = 'TransactionalId:tx:Write';

describe('InitProducerId', () => {
  const service = (): ProducerIdService & { calls: number } => {
    const s = { calls: 0, initProducerId: async () => (s.calls++, { errorCode: ErrorCode.NONE, producerId: 4000, producerEpoch: 0 }) };
    return s;
  };
  const request = (transactionalId: string | null): InitProducerIdRequest => ({ transactionalId, transactionTimeoutMs: 60_000 });

  it('a transactional producer needs Write on its id; an idempotent one IdempotentWrite on the cluster', async () => {
    const s = service();
    const handler = createInitProducerIdHandler(s);
    const nothing = new AllowListAuthorizer(['Cluster:kafka-cluster:IdempotentWrite']);
    expect(await call(handler, 22, 2, request('tx'), nothing)).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1n, producerEpoch: -1 });
    // Write on the id stands for the producer id: the cluster is not asked.
    expect(nothing.entries()).toEqual([TXN_WRITE]);
    expect(await call(handler, 22, 2, request(null), new AllowListAuthorizer([TXN_WRITE]))).toMatchObject({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, producerId: -1n });
    expect(s.calls).toBe(0);
    expect(await call(handler, 22, 2, request('tx'), new AllowListAuthorizer([TXN_WRITE]))).toMatchObject({ errorCode: ErrorCode.NONE, producerId: 4000n });
    expect(await call(handler, 22, 2, request(null), new AllowListAuthorizer(['Cluster:kafka-cluster:IdempotentWrite']))).toMatchObject({ errorCode: ErrorCode.NONE });
    expect(s.calls).toBe(2);
  });
});

describe('AddPartitionsToTxn, AddOffsetsToTxn, EndTxn', () => {
  let bed: TxnTestBed;
  beforeEach(() => (bed = new TxnTestBed()));
  const deps = () => ({ coordinator: bed.coordinator, metadataCache: metadataCache() });
  const add = (topics: Array<[string, number[]]>) => ({ transactionalId: 'tx', producerId: 1n, producerEpoch: 0, topics: topics.map(([name, partitions]) => ({ name, partitions })) });
  const errors = (response: AddPartitionsToTxnResponse) => response.results.flatMap((t) => t.results.map((p) => [`${t.name}-${p.partitionIndex}`, p.errorCode]));

  it('AddPartitionsToTxn: Write on the id first, every partition failing with TRANSACTIONAL_ID_AUTHORIZATION_FAILED', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:t:Write']);
    const response = await call<AddPartitionsToTxnResponse>(createAddPartitionsToTxnHandler(deps()), 24, 1, add([['t', [0, 1]]]), authorizer);
    expect(errors(response)).toEqual([
      ['t-0', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
      ['t-1', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
    ]);
    expect(authorizer.entries()).toEqual([TXN_WRITE]);
  });

  it('then Write per topic: refused and unknown partitions fail, the others are OPERATION_NOT_ATTEMPTED', async () => {
    const authorizer = new AllowListAuthorizer([TXN_WRITE, 'Topic:t:Write', 'Topic:gone:Write', 'Topic:__consumer_offsets:Write']);
    const response = await call<AddPartitionsToTxnResponse>(
      createAddPartitionsToTxnHandler(deps()), 24, 1, add([['t', [0, 1]], ['u', [0]], ['gone', [0]], ['__consumer_offsets', [0]]]), authorizer);
    expect(errors(response)).toEqual([
      ['t-0', ErrorCode.OPERATION_NOT_ATTEMPTED],
      ['t-1', ErrorCode.OPERATION_NOT_ATTEMPTED],
      ['u-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['gone-0', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      // Internal topics are never asked about, so never writable here.
      ['__consumer_offsets-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
    expect(authorizer.entries()).not.toContain('Topic:__consumer_offsets:Write');
    expect(authorizer.asked.find((a) => a.entry === 'Topic:t:Write')?.count).toBe(2);
  });

  it('an internal topic is refused even without an authorizer, as in 2.4.1', async () => {
    const response = await call<AddPartitionsToTxnResponse>(createAddPartitionsToTxnHandler(deps()), 24, 1, add([['t', [0]], ['__consumer_offsets', [0]]]), null);
    expect(errors(response)).toEqual([
      ['t-0', ErrorCode.OPERATION_NOT_ATTEMPTED],
      ['__consumer_offsets-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
  });

  it('with every check passed the coordinator answers each partition', async () => {
    const response = await call<AddPartitionsToTxnResponse>(createAddPartitionsToTxnHandler(deps()), 24, 1, add([['t', [0, 1]]]), new AllowListAuthorizer([TXN_WRITE, 'Topic:t:Write']));
    expect(errors(response)).toEqual([
      ['t-0', ErrorCode.NOT_COORDINATOR],
      ['t-1', ErrorCode.NOT_COORDINATOR],
    ]);
  });

  it('AddOffsetsToTxn: Write on the id, then Read on the group', async () => {
    const handler = createAddOffsetsToTxnHandler({ ...deps(), offsetsPartitionFor: () => 0 });
    const request = { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, groupId: 'g' };
    expect(await call(handler, 25, 1, request, new AllowListAuthorizer(['Group:g:Read']))).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED });
    const groupDenied = new AllowListAuthorizer([TXN_WRITE]);
    expect(await call(handler, 25, 1, request, groupDenied)).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });
    expect(groupDenied.entries()).toEqual([TXN_WRITE, 'Group:g:Read']);
    expect(await call(handler, 25, 1, request, new AllowListAuthorizer([TXN_WRITE, 'Group:g:Read']))).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR });
  });

  it('EndTxn: Write on the id', async () => {
    const handler = createEndTxnHandler(deps());
    const request = { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, committed: true };
    expect(await call(handler, 26, 1, request, new AllowListAuthorizer())).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED });
    expect(await call(handler, 26, 1, request, new AllowListAuthorizer([TXN_WRITE]))).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR });
  });
});

describe('TxnOffsetCommit', () => {
  let coordinator: GroupCoordinator;
  beforeEach(async () => {
    ({ coordinator } = newCoordinator(openOffsetsLog()));
    await loaded(coordinator);
  });
  afterEach(() => coordinator.shutdown());

  const request = (topics: Array<[string, number[]]>) => ({
    transactionalId: 'tx',
    groupId: 'g',
    producerId: 4000n,
    producerEpoch: 0,
    topics: topics.map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null })) })),
  });
  const errors = (response: TxnOffsetCommitResponse) => response.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.errorCode]));

  it('needs Write on the id, then Read on the group, each failing every partition', async () => {
    const handler = createTxnOffsetCommitHandler({ coordinator, metadataCache: metadataCache() });
    expect(errors(await call(handler, 28, 2, request([['t', [0, 1]]]), new AllowListAuthorizer(['Group:g:Read', 'Topic:t:Read'])))).toEqual([
      ['t-0', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
      ['t-1', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
    ]);
    expect(errors(await call(handler, 28, 2, request([['t', [0]]]), new AllowListAuthorizer([TXN_WRITE, 'Topic:t:Read'])))).toEqual([['t-0', ErrorCode.GROUP_AUTHORIZATION_FAILED]]);
    expect(coordinator.groupManager.getGroup('g')).toBeUndefined();
  });

  it('then Read per topic: TOPIC_AUTHORIZATION_FAILED before UNKNOWN_TOPIC_OR_PARTITION; the rest is committed', async () => {
    const handler = createTxnOffsetCommitHandler({ coordinator, metadataCache: metadataCache() });
    const authorizer = new AllowListAuthorizer([TXN_WRITE, 'Group:g:Read', 'Topic:t:Read', 'Topic:gone:Read']);
    expect(errors(await call(handler, 28, 2, request([['t', [0]], ['u', [0]], ['gone', [0]]]), authorizer))).toEqual([
      ['t-0', ErrorCode.NONE],
      ['u-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['gone-0', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(coordinator.groupManager.getGroup('g')?.hasPendingOffsetCommitsFromProducer(4000)).toBe(true);
  });
});

describe('refusals at version 0 encode like any answer', () => {
  it('each transaction API answers TRANSACTIONAL_ID_AUTHORIZATION_FAILED over the wire at v0', async () => {
    const bed = new TxnTestBed();
    const { coordinator } = newCoordinator(openOffsetsLog());
    try {
      const txnDeps = { coordinator: bed.coordinator, metadataCache: metadataCache() };
      const denied = 53;
      const service = { initProducerId: async () => ({ errorCode: 0, producerId: 1, producerEpoch: 0 }) };
      expect((await dispatch(createInitProducerIdHandler(service), Apis.InitProducerId, 0, { transactionalId: 'tx', transactionTimeoutMs: 1000 }, new AllowListAuthorizer())).body!.errorCode).toBe(denied);
      const added = await dispatch(createAddPartitionsToTxnHandler(txnDeps), Apis.AddPartitionsToTxn, 0, { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, topics: [{ name: 't', partitions: [0] }] }, new AllowListAuthorizer());
      expect(added.body!.results[0].results[0].errorCode).toBe(denied);
      const offsets = createAddOffsetsToTxnHandler({ ...txnDeps, offsetsPartitionFor: () => 0 });
      expect((await dispatch(offsets, Apis.AddOffsetsToTxn, 0, { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, groupId: 'g' }, new AllowListAuthorizer())).body!.errorCode).toBe(denied);
      expect((await dispatch(createEndTxnHandler(txnDeps), Apis.EndTxn, 0, { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, committed: false }, new AllowListAuthorizer())).body!.errorCode).toBe(denied);
      const txnCommit = createTxnOffsetCommitHandler({ coordinator, metadataCache: metadataCache() });
      const request = { transactionalId: 'tx', groupId: 'g', producerId: 1n, producerEpoch: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }] };
      expect((await dispatch(txnCommit, Apis.TxnOffsetCommit, 0, request, new AllowListAuthorizer())).body!.topics[0].partitions[0].errorCode).toBe(denied);
    } finally {
      coordinator.shutdown();
    }
  });
});
