// Authorization of the group APIs as Kafka 2.4.1's KafkaApis does it, over the real group
// coordinator on a real offsets partition: Read on the group for OffsetCommit, JoinGroup,
// SyncGroup, Heartbeat and LeaveGroup (and Read per topic for commits), Describe for OffsetFetch
// (and per topic), FindCoordinator (group or transactional id) and DescribeGroups (with KIP-430's
// operations), ListGroups by Describe on the cluster or else per group, Delete for DeleteGroups and
// OffsetDelete (Read per topic). AllowListAuthorizer stands in for the ACL table.

import type { GroupCoordinator } from '../../../src/coordinator/group/group-coordinator';
import { ErrorCode } from '../../../src/protocol/errors';
import type { OffsetCommitRequest, OffsetFetchResponse, UpdateMetadataPartitionState } from '../../../src/protocol/generated';
import { createOffsetCommitHandler } from '../../../src/server/apis/08-offset-commit';
import { createOffsetFetchHandler } from '../../../src/server/apis/09-offset-fetch';
import { createFindCoordinatorHandler } from '../../../src/server/apis/10-find-coordinator';
import { createJoinGroupHandler } from '../../../src/server/apis/11-join-group';
import { createHeartbeatHandler } from '../../../src/server/apis/12-heartbeat';
import { createLeaveGroupHandler } from '../../../src/server/apis/13-leave-group';
import { createSyncGroupHandler } from '../../../src/server/apis/14-sync-group';
import { createDescribeGroupsHandler } from '../../../src/server/apis/15-describe-groups';
import { createListGroupsHandler } from '../../../src/server/apis/16-list-groups';
import { createDeleteGroupsHandler } from '../../../src/server/apis/42-delete-groups';
import { createOffsetDeleteHandler } from '../../../src/server/apis/47-offset-delete';
import type { GroupApiDeps } from '../../../src/server/apis/group-apis';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { cleanupTempDirs } from '../../log/helpers';
import { loaded, newCoordinator, openOffsetsLog } from '../../coordinator/group/coordinator-harness';
import { Apis } from '../../../src/protocol/generated';
import { AllowListAuthorizer, contextFor, dispatch } from './allow-list-authorizer';

afterEach(cleanupTempDirs);

/** Topics t (partitions 0 and 1) and u (partition 0). */
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
    ],
    liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }] }],
  });
  return cache;
}

let coordinator: GroupCoordinator;
let deps: GroupApiDeps;
beforeEach(async () => {
  ({ coordinator } = newCoordinator(openOffsetsLog()));
  deps = { coordinator, metadataCache: metadataCache() };
  await loaded(coordinator);
});
afterEach(() => coordinator.shutdown());

/** A commit outside group management (generation -1), which creates an Empty group. */
const commit = (groupId: string, topics: Array<[string, number[]]>): OffsetCommitRequest => ({
  groupId,
  generationId: -1,
  memberId: '',
  groupInstanceId: null,
  retentionTimeMs: -1n,
  topics: topics.map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, committedOffset: 10n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null })) })),
});

type PartitionErrors = { topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }> };
async function call<Req, Res>(handler: { handle(r: Req, c: ReturnType<typeof contextFor>): unknown }, apiKey: number, version: number, request: Req, authorizer: AllowListAuthorizer | null): Promise<Res> {
  return (await handler.handle(request, contextFor(apiKey, version, authorizer))) as Res;
}

const partitionErrors = (response: PartitionErrors) =>
  response.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.errorCode]));

async function committed(groupId: string): Promise<Array<[string, bigint]>> {
  const response = await call<unknown, OffsetFetchResponse>(createOffsetFetchHandler(deps), 9, 6, { groupId, topics: null }, null);
  return response.topics.flatMap((t) => t.partitions.map((p): [string, bigint] => [`${t.name}-${p.partitionIndex}`, p.committedOffset]));
}

