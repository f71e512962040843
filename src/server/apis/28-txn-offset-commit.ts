// TxnOffsetCommit (key 28), versions 0-2: a transactional producer's sendOffsetsToTransaction.
// The offsets go to the group coordinator, which appends them to __consumer_offsets as a
// transactional batch of the producer (its id and epoch) and keeps them pending in the group
// until the transaction's COMMIT marker; OffsetFetch does not see them before, and an ABORT drops
// them. Membership and generation are not checked. Partitions of topics unknown to the metadata
// cache get UNKNOWN_TOPIC_OR_PARTITION; coordinator errors (NOT_COORDINATOR,
// COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, INVALID_GROUP_ID) come per partition.
// v2 carries the committed leader epoch (-1 before). Authorization as 2.4.1: Write on the
// transactional id, then Read on the group (TRANSACTIONAL_ID_ or GROUP_AUTHORIZATION_FAILED on every
// partition), then Read on each topic (TOPIC_AUTHORIZATION_FAILED, before existence is looked at).

import { ErrorCode } from '../../protocol/errors';
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../protocol/generated';
import type { OffsetAndMetadata } from '../../coordinator/group/offset-and-metadata';
import { TopicPartitionMap } from '../../coordinator/group/topic-partition-map';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, filterAuthorized } from './authorization';
import type { GroupApiDeps } from './group-apis';
import { groupByTopic } from './group-offsets-response';

function response(request: TxnOffsetCommitRequest, errors: TopicPartitionMap<number>): TxnOffsetCommitResponse {
  const entries: Array<[string, { partitionIndex: number; errorCode: number }]> = [];
  for (const topic of request.topics) {
    for (const p of topic.partitions) {
      entries.push([topic.name, { partitionIndex: p.partitionIndex, errorCode: errors.get({ topic: topic.name, partition: p.partitionIndex }) ?? ErrorCode.UNKNOWN_SERVER_ERROR }]);
    }
  }
  return { throttleTimeMs: 0, topics: groupByTopic(entries) };
}

/** TxnOffsetCommitRequest.getErrorResponse: the code on every partition. */
function failedEverywhere(request: TxnOffsetCommitRequest, errorCode: number): TxnOffsetCommitResponse {
  const errors = new TopicPartitionMap<number>();
  for (const t of request.topics) for (const p of t.partitions) errors.set({ topic: t.name, partition: p.partitionIndex }, errorCode);
  return response(request, errors);
}

export function createTxnOffsetCommitHandler(deps: GroupApiDeps): HandlerFor<'TxnOffsetCommit'> {
  return {
    apiKey: 28,
    minVersion: 0,
    maxVersion: 2,

    async handle(request, ctx) {
      if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) return failedEverywhere(request, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return failedEverywhere(request, ErrorCode.GROUP_AUTHORIZATION_FAILED);
      const readable = filterAuthorized(ctx, AclOperation.READ, ResourceType.TOPIC, request.topics.flatMap((t) => t.partitions.map(() => t.name)));
      const errors = new TopicPartitionMap<number>();
      const toCommit = new TopicPartitionMap<OffsetAndMetadata>();
      const now = Date.now();
      for (const topic of request.topics) {
        for (const p of topic.partitions) {
          const tp = { topic: topic.name, partition: p.partitionIndex };
          if (!readable.has(topic.name)) {
            errors.set(tp, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
            continue;
          }
          if (deps.metadataCache.partitionState(topic.name, p.partitionIndex) === undefined) {
            errors.set(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            continue;
          }
          // As Kafka's convertTxnOffsets: committed now, no explicit expiry.
          toCommit.set(tp, { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata ?? '', commitTimestamp: now, expireTimestamp: null });
        }
      }
      if (toCommit.size > 0) {
        const producerId = Number(request.producerId);
        const results = await deps.coordinator.handleTxnCommitOffsets(request.groupId, producerId, request.producerEpoch, toCommit);
        for (const [tp, code] of results) errors.set(tp, code);
      }
      return response(request, errors);
    },

    errorResponse: (request, errorCode) => failedEverywhere(request, errorCode),
  };
}
