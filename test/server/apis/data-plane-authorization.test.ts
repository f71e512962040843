// Authorization of Produce, Fetch, ListOffsets and DeleteRecords as Kafka 2.4.1's KafkaApis does
// it, over a real ReplicaManager leading real logs: the transactional id / IdempotentWrite checks
// of Produce, per-topic Write, Read, Describe and Delete, unauthorized partitions answered
// TOPIC_AUTHORIZATION_FAILED whether the topic exists or not (and never appended or read), Fetch's
// ClusterAction for followers and its refused partitions placed last, and nothing asked without an
// authorizer. AllowListAuthorizer stands in for the ACL table.

import { silentLogger } from '../../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../../src/log';
import { ErrorCode } from '../../../src/protocol/errors';
import { Apis, type FetchRequest, type ProduceRequest } from '../../../src/protocol/generated';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { createProduceHandler } from '../../../src/server/apis/00-produce';
import { createFetchHandler } from '../../../src/server/apis/01-fetch';
import { createListOffsetsHandler } from '../../../src/server/apis/02-list-offsets';
import { createDeleteRecordsHandler } from '../../../src/server/apis/21-delete-records';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { cleanupTempDirs, tempDir } from '../../log/helpers';
import { AllowListAuthorizer, dispatch } from './allow-list-authorizer';

let logManager: LogManager;
let replicaManager: ReplicaManager;
let metadataCache: MetadataCache;

const partitionState = (partitionIndex: number) => ({
  topicName: '',
  partitionIndex,
  controllerEpoch: 1,
  leader: 1,
  leaderEpoch: 0,
  // Broker 2 replicates but is out of sync, so the high watermark follows the leader alone.
  isr: [1],
  zkVersion: 0,
  replicas: [1, 2],
  addingReplicas: [],
  removingReplicas: [],
  isNew: true,
});

/** Broker 1 leads open-0, open-1 and secret-0; the metadata cache knows both topics. */
beforeEach(() => {
  logManager = LogManager.open({ logDirs: [tempDir('data-plane-auth-')], defaultConfig: defaultLogConfig() });
  // Broker 2 is down, so DeleteRecords waits for no follower.
  replicaManager = new ReplicaManager({ brokerId: 1, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger, isBrokerAlive: (id) => id === 1 });
  const topicStates = [
    { topicName: 'open', partitionStates: [partitionState(0), partitionState(1)] },
    { topicName: 'secret', partitionStates: [partitionState(0)] },
  ];
  expect(replicaManager.becomeLeaderOrFollower({ controllerId: 1, controllerEpoch: 1, brokerEpoch: -1n, ungroupedPartitionStates: [], topicStates, liveLeaders: [] }).errorCode).toBe(0);
  metadataCache = new MetadataCache(1);
  metadataCache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: topicStates.map((t) => ({ topicName: t.topicName, partitionStates: t.partitionStates.map((s) => ({ ...s, offlineReplicas: [] })) })),
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
});
afterEach(() => {
  logManager.shutdown();
  cleanupTempDirs();
});

const logEnd = (topic: string, partition: number) => replicaManager.getPartition(topic, partition)!.log!.logEndOffset;
const records = (options: Parameters<typeof buildRecordBatch>[1] = {}) => buildRecordBatch([{ value: Buffer.from('v'), timestamp: Date.now() }], options);

function produce(partitions: Array<[string, number]>, options: { acks?: number; transactionalId?: string | null; batch?: Buffer } = {}): ProduceRequest {
  const byTopic = new Map<string, number[]>();
  for (const [topic, p] of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), p]);
  return {
    transactionalId: options.transactionalId ?? null,
    acks: options.acks ?? 1,
    timeoutMs: 1000,
    topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, records: options.batch ?? records() })) })),
  };
}

const produceErrors = (body: { responses: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }> } | null) =>
  body!.responses.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.errorCode]));

