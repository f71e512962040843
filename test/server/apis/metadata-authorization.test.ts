// Metadata authorization as Kafka 2.4.1's handleTopicMetadataRequest: Describe per topic, hidden
// from all-topics requests (denials not logged) and TOPIC_AUTHORIZATION_FAILED for named ones
// (after the others, is_internal false, existence undisclosed); auto-creation needing Create on
// the cluster (not logged when denied) or the topic; KIP-430's bitfields, 0 when not asked for,
// every supported operation without an authorizer (values checked against a real 2.4.1 broker).
// AllowListAuthorizer stands in for the ACL table.

import { silentLogger } from '../../../src/common/logger';
import { ErrorCode } from '../../../src/protocol/errors';
import type { MetadataRequest, MetadataResponse } from '../../../src/protocol/generated';
import { Apis } from '../../../src/protocol/generated';
import { createMetadataHandler } from '../../../src/server/apis/03-metadata';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { AllowListAuthorizer, contextFor, dispatch } from './allow-list-authorizer';

/** Bits of Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs (codes 3-8, 10, 11). */
const ALL_TOPIC_OPERATIONS = 0b110111111000; // 3576
/** Bits of Create, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite (5, 7-12). */
const ALL_CLUSTER_OPERATIONS = 0b1111110100000; // 8096

function cacheWith(topics: string[]): MetadataCache {
  const cache = new MetadataCache(1);
  cache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: topics.map((topicName) => ({
      topicName,
      partitionStates: [{ topicName, partitionIndex: 0, controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] }],
    })),
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
  return cache;
}

function setUp(autoCreateTopicsEnable: boolean) {
  const created: string[][] = [];
  const handler = createMetadataHandler({
    metadataCache: cacheWith(['a', 'b', 'hidden']),
    clusterId: 'c',
    autoCreateTopicsEnable,
    autoCreateTopics: async (topics) => void created.push(topics),
    logger: silentLogger,
  });
  return { handler, created };
}

const request = (topics: string[] | null, options: Partial<MetadataRequest> = {}): MetadataRequest => ({
  topics: topics === null ? null : topics.map((name) => ({ name })),
  allowAutoTopicCreation: true,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
  ...options,
});

async function metadata(handler: ReturnType<typeof setUp>['handler'], body: MetadataRequest, version: number, authorizer: AllowListAuthorizer | null): Promise<MetadataResponse> {
  const response = await handler.handle(body, contextFor(3, version, authorizer));
  if (typeof response === 'symbol') throw new Error('expected a response');
  return response;
}

const summary = (response: MetadataResponse) => response.topics.map((t) => [t.name, t.errorCode, t.isInternal]);