describe('OffsetCommit', () => {
  it('needs Read on the group: GROUP_AUTHORIZATION_FAILED on every partition, nothing committed', async () => {
    const response = await call<OffsetCommitRequest, PartitionErrors>(createOffsetCommitHandler(deps), 8, 8, commit('g', [['t', [0, 1]]]), new AllowListAuthorizer(['Topic:t:Read']));
    expect(partitionErrors(response)).toEqual([
      ['t-0', ErrorCode.GROUP_AUTHORIZATION_FAILED],
      ['t-1', ErrorCode.GROUP_AUTHORIZATION_FAILED],
    ]);
    expect(await committed('g')).toEqual([]);
  });

  it('then Read per topic (one check per topic entry): TOPIC_AUTHORIZATION_FAILED before UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const authorizer = new AllowListAuthorizer(['Group:g:Read', 'Topic:t:Read', 'Topic:gone:Read']);
    const response = await call<OffsetCommitRequest, PartitionErrors>(createOffsetCommitHandler(deps), 8, 8, commit('g', [['t', [0, 1]], ['u', [0]], ['gone', [0]], ['nowhere', [0]]]), authorizer);
    expect(partitionErrors(response)).toEqual([
      ['t-0', ErrorCode.NONE],
      ['t-1', ErrorCode.NONE],
      ['u-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['gone-0', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['nowhere-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
    expect(await committed('g')).toEqual([['t-0', 10n], ['t-1', 10n]]);
    expect(authorizer.asked.find((a) => a.entry === 'Topic:t:Read')?.count).toBe(1);
  });
});

describe('OffsetFetch', () => {
  beforeEach(async () => {
    await createOffsetCommitHandler(deps).handle(commit('g', [['t', [0]], ['u', [0]]]), contextFor(8, 8));
  });
  const fetch = (version: number, topics: Array<[string, number[]]> | null, authorizer: AllowListAuthorizer) =>
    call<unknown, OffsetFetchResponse>(createOffsetFetchHandler(deps), 9, version, { groupId: 'g', topics: topics?.map(([name, partitionIndexes]) => ({ name, partitionIndexes })) ?? null }, authorizer);

  it('needs Describe on the group: a top-level GROUP_AUTHORIZATION_FAILED from v2, per partition before', async () => {
    expect(await fetch(5, [['t', [0]]], new AllowListAuthorizer(['Topic:t:Describe']))).toEqual({ throttleTimeMs: 0, topics: [], errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });
    const v1 = await fetch(1, [['t', [0]]], new AllowListAuthorizer(['Topic:t:Describe']));
    expect(partitionErrors(v1)).toEqual([['t-0', ErrorCode.GROUP_AUTHORIZATION_FAILED]]);
  });

  it('named partitions of topics it may not describe are TOPIC_AUTHORIZATION_FAILED with offset -1; an all-partitions fetch hides them', async () => {
    const authorizer = new AllowListAuthorizer(['Group:g:Describe', 'Topic:t:Describe']);
    const named = await fetch(5, [['t', [0]], ['u', [0]]], authorizer);
    expect(named.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.committedOffset, p.errorCode]))).toEqual([
      ['t', 10n, ErrorCode.NONE],
      ['u', -1n, ErrorCode.TOPIC_AUTHORIZATION_FAILED],
    ]);
    const all = await fetch(6, null, authorizer);
    expect(all.topics.map((t) => t.name)).toEqual(['t']);
  });
});

describe('FindCoordinator', () => {
  const handler = () =>
    createFindCoordinatorHandler({ ...deps, createOffsetsTopic: async () => undefined, transactions: { partitionFor: () => 0, createTransactionStateTopic: async () => undefined } });

  it('needs Describe on the group or the transactional id, answered with no node and the error message', async () => {
    const authorizer = new AllowListAuthorizer();
    expect(await call(handler(), 10, 3, { key: 'g', keyType: 0 }, authorizer)).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      errorMessage: 'Group authorization failed.',
      nodeId: -1,
      host: '',
      port: -1,
    });
    expect(await call(handler(), 10, 3, { key: 'tx', keyType: 1 }, authorizer)).toMatchObject({
      errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      errorMessage: 'Transactional Id authorization failed.',
      nodeId: -1,
    });
    expect(authorizer.entries()).toEqual(['Group:g:Describe', 'TransactionalId:tx:Describe']);
    // v0 has no key type: always a group.
    expect(await call(handler(), 10, 0, { key: 'g', keyType: 0 }, new AllowListAuthorizer(['Group:g:Describe']))).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE });
  });
});