describe('Produce', () => {
  const handler = () => createProduceHandler({ replicaManager });

  it('needs Write per topic: others are TOPIC_AUTHORIZATION_FAILED, existing or not, and nothing is appended to them', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:open:Write', 'Topic:missing:Write']);
    const { body } = await dispatch(handler(), Apis.Produce, 8, produce([['open', 0], ['open', 1], ['secret', 0], ['missing', 0], ['nowhere', 0]]), authorizer);
    expect(produceErrors(body)).toEqual([
      ['open-0', ErrorCode.NONE],
      ['open-1', ErrorCode.NONE],
      ['secret-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      // Authorized but unknown here: only then does the client learn it does not exist.
      ['missing-0', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['nowhere-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
    expect([logEnd('open', 0), logEnd('open', 1), logEnd('secret', 0)]).toEqual([1, 1, 0]);
    expect(body!.responses[1].partitions[0]).toMatchObject({ baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n });
    // One check per topic, counting its partitions, logged both ways.
    expect(authorizer.asked.find((a) => a.entry === 'Topic:open:Write')).toEqual({ entry: 'Topic:open:Write', allowed: true, logIfAllowed: true, logIfDenied: true, count: 2 });
  });

  it('transactional batches need the transactional id and Write on it, asked before any topic', async () => {
    const batch = records({ transactional: true, producerId: 9, producerEpoch: 0 });
    const none = new AllowListAuthorizer(['Topic:open:Write']);
    const withoutId = await dispatch(handler(), Apis.Produce, 8, produce([['open', 0], ['secret', 0]], { batch }), none);
    expect(produceErrors(withoutId.body)).toEqual([
      ['open-0', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
      ['secret-0', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
    ]);
    const deniedId = await dispatch(handler(), Apis.Produce, 8, produce([['open', 0]], { batch, transactionalId: 'tx' }), none);
    expect(produceErrors(deniedId.body)).toEqual([['open-0', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED]]);
    expect(none.entries()).toEqual(['TransactionalId:tx:Write']);

    const allowedId = new AllowListAuthorizer(['TransactionalId:tx:Write']);
    const topicDenied = await dispatch(handler(), Apis.Produce, 8, produce([['open', 0]], { batch, transactionalId: 'tx' }), allowedId);
    expect(produceErrors(topicDenied.body)).toEqual([['open-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED]]);
    // Write on the transactional id stands for the producer id: IdempotentWrite is not asked.
    expect(allowedId.entries()).toEqual(['TransactionalId:tx:Write', 'Topic:open:Write']);
    expect(logEnd('open', 0)).toBe(0);
  });

  it('idempotent batches need IdempotentWrite on the cluster (CLUSTER_AUTHORIZATION_FAILED); plain ones do not ask', async () => {
    const batch = records({ producerId: 9, producerEpoch: 0, baseSequence: 0 });
    const denied = new AllowListAuthorizer(['Topic:open:Write']);
    expect(produceErrors((await dispatch(handler(), Apis.Produce, 8, produce([['open', 0]], { batch }), denied)).body)).toEqual([['open-0', ErrorCode.CLUSTER_AUTHORIZATION_FAILED]]);
    const allowed = new AllowListAuthorizer(['Topic:open:Write', 'Cluster:kafka-cluster:IdempotentWrite']);
    expect(produceErrors((await dispatch(handler(), Apis.Produce, 8, produce([['open', 0]], { batch }), allowed)).body)).toEqual([['open-0', ErrorCode.NONE]]);
    const plain = new AllowListAuthorizer(['Topic:open:Write']);
    await dispatch(handler(), Apis.Produce, 8, produce([['open', 1]]), plain);
    expect(plain.entries()).toEqual(['Topic:open:Write']);
  });

  it('acks=0 with an unauthorized topic appends the authorized partitions and closes the connection', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:open:Write']);
    await expect(dispatch(handler(), Apis.Produce, 8, produce([['open', 0], ['secret', 0]], { acks: 0 }), authorizer)).rejects.toThrow(/no response to give/);
    expect([logEnd('open', 0), logEnd('secret', 0)]).toEqual([1, 0]);
    const all = await dispatch(handler(), Apis.Produce, 8, produce([['open', 0]], { acks: 0 }), authorizer);
    expect(all.body).toBeNull();
  });

  it('with no authorizer every topic is written as before', async () => {
    const { body } = await dispatch(handler(), Apis.Produce, 8, produce([['secret', 0]], { batch: records({ producerId: 3, producerEpoch: 0, baseSequence: 0 }) }), null);
    expect(produceErrors(body)).toEqual([['secret-0', ErrorCode.NONE]]);
  });
});

describe('Fetch', () => {
  beforeEach(async () => {
    await dispatch(createProduceHandler({ replicaManager }), Apis.Produce, 8, produce([['open', 0], ['secret', 0]]), null);
  });
  const handler = () => createFetchHandler({ replicaManager });
  const fetch = (replicaId: number, topics: string[]): FetchRequest => ({
    replicaId,
    maxWait: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    epoch: -1,
    topics: topics.map((name) => ({ name, fetchPartitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, maxBytes: 1 << 20 }] })),
    forgotten: [],
    rackId: '',
  });

  it('a consumer needs Read per topic; refused partitions come last, with offsets -1, no aborted list and no records', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:open:Read']);
    const { body } = await dispatch(handler(), Apis.Fetch, 11, fetch(-1, ['secret', 'open']), authorizer);
    expect(body!.errorCode).toBe(ErrorCode.NONE);
    expect(body!.topics.map((t) => t.name)).toEqual(['open', 'secret']);
    expect(body!.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect(body!.topics[0].partitions[0].records!.length).toBeGreaterThan(0);
    expect(body!.topics[1].partitions[0]).toEqual({
      partitionIndex: 0,
      errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
      highWatermark: -1n,
      lastStableOffset: -1n,
      logStartOffset: -1n,
      aborted: null,
      preferredReadReplica: -1,
      records: Buffer.alloc(0),
    });
  });

  it('a follower needs ClusterAction: without it every partition is TOPIC_AUTHORIZATION_FAILED and the leader learns nothing', async () => {
    const denied = new AllowListAuthorizer(['Topic:open:Read', 'Topic:secret:Read']);
    const { body } = await dispatch(handler(), Apis.Fetch, 11, fetch(2, ['open', 'secret']), denied);
    expect(body!.topics.map((t) => [t.name, t.partitions[0].errorCode])).toEqual([
      ['open', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['secret', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
    expect(denied.entries()).toEqual(['Cluster:kafka-cluster:ClusterAction']);
    const allowed = new AllowListAuthorizer(['Cluster:kafka-cluster:ClusterAction']);
    const served = await dispatch(handler(), Apis.Fetch, 11, fetch(2, ['open', 'secret']), allowed);
    expect(served.body!.topics.map((t) => [t.name, t.partitions[0].errorCode])).toEqual([
      ['open', ErrorCode.NONE],
      ['secret', ErrorCode.NONE],
    ]);
  });

  it('before v4 the refused partition has no aborted-transactions field to be null', async () => {
    const { body } = await dispatch(handler(), Apis.Fetch, 3, fetch(-1, ['secret']), new AllowListAuthorizer());
    expect(body!.topics[0].partitions[0].errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });
});

describe('ListOffsets and DeleteRecords', () => {
  it('ListOffsets needs Describe per topic: TOPIC_AUTHORIZATION_FAILED, offset and timestamp -1', async () => {
    const request = (version: number) => ({
      replicaId: -1,
      isolationLevel: 0,
      topics: ['open', 'secret'].map((name) => ({ name, partitions: [{ partitionIndex: 0, currentLeaderEpoch: version >= 4 ? -1 : 0, timestamp: -1n, maxNumOffsets: version === 0 ? 1 : 0 }] })),
    });
    const { body } = await dispatch(createListOffsetsHandler({ replicaManager }), Apis.ListOffset, 5, request(5), new AllowListAuthorizer(['Topic:open:Describe']));
    expect(body!.topics.map((t) => [t.name, t.partitions[0].errorCode, t.partitions[0].offset, t.partitions[0].timestamp, t.partitions[0].leaderEpoch])).toEqual([
      ['open', ErrorCode.NONE, 0n, -1n, 0],
      ['secret', ErrorCode.TOPIC_AUTHORIZATION_FAILED, -1n, -1n, -1],
    ]);
    const v0 = await dispatch(createListOffsetsHandler({ replicaManager }), Apis.ListOffset, 0, request(0), new AllowListAuthorizer(['Topic:open:Describe']));
    expect(v0.body!.topics[1].partitions[0]).toMatchObject({ errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, oldStyleOffsets: [] });
  });

  it('DeleteRecords needs Delete per topic, checked before the topic\'s existence; refused logs keep their records', async () => {
    await dispatch(createProduceHandler({ replicaManager }), Apis.Produce, 8, produce([['open', 0], ['secret', 0]]), null);
    const request = { timeoutMs: 1000, topics: ['open', 'secret', 'missing'].map((name) => ({ name, partitions: [{ partitionIndex: 0, offset: -1n }] })) };
    const authorizer = new AllowListAuthorizer(['Topic:open:Delete', 'Topic:missing:Delete']);
    const { body } = await dispatch(createDeleteRecordsHandler({ replicaManager, metadataCache }), Apis.DeleteRecords, 1, request, authorizer);
    expect(body!.topics.map((t) => [t.name, t.partitions[0].errorCode, t.partitions[0].lowWatermark])).toEqual([
      ['open', ErrorCode.NONE, 1n],
      ['secret', ErrorCode.TOPIC_AUTHORIZATION_FAILED, -1n],
      ['missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1n],
    ]);
    expect(replicaManager.getPartition('secret', 0)!.log!.logStartOffset).toBe(0);
  });
});