describe('Metadata authorization', () => {
  it('an all-topics request lists only the describable topics and logs no denial', async () => {
    const { handler } = setUp(true);
    const authorizer = new AllowListAuthorizer(['Topic:a:Describe', 'Topic:b:Describe']);
    for (const [version, body] of [[1, request(null)], [0, request([])]] as const) {
      const response = await metadata(handler, body, version, authorizer);
      expect(summary(response)).toEqual([
        ['a', ErrorCode.NONE, false],
        ['b', ErrorCode.NONE, false],
      ]);
    }
    expect(authorizer.asked.every((a) => a.logIfDenied === false && a.logIfAllowed === true)).toBe(true);
  });

  it('named topics that may not be described are TOPIC_AUTHORIZATION_FAILED, after the others, existing or not', async () => {
    const { handler, created } = setUp(false);
    const authorizer = new AllowListAuthorizer(['Topic:b:Describe', 'Topic:gone:Describe']);
    const response = await metadata(handler, request(['hidden', 'b', 'gone', 'nowhere', '__consumer_offsets']), 9, authorizer);
    expect(summary(response)).toEqual([
      ['b', ErrorCode.NONE, false],
      ['gone', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, false],
      ['hidden', ErrorCode.TOPIC_AUTHORIZATION_FAILED, false],
      ['nowhere', ErrorCode.TOPIC_AUTHORIZATION_FAILED, false],
      // Not even an internal topic's nature is told.
      ['__consumer_offsets', ErrorCode.TOPIC_AUTHORIZATION_FAILED, false],
    ]);
    expect(response.topics[2].partitions).toEqual([]);
    expect(authorizer.asked.filter((a) => !a.allowed).every((a) => a.logIfDenied === true)).toBe(true);
    expect(created).toEqual([]);
  });

  it('auto-creation needs Create on the cluster (its denial unlogged) or on the topic', async () => {
    const { handler, created } = setUp(true);
    const authorizer = new AllowListAuthorizer(['Topic:a:Describe', 'Topic:new1:Describe', 'Topic:new2:Describe', 'Topic:new2:Create', 'Topic:bad name:Describe']);
    const response = await metadata(handler, request(['new1', 'a', 'new2', 'bad name']), 9, authorizer);
    expect(summary(response)).toEqual([
      ['a', ErrorCode.NONE, false],
      ['new2', ErrorCode.LEADER_NOT_AVAILABLE, false],
      ['new1', ErrorCode.TOPIC_AUTHORIZATION_FAILED, false],
      // Without Create an illegal name is refused like any other, before its name is checked.
      ['bad name', ErrorCode.TOPIC_AUTHORIZATION_FAILED, false],
    ]);
    expect(created).toEqual([['new2']]);
    expect(authorizer.asked.find((a) => a.entry === 'Cluster:kafka-cluster:Create')).toEqual({ entry: 'Cluster:kafka-cluster:Create', allowed: false, logIfAllowed: true, logIfDenied: false, count: 1 });
    expect(authorizer.asked.find((a) => a.entry === 'Topic:new1:Create')?.logIfDenied).toBe(true);

    const clusterWide = new AllowListAuthorizer(['Topic:new3:Describe', 'Topic:bad name:Describe', 'Cluster:kafka-cluster:Create']);
    const withCluster = await metadata(handler, request(['new3', 'bad name']), 9, clusterWide);
    expect(summary(withCluster)).toEqual([
      ['new3', ErrorCode.LEADER_NOT_AVAILABLE, false],
      ['bad name', ErrorCode.INVALID_TOPIC_EXCEPTION, false],
    ]);
    expect(clusterWide.entries()).not.toContain('Topic:new3:Create');
  });

  it('Create is not asked when nothing would be created: disabled auto-creation, v4+ requests that do not allow it, known topics', async () => {
    const authorizer = new AllowListAuthorizer(['Topic:a:Describe', 'Topic:new:Describe']);
    const off = setUp(false);
    expect(summary(await metadata(off.handler, request(['new']), 9, authorizer))).toEqual([['new', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, false]]);
    const on = setUp(true);
    expect(summary(await metadata(on.handler, request(['new'], { allowAutoTopicCreation: false }), 9, authorizer))).toEqual([['new', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, false]]);
    await metadata(on.handler, request(['a']), 9, authorizer);
    expect(authorizer.entries().some((e) => e.endsWith(':Create'))).toBe(false);
  });

  it('KIP-430: authorized operations of the described topics and of the cluster when asked; 0 otherwise', async () => {
    const { handler } = setUp(true);
    const authorizer = new AllowListAuthorizer(['Topic:a:Describe', 'Topic:a:Read', 'Cluster:kafka-cluster:Describe', 'Cluster:kafka-cluster:IdempotentWrite']);
    const asked = await metadata(handler, request(['a', 'hidden'], { includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true }), 8, authorizer);
    expect(asked.topics.map((t) => [t.name, t.topicAuthorizedOperations])).toEqual([
      ['a', (1 << 3) | (1 << 8)],
      ['hidden', 0],
    ]);
    expect(asked.clusterAuthorizedOperations).toBe((1 << 8) | (1 << 12));
    // The per-operation questions are never logged.
    expect(authorizer.asked.filter((a) => a.entry.startsWith('Topic:a:') && a.entry !== 'Topic:a:Describe').every((a) => !a.logIfAllowed && !a.logIfDenied)).toBe(true);

    const notAsked = await metadata(handler, request(['a']), 9, authorizer);
    expect([notAsked.topics[0].topicAuthorizedOperations, notAsked.clusterAuthorizedOperations]).toEqual([0, 0]);

    // Without Describe on the cluster its operations stay 0.
    const noCluster = await metadata(handler, request(['a'], { includeClusterAuthorizedOperations: true }), 9, new AllowListAuthorizer(['Topic:a:Describe']));
    expect(noCluster.clusterAuthorizedOperations).toBe(0);
  });

  it('with no authorizer: every topic, and every supported operation when asked (over the wire, v8)', async () => {
    const { handler } = setUp(true);
    const { body } = await dispatch(handler, Apis.Metadata, 8, request(null, { includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true }), null);
    expect(body!.topics.map((t) => [t.name, t.topicAuthorizedOperations])).toEqual([
      ['a', ALL_TOPIC_OPERATIONS],
      ['b', ALL_TOPIC_OPERATIONS],
      ['hidden', ALL_TOPIC_OPERATIONS],
    ]);
    expect(body!.clusterAuthorizedOperations).toBe(ALL_CLUSTER_OPERATIONS);
    // 0 when not asked, as a real 2.4.1 broker answers v8 and v9.
    const plain = await dispatch(handler, Apis.Metadata, 9, request(['a']), null);
    expect([plain.body!.topics[0].topicAuthorizedOperations, plain.body!.clusterAuthorizedOperations]).toEqual([0, 0]);
  });

  it('versions without the KIP-430 fields still encode, refused topics included', async () => {
    const { handler } = setUp(true);
    for (const version of [0, 1, 4, 7]) {
      const { body } = await dispatch(handler, Apis.Metadata, version, request(['a', 'hidden'], { allowAutoTopicCreation: true }), new AllowListAuthorizer(['Topic:a:Describe']));
      expect(body!.topics.map((t) => [t.name, t.errorCode])).toEqual([
        ['a', ErrorCode.NONE],
        ['hidden', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ]);
    }
  });
});