describe('JoinGroup, SyncGroup, Heartbeat, LeaveGroup', () => {
  const denied = () => new AllowListAuthorizer(['Group:g:Describe']);

  it('each needs Read on the group (GROUP_AUTHORIZATION_FAILED)', async () => {
    const join = { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: 'm', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] };
    expect(await call(createJoinGroupHandler(deps), 11, 6, join, denied())).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      generationId: -1,
      protocolName: '',
      leader: '',
      memberId: '',
      members: [],
    });
    expect(await call(createSyncGroupHandler(deps), 14, 4, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null, assignments: [] }, denied())).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      assignment: Buffer.alloc(0),
    });
    expect(await call(createHeartbeatHandler(deps), 12, 4, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, denied())).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });
    expect(await call(createLeaveGroupHandler(deps), 13, 4, { groupId: 'g', memberId: '', members: [{ memberId: 'm', groupInstanceId: null }] }, denied())).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      members: [],
    });
  });

  it('with Read the coordinator answers (an unknown member here)', async () => {
    const allowed = new AllowListAuthorizer(['Group:g:Read']);
    expect(await call(createHeartbeatHandler(deps), 12, 4, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, allowed)).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    const join = { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] };
    expect(await call(createJoinGroupHandler(deps), 11, 4, join, allowed)).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED });
  });
});

