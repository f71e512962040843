// OffsetForLeaderEpoch (key 23), versions 0-3 (KIP-101 / KIP-279 / KIP-320). For each partition
// this broker leads: the largest leader epoch <= the requested one, and the offset where the next
// epoch starts (the log end for the latest epoch). A follower truncates to that offset instead of
// its high watermark, so it never keeps records the new leader does not have. v2+ fences the
// caller's current_leader_epoch (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH); not the leader:
// NOT_LEADER_FOR_PARTITION; unknown partition: UNKNOWN_TOPIC_OR_PARTITION; an unknown epoch
// answers leader_epoch -1 and end_offset -1. Authorization as 2.4.1: ClusterAction on the cluster
// (a follower; its denial is not logged) allows every partition, else (a KIP-320 consumer) Describe
// on each topic, TOPIC_AUTHORIZATION_FAILED with epoch and offset -1 for the others.

import { ErrorCode } from '../../protocol/errors';
import type { OffsetForLeaderPartitionResult } from '../../protocol/generated';
import { leaderEpochError, type ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorizeCluster, filterAuthorized } from './authorization';

function result(partitionIndex: number, errorCode: number, leaderEpoch = -1, endOffset = -1): OffsetForLeaderPartitionResult {
  return { errorCode, partitionIndex, leaderEpoch, endOffset: BigInt(endOffset) };
}

export function createOffsetForLeaderEpochHandler(replicaManager: ReplicaManager): HandlerFor<'OffsetForLeaderEpoch'> {
  return {
    apiKey: 23,
    minVersion: 0,
    maxVersion: 3,
    handle(request, ctx) {
      const authorizedTopics = authorizeCluster(ctx, AclOperation.CLUSTER_ACTION, { logIfDenied: false })
        ? null
        : filterAuthorized(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, request.topics.flatMap((t) => t.partitions.map(() => t.name)));
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map((p) => {
            if (authorizedTopics !== null && !authorizedTopics.has(topic.name)) return result(p.partitionIndex, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
            const partition = replicaManager.getPartition(topic.name, p.partitionIndex);
            if (partition === undefined) return result(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            const fenced = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
            if (fenced !== ErrorCode.NONE) return result(p.partitionIndex, fenced);
            if (!partition.isLeader) return result(p.partitionIndex, ErrorCode.NOT_LEADER_FOR_PARTITION);
            const { epoch, endOffset } = partition.log!.endOffsetForEpoch(p.leaderEpoch);
            return result(p.partitionIndex, ErrorCode.NONE, epoch, endOffset);
          }),
        })),
      };
    },
    errorResponse: (request, errorCode) => ({
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => result(p.partitionIndex, errorCode)) })),
    }),
  };
}
