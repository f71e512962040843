// TxnOffsetCommit (key 28) from request to response, with the real group coordinator on a real
// offsets partition: per-partition errors, the offsets pending until the transaction completes
// (OffsetFetch, key 9, does not see them before), v2's leader epoch, and its place in the
// broker's API table.

import { silentLogger } from '../../../src/common/logger';
import type { GroupCoordinator } from '../../../src/coordinator/group/group-coordinator';
import { LogManager, defaultLogConfig } from '../../../src/log';
import type { Log } from '../../../src/log/log';
import { ErrorCode } from '../../../src/protocol/errors';
import type { OffsetFetchResponse, TxnOffsetCommitRequest, TxnOffsetCommitResponse, UpdateMetadataPartitionState } from '../../../src/protocol/generated';
import { ControlRecordType } from '../../../src/protocol/records/control-record';
import { createOffsetFetchHandler } from '../../../src/server/apis/09-offset-fetch';
import { createTxnOffsetCommitHandler } from '../../../src/server/apis/28-txn-offset-commit';
import { RequestContext } from '../../../src/server/apis/api-handler';
import { createBrokerApis } from '../../../src/server/broker-apis';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { cleanupTempDirs, tempDir } from '../../log/helpers';
import { appendMarker, coordinatorSettings, loaded, newCoordinator, openOffsetsLog } from '../../coordinator/group/coordinator-harness';

afterEach(cleanupTempDirs);

const ctx = (apiKey: number, version: number) =>
  new RequestContext({ requestApiKey: apiKey, requestApiVersion: version, correlationId: 1, clientId: 'producer' }, { listenerName: 'PLAINTEXT', clientHost: '127.0.0.1', clientPort: 1, connectionId: 'c' });

/** A cache that knows topic t with partitions 0 and 1. */
function metadataCache(): MetadataCache {
  const cache = new MetadataCache(1);
  const state = (partitionIndex: number): UpdateMetadataPartitionState => ({ topicName: '', partitionIndex, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] });
  cache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: [{ topicName: 't', partitionStates: [state(0), state(1)] }],
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
  return cache;
}

function request(topics: Array<[string, Array<[number, bigint, number?]>]>, groupId = 'g'): TxnOffsetCommitRequest {
  return {
    transactionalId: 'txn-1',
    groupId,
    producerId: 4000n,
    producerEpoch: 0,
    topics: topics.map(([name, partitions]) => ({
      name,
      partitions: partitions.map(([partitionIndex, committedOffset, committedLeaderEpoch]) => ({ partitionIndex, committedOffset, committedLeaderEpoch: committedLeaderEpoch ?? -1, committedMetadata: null })),
    })),
  };
}

const errors = (response: TxnOffsetCommitResponse | symbol | null) => {
  if (response === null || typeof response === 'symbol') throw new Error('expected a response');
  return response.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]);
};

describe('TxnOffsetCommit handler', () => {
  let coordinator: GroupCoordinator;
  let log: Log;
  afterEach(() => coordinator?.shutdown());

  function setUp() {
    log = openOffsetsLog();
    ({ coordinator } = newCoordinator(log));
    const deps = { coordinator, metadataCache: metadataCache() };
    return { txnOffsetCommit: createTxnOffsetCommitHandler(deps), offsetFetch: createOffsetFetchHandler(deps) };
  }

  async function fetchOffsets(offsetFetch: ReturnType<typeof setUp>['offsetFetch']) {
    const response = (await offsetFetch.handle({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }] }, ctx(9, 5))) as OffsetFetchResponse;
    expect(response.errorCode).toBe(ErrorCode.NONE);
    return response.topics[0].partitions.map((p) => [p.committedOffset, p.committedLeaderEpoch]);
  }

  it('commits pending offsets that OffsetFetch sees only after the commit completes, with v2\'s leader epoch', async () => {
    const { txnOffsetCommit, offsetFetch } = setUp();
    await loaded(coordinator);
    const response = await txnOffsetCommit.handle(request([['t', [[0, 42n, 5], [1, 7n, 6]]]]), ctx(28, 2));
    expect(errors(response)).toEqual([['t', [[0, ErrorCode.NONE], [1, ErrorCode.NONE]]]]);
    expect(await fetchOffsets(offsetFetch)).toEqual([[-1n, -1], [-1n, -1]]);
    appendMarker(log, ControlRecordType.Commit, 4000, 0);
    coordinator.scheduleHandleTxnCompletion(4000, [0], 'commit');
    expect(await fetchOffsets(offsetFetch)).toEqual([[42n, 5], [7n, 6]]);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for partitions the metadata cache does not know, and commits the rest', async () => {
    const { txnOffsetCommit } = setUp();
    await loaded(coordinator);
    const response = await txnOffsetCommit.handle(request([['t', [[0, 1n], [9, 1n]]], ['nope', [[0, 1n]]]]), ctx(28, 0));
    expect(errors(response)).toEqual([
      ['t', [[0, ErrorCode.NONE], [9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]],
      ['nope', [[0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]],
    ]);
    expect(coordinator.groupManager.getGroup('g')?.hasPendingOffsetCommitsFromProducer(4000)).toBe(true);
  });

  it('answers the coordinator\'s errors per partition, keeping UNKNOWN_TOPIC_OR_PARTITION where it applies', async () => {
    const { txnOffsetCommit } = setUp();
    const notLoaded = await txnOffsetCommit.handle(request([['t', [[0, 1n], [9, 1n]]]]), ctx(28, 1));
    expect(errors(notLoaded)).toEqual([['t', [[0, ErrorCode.NOT_COORDINATOR], [9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]]]);
    coordinator.onElection(0);
    expect(errors(await txnOffsetCommit.handle(request([['t', [[0, 1n]]]]), ctx(28, 1)))).toEqual([['t', [[0, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]]]]);
    expect(errors(txnOffsetCommit.errorResponse!(request([['t', [[0, 1n], [1, 1n]]]]), ErrorCode.UNKNOWN_SERVER_ERROR, ctx(28, 1)))).toEqual([
      ['t', [[0, ErrorCode.UNKNOWN_SERVER_ERROR], [1, ErrorCode.UNKNOWN_SERVER_ERROR]]],
    ]);
  });

  it('is in the broker\'s API table next to the other group APIs', () => {
    const logManager = LogManager.open({ logDirs: [tempDir('broker-apis-')], defaultConfig: defaultLogConfig() });
    try {
      const replicaManager = new ReplicaManager({ brokerId: 1, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger });
      const { registry } = createBrokerApis({
        replicaManager,
        metadataCache: new MetadataCache(1),
        clusterId: 'c',
        brokerEpoch: () => 1n,
        autoCreateTopicsEnable: false,
        autoCreateTopics: async () => undefined,
        logger: silentLogger,
        groups: { config: coordinatorSettings(), createOffsetsTopic: async () => undefined },
      });
      // Kafka 2.4.1's range, exactly.
      expect(registry.advertisedVersions().find((k) => k.apiKey === 28)).toEqual({ apiKey: 28, minVersion: 0, maxVersion: 2 });
    } finally {
      logManager.shutdown();
    }
  });
});
