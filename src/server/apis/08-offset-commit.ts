// OffsetCommit (key 8), versions 0-8. v1+ commits go to the group coordinator and are stored in
// __consumer_offsets (a generation of -1 means a client committing without group management); v0
// writes /consumers/<group>/offsets/<topic>/<partition> in ZooKeeper as Kafka 2.4 still does.
// Partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION. v1 may carry the commit timestamp;
// v2-v4 a retention time, which becomes an explicit expiry (stored as an offset value v1).
// Authorization as 2.4.1: Read on the group, else GROUP_AUTHORIZATION_FAILED on every partition;
// then Read on each topic (asked once per topic entry), TOPIC_AUTHORIZATION_FAILED for the others
// before their existence is looked at.

import { ErrorCode } from '../../protocol/errors';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/generated';
import type { OffsetAndMetadata } from '../../coordinator/group/offset-and-metadata';
import { TopicPartitionMap } from '../../coordinator/group/topic-partition-map';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, filterAuthorized } from './authorization';
import type { GroupApiDeps } from './group-apis';
import { groupByTopic } from './group-offsets-response';
import type { TopicPartition } from '../../common/topic-partition';

function response(request: OffsetCommitRequest, errors: TopicPartitionMap<number>): OffsetCommitResponse {
  const entries: Array<[string, { partitionIndex: number; errorCode: number }]> = [];
  for (const topic of request.topics) {
    for (const p of topic.partitions) {
      entries.push([topic.name, { partitionIndex: p.partitionIndex, errorCode: errors.get({ topic: topic.name, partition: p.partitionIndex }) ?? ErrorCode.UNKNOWN_SERVER_ERROR }]);
    }
  }
  return { throttleTimeMs: 0, topics: groupByTopic(entries) };
}

export function createOffsetCommitHandler(deps: GroupApiDeps): HandlerFor<'OffsetCommit'> {
  const allFailed = (request: OffsetCommitRequest, errorCode: number) => {
    const errors = new TopicPartitionMap<number>();
    for (const t of request.topics) for (const p of t.partitions) errors.set({ topic: t.name, partition: p.partitionIndex }, errorCode);
    return response(request, errors);
  };
  return {
    apiKey: 8,
    minVersion: 0,
    maxVersion: 8,

    async handle(request, ctx) {
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return allFailed(request, ErrorCode.GROUP_AUTHORIZATION_FAILED);
      const authorizedTopics = filterAuthorized(ctx, AclOperation.READ, ResourceType.TOPIC, request.topics.map((t) => t.name));
      const version = ctx.apiVersion;
      const errors = new TopicPartitionMap<number>();
      const now = Date.now();
      const toCommit = new TopicPartitionMap<OffsetAndMetadata>();
      const zkCommits: Array<[TopicPartition, bigint]> = [];
      for (const topic of request.topics) {
        for (const p of topic.partitions) {
          const tp = { topic: topic.name, partition: p.partitionIndex };
          if (!authorizedTopics.has(topic.name)) {
            errors.set(tp, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
          } else if (deps.metadataCache.partitionState(topic.name, p.partitionIndex) === undefined) {
            errors.set(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          } else if (version === 0) {
            zkCommits.push([tp, p.committedOffset]);
          } else {
            toCommit.set(tp, {
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch,
              metadata: p.committedMetadata ?? '',
              commitTimestamp: p.commitTimestamp === -1n ? now : Number(p.commitTimestamp),
              expireTimestamp: request.retentionTimeMs === -1n ? null : now + Number(request.retentionTimeMs),
            });
          }
        }
      }
      for (const [tp, offset] of zkCommits) errors.set(tp, await commitToZooKeeper(deps, request.groupId, tp, offset));
      if (toCommit.size > 0) {
        const results = await deps.coordinator.handleCommitOffsets(request.groupId, request.memberId, request.groupInstanceId, request.generationId, toCommit);
        for (const [tp, code] of results) errors.set(tp, code);
      }
      return response(request, errors);
    },

    errorResponse: allFailed,
  };
}

async function commitToZooKeeper(deps: GroupApiDeps, group: string, tp: TopicPartition, offset: bigint): Promise<number> {
  if (deps.zk === undefined) return ErrorCode.UNKNOWN_SERVER_ERROR;
  try {
    await deps.zk.setOrCreateConsumerOffset(group, tp.topic, tp.partition, offset);
    return ErrorCode.NONE;
  } catch {
    return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}
