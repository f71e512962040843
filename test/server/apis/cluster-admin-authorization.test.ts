// Authorization of the cluster-wide admin APIs as Kafka 2.4.1's KafkaApis does it: Alter on the
// cluster for AlterReplicaLogDirs (every partition CLUSTER_AUTHORIZATION_FAILED), ElectLeaders
// (on top from v1 and on each named partition, no message) and AlterPartitionReassignments, Describe
// on the cluster for DescribeLogDirs (no dirs, no error) and ListPartitionReassignments; the
// reassignment APIs fail through their error responses, with Kafka's "Request ... is not
// authorized." message on the wire. AllowListAuthorizer stands in for the ACL table.

import { silentLogger } from '../../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../../src/log';
import { ElectionType } from '../../../src/protocol/election-type';
import { ErrorCode } from '../../../src/protocol/errors';
import { Apis } from '../../../src/protocol/generated';
import { createAlterReplicaLogDirsHandler } from '../../../src/server/apis/34-alter-replica-log-dirs';
import { createDescribeLogDirsHandler } from '../../../src/server/apis/35-describe-log-dirs';
import { createElectLeadersHandler, type ElectLeadersService } from '../../../src/server/apis/43-elect-leaders';
import { createAlterPartitionReassignmentsHandler, type ReassignmentService } from '../../../src/server/apis/45-alter-partition-reassignments';
import { createListPartitionReassignmentsHandler, type ReassignmentListing } from '../../../src/server/apis/46-list-partition-reassignments';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { cleanupTempDirs, tempDir } from '../../log/helpers';
import { AllowListAuthorizer, dispatch } from './allow-list-authorizer';

const ALTER = 'Cluster:kafka-cluster:Alter';
const DESCRIBE = 'Cluster:kafka-cluster:Describe';
const NOT_AUTHORIZED =
  'Request Request(processor=0, connectionId=127.0.0.1:9092-127.0.0.1:50000-0, session=Session(User:alice,/127.0.0.1), ' +
  'listenerName=ListenerName(PLAINTEXT), securityProtocol=PLAINTEXT, buffer=null) is not authorized.';

afterEach(cleanupTempDirs);

describe('AlterReplicaLogDirs and DescribeLogDirs', () => {
  let logManager: LogManager;
  let replicaManager: ReplicaManager;
  let logDir: string;
  beforeEach(() => {
    logDir = tempDir('cluster-admin-auth-');
    logManager = LogManager.open({ logDirs: [logDir], defaultConfig: defaultLogConfig() });
    replicaManager = new ReplicaManager({ brokerId: 1, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger });
  });
  afterEach(() => logManager.shutdown());

  it('AlterReplicaLogDirs without Alter on the cluster: CLUSTER_AUTHORIZATION_FAILED on every partition named', async () => {
    const request = { dirs: [{ path: logDir, topics: [{ name: 't', partitions: [0, 1] }] }] };
    const { body } = await dispatch(createAlterReplicaLogDirsHandler(replicaManager), Apis.AlterReplicaLogDirs, 1, request, new AllowListAuthorizer([DESCRIBE]));
    expect(body).toEqual({ throttleTimeMs: 0, results: [{ topicName: 't', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED })) }] });
    const allowed = await dispatch(createAlterReplicaLogDirsHandler(replicaManager), Apis.AlterReplicaLogDirs, 1, request, new AllowListAuthorizer([ALTER]));
    // Allowed: ReplicaManager's own answer for replicas this broker does not have.
    expect(allowed.body!.results[0].partitions.map((p) => p.errorCode)).toEqual([ErrorCode.REPLICA_NOT_AVAILABLE, ErrorCode.REPLICA_NOT_AVAILABLE]);
  });

  it('DescribeLogDirs without Describe on the cluster lists no dirs, with no error', async () => {
    const handler = createDescribeLogDirsHandler(replicaManager);
    expect((await dispatch(handler, Apis.DescribeLogDirs, 1, { topics: null }, new AllowListAuthorizer([ALTER]))).body).toEqual({ throttleTimeMs: 0, results: [] });
    expect((await dispatch(handler, Apis.DescribeLogDirs, 1, { topics: null }, new AllowListAuthorizer([DESCRIBE]))).body!.results).toHaveLength(1);
  });
});

