// Authorization of the topic and config admin APIs as Kafka 2.4.1's KafkaApis does it, writing to
// a real 3-node ZooKeeper ensemble through AdminZkClient: CreateTopics (Create on the cluster, its
// denial unlogged, or per topic; DescribeConfigs per topic deciding what v5 reports), DeleteTopics
// (Delete per topic before existence), CreatePartitions (Alter per topic, duplicates refused first),
// DescribeConfigs / AlterConfigs / IncrementalAlterConfigs (the cluster for brokers, the topic for
// topics; CLUSTER_ or TOPIC_AUTHORIZATION_FAILED with no message). AllowListAuthorizer stands in
// for the ACL table.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBrokerConfig } from '../../../src/common/config';
import { silentLogger } from '../../../src/common/logger';
import { ErrorCode } from '../../../src/protocol/errors';
import type { CreatableTopicResult, CreateTopicsResponse } from '../../../src/protocol/generated';
import { Apis } from '../../../src/protocol/generated';
import { createCreateTopicsHandler } from '../../../src/server/apis/19-create-topics';
import { createDeleteTopicsHandler } from '../../../src/server/apis/20-delete-topics';
import { createDescribeConfigsHandler } from '../../../src/server/apis/32-describe-configs';
import { createAlterConfigsHandler } from '../../../src/server/apis/33-alter-configs';
import { createCreatePartitionsHandler } from '../../../src/server/apis/37-create-partitions';
import { createIncrementalAlterConfigsHandler } from '../../../src/server/apis/44-incremental-alter-configs';
import { ConfigAdmin } from '../../../src/server/dynamic-config/config-admin';
import { DynamicBrokerConfig } from '../../../src/server/dynamic-config/dynamic-broker-config';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { KafkaZkClient } from '../../../src/zk';
import { AdminZkClient } from '../../../src/zk/admin/admin-zk-client';
import { TestEnsemble } from '../../zk/zk-test-ensemble';
import { AllowListAuthorizer, dispatch } from './allow-list-authorizer';

let ensemble: TestEnsemble;
let zk: KafkaZkClient;
let admin: AdminZkClient;
let configAdmin: ConfigAdmin;
let dir: string;
const metadataCache = new MetadataCache(1);
const controller = { isActive: true };

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
  zk = await KafkaZkClient.connect({ connectString: `${ensemble.connectString}/topic-admin-auth`, sessionTimeoutMs: 4000 });
  await zk.createTopLevelPaths();
  admin = new AdminZkClient(zk);
  dir = mkdtempSync(join(tmpdir(), 'topic-admin-auth-'));
  const brokerConfig = new DynamicBrokerConfig(parseBrokerConfig({ 'zookeeper.connect': ensemble.connectString, 'broker.id': '1', 'log.dirs': dir }), silentLogger);
  configAdmin = new ConfigAdmin({ adminZk: admin, brokerConfig, topicExists: (topic) => topic.startsWith('mine') });
  // Broker 1 is alive, so topics can be assigned to it.
  metadataCache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: [],
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
}, 60_000);

afterAll(async () => {
  await zk?.close();
  await ensemble?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const newTopic = (name: string) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '1000' }] });
const outcome = (r: CreatableTopicResult) => [r.name, r.errorCode, r.errorMessage, r.topicConfigErrorCode, r.numPartitions, (r.configs ?? []).length > 0];

