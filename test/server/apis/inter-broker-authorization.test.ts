// Authorization of the inter-broker APIs as Kafka 2.4.1's KafkaApis does it: LeaderAndIsr,
// StopReplica, UpdateMetadata, ControlledShutdown and WriteTxnMarkers need ClusterAction on the
// cluster, checked before anything else, and a denial fails the whole request through its error
// response (logged at error level, as Kafka's handleError does); OffsetForLeaderEpoch takes
// ClusterAction (not logged when denied) or else Describe per topic. Requests go through the real
// dispatcher; the authorizer is AllowListAuthorizer, which stands in for the ACL table.

import { silentLogger } from '../../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../../src/log';
import { ErrorCode } from '../../../src/protocol/errors';
import { Apis } from '../../../src/protocol/generated';
import { createLeaderAndIsrHandler } from '../../../src/server/apis/04-leader-and-isr';
import { createStopReplicaHandler } from '../../../src/server/apis/05-stop-replica';
import { createUpdateMetadataHandler } from '../../../src/server/apis/06-update-metadata';
import { createControlledShutdownHandler, type ControlledShutdownService } from '../../../src/server/apis/07-controlled-shutdown';
import { createOffsetForLeaderEpochHandler } from '../../../src/server/apis/23-offset-for-leader-epoch';
import { createWriteTxnMarkersHandler } from '../../../src/server/apis/27-write-txn-markers';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { cleanupTempDirs, tempDir } from '../../log/helpers';
import { AllowListAuthorizer, dispatch } from './allow-list-authorizer';

const CLUSTER_ACTION = 'Cluster:kafka-cluster:ClusterAction';

let logManager: LogManager;
let replicaManager: ReplicaManager;
beforeEach(() => {
  logManager = LogManager.open({ logDirs: [tempDir('inter-broker-auth-')], defaultConfig: defaultLogConfig() });
  replicaManager = new ReplicaManager({ brokerId: 1, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger });
});
afterEach(() => {
  logManager.shutdown();
  cleanupTempDirs();
});

/** The current broker epoch is 5: requests carrying 1 are stale, which shows they passed authorization. */
const brokerEpoch = () => 5n;

const partitionState = (partitionIndex: number) => ({
  topicName: 't',
  partitionIndex,
  controllerEpoch: 1,
  leader: 1,
  leaderEpoch: 0,
  isr: [1],
  zkVersion: 0,
  replicas: [1],
  addingReplicas: [],
  removingReplicas: [],
  isNew: true,
});

describe('LeaderAndIsr, StopReplica, UpdateMetadata', () => {
  const leaderAndIsr = { controllerId: 1, controllerEpoch: 1, brokerEpoch: 1n, ungroupedPartitionStates: [], topicStates: [{ topicName: 't', partitionStates: [partitionState(0), partitionState(1)] }], liveLeaders: [] };

  it('LeaderAndIsr without ClusterAction: CLUSTER_AUTHORIZATION_FAILED on the request and every partition, logged, before the epoch check', async () => {
    const authorizer = new AllowListAuthorizer();
    const handler = createLeaderAndIsrHandler({ replicaManager, brokerEpoch });
    const { body, logger } = await dispatch(handler, Apis.LeaderAndIsr, 4, leaderAndIsr, authorizer);
    expect(body).toEqual({
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      partitionErrors: [0, 1].map((partitionIndex) => ({ topicName: 't', partitionIndex, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED })),
    });
    expect(authorizer.asked).toEqual([{ entry: CLUSTER_ACTION, allowed: false, logIfAllowed: true, logIfDenied: true, count: 1 }]);
    expect(logger.matching(/^ERROR Error when handling request: .*api=LeaderAndIsr.*Request Request\(processor=0, connectionId=127\.0\.0\.1:9092-127\.0\.0\.1:50000-0, session=Session\(User:alice,\/127\.0\.0\.1\), listenerName=ListenerName\(PLAINTEXT\), securityProtocol=PLAINTEXT, buffer=null\) is not authorized\./)).toHaveLength(1);
  });

  it('LeaderAndIsr with ClusterAction goes on to the broker epoch check', async () => {
    const handler = createLeaderAndIsrHandler({ replicaManager, brokerEpoch });
    const { body } = await dispatch(handler, Apis.LeaderAndIsr, 4, leaderAndIsr, new AllowListAuthorizer([CLUSTER_ACTION]));
    expect(body?.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });

  it('StopReplica: denied on the request and every partition; allowed goes on', async () => {
    const request = { controllerId: 1, controllerEpoch: 1, brokerEpoch: 1n, deletePartitions: true, ungroupedPartitions: [], topics: [{ name: 't', partitionIndexes: [3] }] };
    const handler = createStopReplicaHandler({ replicaManager, brokerEpoch });
    expect((await dispatch(handler, Apis.StopReplica, 2, request, new AllowListAuthorizer())).body).toEqual({
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      partitionErrors: [{ topicName: 't', partitionIndex: 3, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED }],
    });
    expect((await dispatch(handler, Apis.StopReplica, 2, request, new AllowListAuthorizer([CLUSTER_ACTION]))).body?.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });

  it('UpdateMetadata: denied answers the top-level code and leaves the metadata cache alone', async () => {
    const metadataCache = new MetadataCache(1);
    const request = {
      controllerId: 1,
      controllerEpoch: 1,
      brokerEpoch: 5n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: 't', partitionStates: [{ topicName: 't', partitionIndex: 0, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] }] }],
      liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
    };
    const handler = createUpdateMetadataHandler({ metadataCache, replicaManager, brokerEpoch });
    expect((await dispatch(handler, Apis.UpdateMetadata, 6, request, new AllowListAuthorizer())).body).toEqual({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED });
    expect(metadataCache.contains('t')).toBe(false);
    expect((await dispatch(handler, Apis.UpdateMetadata, 6, request, new AllowListAuthorizer([CLUSTER_ACTION]))).body).toEqual({ errorCode: ErrorCode.NONE });
    expect(metadataCache.contains('t')).toBe(true);
  });

  it('with no authorizer nothing is asked and the requests are served', async () => {
    const handler = createLeaderAndIsrHandler({ replicaManager, brokerEpoch });
    expect((await dispatch(handler, Apis.LeaderAndIsr, 4, leaderAndIsr, null)).body?.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });
});

