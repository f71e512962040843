// DeleteRecords (key 21), versions 0-1: moves the log start offset of partitions this broker
// leads (offset -1: to the high watermark) and answers with each partition's low watermark once
// every live replica has followed, or REQUEST_TIMED_OUT after timeout_ms. A partition the
// metadata does not know is UNKNOWN_TOPIC_OR_PARTITION; ReplicaManager decides the rest. Each topic
// needs Delete, checked before its existence: TOPIC_AUTHORIZATION_FAILED (low watermark -1) otherwise.

import type { DeleteRecordsResponse } from '../../protocol/generated';
import { ErrorCode } from '../../protocol/errors';
import { topicPartitionKey } from '../../common/topic-partition';
import type { MetadataCache } from '../metadata-cache';
import type { DeleteRecordsResult, ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { filterAuthorized } from './authorization';

export interface DeleteRecordsHandlerDeps {
  replicaManager: ReplicaManager;
  metadataCache: MetadataCache;
}

/** Results grouped by topic, topics and partitions in request order. */
function byTopic(results: readonly DeleteRecordsResult[]): DeleteRecordsResponse {
  const topics = new Map<string, DeleteRecordsResponse['topics'][number]>();
  for (const r of results) {
    let topic = topics.get(r.topic);
    if (topic === undefined) topics.set(r.topic, (topic = { name: r.topic, partitions: [] }));
    topic.partitions.push({ partitionIndex: r.partition, lowWatermark: BigInt(r.lowWatermark), errorCode: r.errorCode });
  }
  return { throttleTimeMs: 0, topics: [...topics.values()] };
}

export function createDeleteRecordsHandler(deps: DeleteRecordsHandlerDeps): HandlerFor<'DeleteRecords'> {
  return {
    apiKey: 21,
    minVersion: 0,
    maxVersion: 1,

    handle(request, ctx) {
      const requested = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.offset) })));
      const authorized = filterAuthorized(ctx, AclOperation.DELETE, ResourceType.TOPIC, requested.map((r) => r.topic));
      const known = requested.filter((r) => authorized.has(r.topic) && deps.metadataCache.partitionState(r.topic, r.partition) !== undefined);
      return new Promise((resolve) => {
        deps.replicaManager.deleteRecords(known, request.timeoutMs, (results) => {
          const resultOf = new Map(results.map((r) => [topicPartitionKey(r.topic, r.partition), r]));
          resolve(
            byTopic(
              requested.map(
                (r) =>
                  resultOf.get(topicPartitionKey(r.topic, r.partition)) ?? {
                    topic: r.topic,
                    partition: r.partition,
                    lowWatermark: -1,
                    errorCode: authorized.has(r.topic) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.TOPIC_AUTHORIZATION_FAILED,
                  },
              ),
            ),
          );
        });
      });
    },

    errorResponse: (request, errorCode) =>
      byTopic(request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, lowWatermark: -1, errorCode })))),
  };
}