describe('ElectLeaders', () => {
  const cache = () => {
    const c = new MetadataCache(1);
    c.update({
      controllerId: 1,
      controllerEpoch: 1,
      brokerEpoch: -1n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: 't', partitionStates: [0, 1].map((partitionIndex) => ({ topicName: 't', partitionIndex, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] })) }],
      liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
    });
    return c;
  };
  const controller = (): ElectLeadersService & { calls: number } => {
    const service = { isActive: false, calls: 0, electLeaders: async () => (service.calls++, []) };
    return service;
  };

  it('without Alter on the cluster: the code on top (v1+) and on each named partition, no message, before NOT_CONTROLLER', async () => {
    const service = controller();
    const handler = createElectLeadersHandler({ controller: service, metadataCache: cache() });
    const request = { electionType: ElectionType.PREFERRED, topicPartitions: [{ topic: 't', partitionId: [0, 1, 0] }], timeoutMs: 1000 };
    const { body } = await dispatch(handler, Apis.ElectLeaders, 2, request, new AllowListAuthorizer());
    expect(body).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      replicaElectionResults: [{ topic: 't', partitionResult: [0, 1].map((partitionId) => ({ partitionId, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null })) }],
    });
    // v0 has no top-level code.
    const v0 = await dispatch(handler, Apis.ElectLeaders, 0, { ...request, electionType: 0 }, new AllowListAuthorizer());
    expect(v0.body!.errorCode).toBe(ErrorCode.NONE);
    // An all-partitions request names none.
    const all = await dispatch(handler, Apis.ElectLeaders, 1, { ...request, topicPartitions: null }, new AllowListAuthorizer());
    expect(all.body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, replicaElectionResults: [] });
    const allowed = await dispatch(handler, Apis.ElectLeaders, 2, request, new AllowListAuthorizer([ALTER]));
    expect(allowed.body!.replicaElectionResults[0].partitionResult.map((p) => p.errorCode)).toEqual([ErrorCode.NOT_CONTROLLER, ErrorCode.NOT_CONTROLLER]);
    expect(service.calls).toBe(0);
  });
});

describe('AlterPartitionReassignments and ListPartitionReassignments', () => {
  const service = (): ReassignmentService & ReassignmentListing & { calls: number } => {
    const s = {
      calls: 0,
      alterPartitionReassignments: async () => (s.calls++, { partitions: new Map() }),
      listPartitionReassignments: async () => (s.calls++, { partitions: [] }),
    };
    return s as ReassignmentService & ReassignmentListing & { calls: number };
  };

  it('Alter without Alter on the cluster: the code and Kafka\'s message on top and on every partition, logged', async () => {
    const s = service();
    const request = { timeoutMs: 1000, topics: [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [1, 2] }, { partitionIndex: 1, replicas: null }] }] };
    const { body, logger } = await dispatch(createAlterPartitionReassignmentsHandler(s), Apis.AlterPartitionReassignments, 0, request, new AllowListAuthorizer([DESCRIBE]));
    expect(body).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      errorMessage: NOT_AUTHORIZED,
      responses: [{ name: 't', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: NOT_AUTHORIZED })) }],
    });
    expect(logger.matching(/^ERROR Error when handling request: .*api=AlterPartitionReassignments/)).toHaveLength(1);
    expect(s.calls).toBe(0);
    const allowed = await dispatch(createAlterPartitionReassignmentsHandler(s), Apis.AlterPartitionReassignments, 0, request, new AllowListAuthorizer([ALTER]));
    expect(allowed.body!.errorCode).toBe(ErrorCode.NONE);
    expect(s.calls).toBe(1);
  });

  it('List without Describe on the cluster: the code and message on top, the partitions asked with no replicas', async () => {
    const s = service();
    const request = { timeoutMs: 1000, topics: [{ name: 't', partitionIndexes: [0, 2] }] };
    const { body } = await dispatch(createListPartitionReassignmentsHandler(s), Apis.ListPartitionReassignments, 0, request, new AllowListAuthorizer([ALTER]));
    expect(body).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      errorMessage: NOT_AUTHORIZED,
      topics: [{ name: 't', partitions: [0, 2].map((partitionIndex) => ({ partitionIndex, replicas: [], addingReplicas: [], removingReplicas: [] })) }],
    });
    const all = await dispatch(createListPartitionReassignmentsHandler(s), Apis.ListPartitionReassignments, 0, { timeoutMs: 1000, topics: null }, new AllowListAuthorizer());
    expect(all.body!.topics).toEqual([]);
    const allowed = await dispatch(createListPartitionReassignmentsHandler(s), Apis.ListPartitionReassignments, 0, request, new AllowListAuthorizer([DESCRIBE]));
    expect(allowed.body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics: [] });
    expect(s.calls).toBe(1);
  });
});