describe('CreateTopics', () => {
  const handler = () => createCreateTopicsHandler({ controller, admin, metadataCache, defaults: { numPartitions: 1, replicationFactor: 1 }, configAdmin, logger: silentLogger });

  it('without Create on the cluster, Create per topic; DescribeConfigs decides what v5 reports', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:mine1:Create', 'Topic:mine1:DescribeConfigs', 'Topic:quiet1:Create', 'Topic:dup:Create', 'Topic:dup:DescribeConfigs']);
    const request = { topics: ['mine1', 'theirs1', 'dup', 'dup', 'quiet1'].map(newTopic), timeoutMs: 0, validateOnly: false };
    const { body } = await dispatch(handler(), Apis.CreateTopics, 5, request, authorizer);
    expect((body as CreateTopicsResponse).topics.map(outcome)).toEqual([
      ['mine1', ErrorCode.NONE, null, 0, 1, true],
      ['theirs1', ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.', ErrorCode.TOPIC_AUTHORIZATION_FAILED, -1, false],
      ['dup', ErrorCode.INVALID_REQUEST, 'Found multiple entries for this topic.', 0, -1, false],
      ['dup', ErrorCode.INVALID_REQUEST, 'Found multiple entries for this topic.', 0, -1, false],
      // Created, but its shape and configs are not shown without DescribeConfigs.
      ['quiet1', ErrorCode.NONE, null, ErrorCode.TOPIC_AUTHORIZATION_FAILED, -1, false],
    ]);
    expect((await zk.getAllTopics()).sort()).toEqual(['mine1', 'quiet1']);
    const clusterCreate = authorizer.asked.find((a) => a.entry === 'Cluster:kafka-cluster:Create');
    expect(clusterCreate).toEqual({ entry: 'Cluster:kafka-cluster:Create', allowed: false, logIfAllowed: true, logIfDenied: false, count: 1 });
    expect(authorizer.asked.find((a) => a.entry === 'Topic:dup:Create')?.count).toBe(2);
  });

  it('Create on the cluster creates any topic without asking per topic; a failed creation resets topic_config_error_code', async () => {
    const authorizer = new AllowListAuthorizer(['Cluster:kafka-cluster:Create']);
    const request = { topics: [newTopic('anyone1'), newTopic('mine1')], timeoutMs: 0, validateOnly: false };
    const { body } = await dispatch(handler(), Apis.CreateTopics, 5, request, authorizer);
    expect(body!.topics.map((r) => [r.name, r.errorCode, r.topicConfigErrorCode])).toEqual([
      ['anyone1', ErrorCode.NONE, ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['mine1', ErrorCode.TOPIC_ALREADY_EXISTS, 0],
    ]);
    expect(authorizer.entries().filter((e) => e.endsWith(':Create'))).toEqual(['Cluster:kafka-cluster:Create']);
    // Before v5 there is no topic_config_error_code to set.
    const v4 = await dispatch(handler(), Apis.CreateTopics, 4, { topics: [newTopic('anyone2')], timeoutMs: 0, validateOnly: true }, authorizer);
    expect(v4.body!.topics.map((r) => [r.name, r.errorCode])).toEqual([['anyone2', ErrorCode.NONE]]);
  });
});

describe('DeleteTopics and CreatePartitions', () => {
  beforeAll(async () => {
    for (const name of ['mine2', 'quiet2']) await admin.createTopic({ name, numPartitions: 1, replicationFactor: 1, assignment: new Map(), config: new Map() }, [1], { numPartitions: 1, replicationFactor: 1 });
  });

  it('CreatePartitions: duplicates refused first and not asked about, then Alter per topic before existence', async () => {
    const handler = createCreatePartitionsHandler({ controller, admin, metadataCache });
    const authorizer = new AllowListAuthorizer(['Topic:mine2:Alter', 'Topic:ghost:Alter', 'Topic:twice:Alter']);
    const request = { topics: ['mine2', 'quiet2', 'ghost', 'twice', 'twice', 'nowhere'].map((name) => ({ name, count: 2, assignments: null })), timeoutMs: 0, validateOnly: false };
    const { body } = await dispatch(handler, Apis.CreatePartitions, 1, request, authorizer);
    expect(body!.results.map((r) => [r.name, r.errorCode, r.errorMessage])).toEqual([
      ['mine2', ErrorCode.NONE, null],
      ['quiet2', ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'The topic authorization is failed.'],
      ['ghost', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'ghost' does not exist."],
      ['twice', ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.'],
      ['twice', ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.'],
      ['nowhere', ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'The topic authorization is failed.'],
    ]);
    expect(authorizer.entries()).not.toContain('Topic:twice:Alter');
    expect((await zk.getTopicAssignment('mine2'))?.size).toBe(2);
    expect((await zk.getTopicAssignment('quiet2'))?.size).toBe(1);
  });

  it('DeleteTopics: Delete per topic, before the topic\'s existence is looked at', async () => {
    const handler = createDeleteTopicsHandler({ controller, admin, metadataCache, deleteTopicEnable: true });
    const authorizer = new AllowListAuthorizer(['Topic:mine2:Delete', 'Topic:ghost:Delete']);
    const { body } = await dispatch(handler, Apis.DeleteTopics, 4, { topicNames: ['mine2', 'quiet2', 'ghost', 'nowhere'], timeoutMs: 0 }, authorizer);
    expect(body!.responses).toEqual([
      { name: 'mine2', errorCode: ErrorCode.NONE },
      { name: 'quiet2', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED },
      { name: 'ghost', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
      { name: 'nowhere', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED },
    ]);
    // mine2 is marked for deletion (a second marking finds it there), quiet2 is not.
    expect(await admin.deleteTopic('mine2')).toBe(false);
    expect(await admin.deleteTopic('quiet2')).toBe(true);
  });
});

describe('DescribeConfigs, AlterConfigs, IncrementalAlterConfigs', () => {
  const TOPIC = 2;
  const BROKER = 4;
  const BROKER_LOGGER = 8;

  it('DescribeConfigs: DescribeConfigs on the topic, or on the cluster for a broker', async () => {
    const request = {
      resources: [
        { resourceType: TOPIC, resourceName: 'mine1', configurationKeys: ['retention.ms'] },
        { resourceType: TOPIC, resourceName: 'quiet1', configurationKeys: null },
        { resourceType: BROKER, resourceName: '1', configurationKeys: ['log.retention.hours'] },
      ],
      includeSynoyms: false,
    };
    const denied = await dispatch(createDescribeConfigsHandler(configAdmin), Apis.DescribeConfigs, 2, request, new AllowListAuthorizer(['Topic:mine1:DescribeConfigs']));
    expect(denied.body!.results.map((r) => [r.resourceName, r.errorCode, r.errorMessage, r.configs.map((c) => [c.name, c.value])])).toEqual([
      ['mine1', ErrorCode.NONE, null, [['retention.ms', '1000']]],
      ['quiet1', ErrorCode.TOPIC_AUTHORIZATION_FAILED, null, []],
      ['1', ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null, []],
    ]);
    const cluster = await dispatch(createDescribeConfigsHandler(configAdmin), Apis.DescribeConfigs, 2, request, new AllowListAuthorizer(['Cluster:kafka-cluster:DescribeConfigs']));
    expect(cluster.body!.results.map((r) => [r.resourceName, r.errorCode])).toEqual([
      ['mine1', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['quiet1', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['1', ErrorCode.NONE],
    ]);
  });

  it('AlterConfigs and IncrementalAlterConfigs: AlterConfigs on the topic or the cluster; refused resources stay unchanged', async () => {
    const alter = {
      resources: [
        { resourceType: TOPIC, resourceName: 'mine1', configs: [{ name: 'retention.ms', value: '2000' }] },
        { resourceType: TOPIC, resourceName: 'quiet1', configs: [{ name: 'retention.ms', value: '2000' }] },
        { resourceType: BROKER, resourceName: '', configs: [{ name: 'log.cleaner.threads', value: '2' }] },
      ],
      validateOnly: false,
    };
    const { body } = await dispatch(createAlterConfigsHandler(configAdmin), Apis.AlterConfigs, 1, alter, new AllowListAuthorizer(['Topic:mine1:AlterConfigs']));
    expect(body!.responses.map((r) => [r.resourceName, r.errorCode, r.errorMessage])).toEqual([
      ['mine1', ErrorCode.NONE, null],
      ['quiet1', ErrorCode.TOPIC_AUTHORIZATION_FAILED, null],
      ['', ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null],
    ]);
    expect(await admin.fetchEntityConfig('topics', 'mine1')).toEqual(new Map([['retention.ms', '2000']]));
    expect(await admin.fetchEntityConfig('topics', 'quiet1')).toEqual(new Map([['retention.ms', '1000']]));
    expect(await admin.fetchEntityConfig('brokers', '<default>')).toEqual(new Map());

    const incremental = {
      resources: [
        { resourceType: TOPIC, resourceName: 'quiet1', configs: [{ name: 'retention.ms', configOperation: 0, value: '3000' }] },
        { resourceType: BROKER_LOGGER, resourceName: '1', configs: [{ name: 'kafka', configOperation: 0, value: 'DEBUG' }] },
      ],
      validateOnly: false,
    };
    const refused = await dispatch(createIncrementalAlterConfigsHandler(configAdmin), Apis.IncrementalAlterConfigs, 1, incremental, new AllowListAuthorizer(['Topic:mine1:AlterConfigs']));
    expect(refused.body!.responses.map((r) => [r.resourceName, r.errorCode, r.errorMessage])).toEqual([
      ['quiet1', ErrorCode.TOPIC_AUTHORIZATION_FAILED, null],
      // Broker loggers are the cluster's to alter.
      ['1', ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null],
    ]);
    const allowed = await dispatch(createIncrementalAlterConfigsHandler(configAdmin), Apis.IncrementalAlterConfigs, 1, incremental, new AllowListAuthorizer(['Topic:quiet1:AlterConfigs']));
    expect(allowed.body!.responses[0].errorCode).toBe(ErrorCode.NONE);
    expect(await admin.fetchEntityConfig('topics', 'quiet1')).toEqual(new Map([['retention.ms', '3000']]));
  });
});