describe('DescribeGroups, ListGroups, DeleteGroups, OffsetDelete', () => {
  beforeEach(async () => {
    for (const groupId of ['g', 'h']) await createOffsetCommitHandler(deps).handle(commit(groupId, [['t', [0]], ['u', [0]]]), contextFor(8, 8));
  });

  it('DescribeGroups: Describe per group; v3+ report the allowed operations when asked, 0 otherwise', async () => {
    const authorizer = new AllowListAuthorizer(['Group:g:Describe', 'Group:g:Read']);
    const response = await call<unknown, { groups: Array<{ groupId: string; errorCode: number; groupState: string; authorizedOperations: number }> }>(
      createDescribeGroupsHandler(deps), 15, 5, { groups: ['g', 'h'], includeAuthorizedOperations: true }, authorizer);
    expect(response.groups.map((g) => [g.groupId, g.errorCode, g.groupState, g.authorizedOperations])).toEqual([
      ['g', ErrorCode.NONE, 'Empty', (1 << 3) | (1 << 8)],
      ['h', ErrorCode.GROUP_AUTHORIZATION_FAILED, '', 0],
    ]);
    const notAsked = await call<unknown, { groups: Array<{ authorizedOperations: number }> }>(createDescribeGroupsHandler(deps), 15, 5, { groups: ['g'], includeAuthorizedOperations: false }, authorizer);
    expect(notAsked.groups[0].authorizedOperations).toBe(0);
    // No authorizer: Read, Delete and Describe.
    const open = await call<unknown, { groups: Array<{ authorizedOperations: number }> }>(createDescribeGroupsHandler(deps), 15, 3, { groups: ['g'], includeAuthorizedOperations: true }, null);
    expect(open.groups[0].authorizedOperations).toBe((1 << 3) | (1 << 6) | (1 << 8));
  });

  it('ListGroups: every group with Describe on the cluster, else only the describable ones', async () => {
    const list = (authorizer: AllowListAuthorizer) => call<unknown, { groups: Array<{ groupId: string }> }>(createListGroupsHandler(deps), 16, 3, {}, authorizer);
    expect((await list(new AllowListAuthorizer(['Cluster:kafka-cluster:Describe']))).groups.map((g) => g.groupId).sort()).toEqual(['g', 'h']);
    const perGroup = new AllowListAuthorizer(['Group:h:Describe']);
    expect((await list(perGroup)).groups.map((g) => g.groupId)).toEqual(['h']);
    expect(perGroup.asked[0]).toEqual({ entry: 'Cluster:kafka-cluster:Describe', allowed: false, logIfAllowed: true, logIfDenied: true, count: 1 });
  });

  it('DeleteGroups: Delete per group, the refused ones GROUP_AUTHORIZATION_FAILED after the others', async () => {
    const response = await call<unknown, { results: Array<{ groupId: string; errorCode: number }> }>(createDeleteGroupsHandler(deps), 42, 2, { groupsNames: ['h', 'g'] }, new AllowListAuthorizer(['Group:g:Delete']));
    expect(response.results).toEqual([
      { groupId: 'g', errorCode: ErrorCode.NONE },
      { groupId: 'h', errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED },
    ]);
    expect(coordinator.groupManager.getGroup('h')).toBeDefined();
  });

  it('OffsetDelete: Delete on the group, then Read per topic', async () => {
    const request = { groupId: 'g', topics: ['t', 'u', 'nowhere', 'gone'].map((name) => ({ name, partitions: [{ partitionIndex: 0 }] })) };
    expect(await call(createOffsetDeleteHandler(deps), 47, 0, request, new AllowListAuthorizer(['Topic:t:Read']))).toEqual({ errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, throttleTimeMs: 0, topics: [] });
    const response = await call<unknown, PartitionErrors & { errorCode: number }>(
      createOffsetDeleteHandler(deps), 47, 0, request, new AllowListAuthorizer(['Group:g:Delete', 'Topic:t:Read', 'Topic:gone:Read']));
    expect(response.errorCode).toBe(ErrorCode.NONE);
    expect(partitionErrors(response)).toEqual([
      ['u-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['nowhere-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['gone-0', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['t-0', ErrorCode.NONE],
    ]);
    expect(await committed('g')).toEqual([['u-0', 10n]]);
  });
});

describe('refusals at version 0 encode like any answer', () => {
  it('each group API answers GROUP_AUTHORIZATION_FAILED over the wire at v0', async () => {
    const none = () => new AllowListAuthorizer();
    const join = { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: -1, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [] };
    expect((await dispatch(createJoinGroupHandler(deps), Apis.JoinGroup, 0, join, none())).body!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect((await dispatch(createSyncGroupHandler(deps), Apis.SyncGroup, 0, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null, assignments: [] }, none())).body!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect((await dispatch(createHeartbeatHandler(deps), Apis.Heartbeat, 0, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, none())).body!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect((await dispatch(createLeaveGroupHandler(deps), Apis.LeaveGroup, 0, { groupId: 'g', memberId: 'm', members: [] }, none())).body!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const described = await dispatch(createDescribeGroupsHandler(deps), Apis.DescribeGroups, 0, { groups: ['g'], includeAuthorizedOperations: false }, none());
    expect(described.body!.groups.map((g) => g.errorCode)).toEqual([ErrorCode.GROUP_AUTHORIZATION_FAILED]);
    const deleted = await dispatch(createDeleteGroupsHandler(deps), Apis.DeleteGroups, 0, { groupsNames: ['g'] }, none());
    expect(deleted.body!.results).toEqual([{ groupId: 'g', errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }]);
    const committedV0 = await dispatch(createOffsetCommitHandler(deps), Apis.OffsetCommit, 0, { ...commit('g', [['t', [0]]]), generationId: -1, retentionTimeMs: -1n }, none());
    expect(partitionErrors(committedV0.body!)).toEqual([['t-0', ErrorCode.GROUP_AUTHORIZATION_FAILED]]);
    const fetchedV0 = await dispatch(createOffsetFetchHandler(deps), Apis.OffsetFetch, 0, { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }, new AllowListAuthorizer(['Group:g:Describe']));
    expect(partitionErrors(fetchedV0.body!)).toEqual([['t-0', ErrorCode.TOPIC_AUTHORIZATION_FAILED]]);
    const coordinator0 = createFindCoordinatorHandler({ ...deps, createOffsetsTopic: async () => undefined });
    expect((await dispatch(coordinator0, Apis.FindCoordinator, 0, { key: 'g', keyType: 0 }, none())).body).toMatchObject({ errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, nodeId: -1 });
    expect((await dispatch(createListGroupsHandler(deps), Apis.ListGroups, 0, {}, none())).body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups: [] });
  });
});
