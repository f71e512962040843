// OffsetDelete (key 47), version 0 (KIP-496): deletes a group's committed offsets for partitions it
// does not consume. Partitions of topics the group subscribes to get GROUP_SUBSCRIBED_TO_TOPIC;
// unknown partitions UNKNOWN_TOPIC_OR_PARTITION; a group error leaves the topic list empty.
// Authorization as 2.4.1: Delete on the group (else GROUP_AUTHORIZATION_FAILED, no topics), then
// Read on each topic: partitions of the others are TOPIC_AUTHORIZATION_FAILED whether they exist or not.

import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, filterAuthorized } from './authorization';
import { groupByTopic } from './group-offsets-response';
import type { TopicPartition } from '../../common/topic-partition';

export function createOffsetDeleteHandler(deps: GroupApiDeps): HandlerFor<'OffsetDelete'> {
  return {
    apiKey: 47,
    minVersion: 0,
    maxVersion: 0,

    handle(request, ctx) {
      if (!authorize(ctx, AclOperation.DELETE, ResourceType.GROUP, request.groupId)) return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, throttleTimeMs: 0, topics: [] };
      const readable = filterAuthorized(ctx, AclOperation.READ, ResourceType.TOPIC, request.topics.map((t) => t.name));
      const refused: Array<[TopicPartition, number]> = [];
      const known: TopicPartition[] = [];
      for (const t of request.topics) {
        for (const p of t.partitions) {
          const tp = { topic: t.name, partition: p.partitionIndex };
          if (!readable.has(t.name)) refused.push([tp, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
          else if (deps.metadataCache.partitionState(t.name, p.partitionIndex) === undefined) refused.push([tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
          else known.push(tp);
        }
      }
      const { errorCode, partitionErrors } = deps.coordinator.handleDeleteOffsets(request.groupId, known);
      if (errorCode !== ErrorCode.NONE) return { errorCode, throttleTimeMs: 0, topics: [] };
      const entries: Array<[string, { partitionIndex: number; errorCode: number }]> = [
        ...refused.map(([tp, code]): [string, { partitionIndex: number; errorCode: number }] => [tp.topic, { partitionIndex: tp.partition, errorCode: code }]),
        ...[...partitionErrors].map(([tp, code]): [string, { partitionIndex: number; errorCode: number }] => [tp.topic, { partitionIndex: tp.partition, errorCode: code }]),
      ];
      return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics: groupByTopic(entries) };
    },

    errorResponse: (_request, errorCode) => ({ errorCode, throttleTimeMs: 0, topics: [] }),
  };
}
