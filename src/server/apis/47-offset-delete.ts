// OffsetDelete (key 47), version 0 (KIP-496): deletes a group's committed offsets for partitions it
// does not consume. Partitions of topics the group subscribes to get GROUP_SUBSCRIBED_TO_TOPIC;
// unknown partitions UNKNOWN_TOPIC_OR_PARTITION; a group error leaves the topic list empty.

import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { groupByTopic } from './group-offsets-response';
import type { TopicPartition } from '../../common/topic-partition';

export function createOffsetDeleteHandler(deps: GroupApiDeps): HandlerFor<'OffsetDelete'> {
  return {
    apiKey: 47,
    minVersion: 0,
    maxVersion: 0,

    handle(request) {
      const unknown: TopicPartition[] = [];
      const known: TopicPartition[] = [];
      for (const t of request.topics) {
        for (const p of t.partitions) {
          const tp = { topic: t.name, partition: p.partitionIndex };
          (deps.metadataCache.partitionState(t.name, p.partitionIndex) === undefined ? unknown : known).push(tp);
        }
      }
      const { errorCode, partitionErrors } = deps.coordinator.handleDeleteOffsets(request.groupId, known);
      if (errorCode !== ErrorCode.NONE) return { errorCode, throttleTimeMs: 0, topics: [] };
      const entries: Array<[string, { partitionIndex: number; errorCode: number }]> = [
        ...unknown.map((tp): [string, { partitionIndex: number; errorCode: number }] => [tp.topic, { partitionIndex: tp.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }]),
        ...[...partitionErrors].map(([tp, code]): [string, { partitionIndex: number; errorCode: number }] => [tp.topic, { partitionIndex: tp.partition, errorCode: code }]),
      ];
      return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics: groupByTopic(entries) };
    },

    errorResponse: (_request, errorCode) => ({ errorCode, throttleTimeMs: 0, topics: [] }),
  };
}