describe('ControlledShutdown', () => {
  function controller(isActive: boolean): ControlledShutdownService & { calls: number } {
    const service = {
      isActive,
      calls: 0,
      controlledShutdown: async () => {
        service.calls++;
        return { errorCode: ErrorCode.NONE, remaining: [{ topic: 't', partition: 0 }] };
      },
    };
    return service;
  }

  it('is refused whole before the controller is asked, even on a broker that is not the controller', async () => {
    const service = controller(false);
    const { body } = await dispatch(createControlledShutdownHandler(service), Apis.ControlledShutdown, 3, { brokerId: 2, brokerEpoch: 9n }, new AllowListAuthorizer());
    expect(body).toEqual({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, remainingPartitions: [] });
  });

  it('with ClusterAction the controller answers', async () => {
    const service = controller(true);
    const { body } = await dispatch(createControlledShutdownHandler(service), Apis.ControlledShutdown, 3, { brokerId: 2, brokerEpoch: 9n }, new AllowListAuthorizer([CLUSTER_ACTION]));
    expect(body).toEqual({ errorCode: ErrorCode.NONE, remainingPartitions: [{ topicName: 't', partitionIndex: 0 }] });
    expect(service.calls).toBe(1);
  });
});

describe('WriteTxnMarkers', () => {
  const request = { markers: [{ producerId: 7n, producerEpoch: 0, transactionResult: true, coordinatorEpoch: 0, topics: [{ name: 't', partitionIndexes: [0, 1] }] }] };

  it('without ClusterAction every partition of every marker is CLUSTER_AUTHORIZATION_FAILED', async () => {
    const handler = createWriteTxnMarkersHandler({ replicaManager, requestTimeoutMs: 1000 });
    const { body } = await dispatch(handler, Apis.WriteTxnMarkers, 0, request, new AllowListAuthorizer(['Topic:t:Write']));
    expect(body).toEqual({
      markers: [{ producerId: 7n, topics: [{ name: 't', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED })) }] }],
    });
  });

  it('with ClusterAction the markers are attempted (no such partition here)', async () => {
    const handler = createWriteTxnMarkersHandler({ replicaManager, requestTimeoutMs: 1000 });
    const { body } = await dispatch(handler, Apis.WriteTxnMarkers, 0, request, new AllowListAuthorizer([CLUSTER_ACTION]));
    expect(body?.markers[0].topics[0].partitions.map((p) => p.errorCode)).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  });
});

describe('OffsetForLeaderEpoch', () => {
  const request = {
    replicaId: -1,
    topics: [
      { name: 'seen', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, leaderEpoch: 0 })) },
      { name: 'hidden', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] },
    ],
  };

  it('ClusterAction (asked without logging a denial) serves every partition', async () => {
    const authorizer = new AllowListAuthorizer([CLUSTER_ACTION]);
    const { body } = await dispatch(createOffsetForLeaderEpochHandler(replicaManager), Apis.OffsetForLeaderEpoch, 3, request, authorizer);
    expect(body?.topics.flatMap((t) => t.partitions.map((p) => p.errorCode))).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(authorizer.asked).toEqual([{ entry: CLUSTER_ACTION, allowed: true, logIfAllowed: true, logIfDenied: false, count: 1 }]);
  });

  it('a consumer without ClusterAction needs Describe per topic: TOPIC_AUTHORIZATION_FAILED with epoch and offset -1 otherwise', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:seen:Describe']);
    const { body } = await dispatch(createOffsetForLeaderEpochHandler(replicaManager), Apis.OffsetForLeaderEpoch, 3, request, authorizer);
    expect(body?.topics).toEqual([
      { name: 'seen', partitions: [0, 1].map((partitionIndex) => ({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitionIndex, leaderEpoch: -1, endOffset: -1n })) },
      { name: 'hidden', partitions: [{ errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, partitionIndex: 0, leaderEpoch: -1, endOffset: -1n }] },
    ]);
    // One check per topic, counting its partitions.
    expect(authorizer.asked.slice(1)).toEqual([
      { entry: 'Topic:seen:Describe', allowed: true, logIfAllowed: true, logIfDenied: true, count: 2 },
      { entry: 'Topic:hidden:Describe', allowed: false, logIfAllowed: true, logIfDenied: true, count: 1 },
    ]);
  });
});
