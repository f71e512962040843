// OffsetFetch (key 9), versions 0-6. v1+ read the group coordinator's committed offsets (-1 for
// partitions never committed; v2+ may ask for all of them with null topics); v0 reads the
// ZooKeeper znodes OffsetCommit v0 writes. Errors: per partition before v2, top-level from v2.
// Authorization as 2.4.1: Describe on the group, else GROUP_AUTHORIZATION_FAILED (as any group
// error); Describe on each topic: named partitions of other topics get TOPIC_AUTHORIZATION_FAILED
// (offset -1) without the coordinator being asked, and an all-partitions fetch leaves them out.

import { ErrorCode } from '../../protocol/errors';
import type { OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponsePartition } from '../../protocol/generated';
import type { FetchedOffset } from '../../coordinator/group/group-metadata-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, filterAuthorized } from './authorization';
import { TopicPartitionMap } from '../../coordinator/group/topic-partition-map';
import type { GroupApiDeps } from './group-apis';
import { groupByTopic } from './group-offsets-response';
import type { TopicPartition } from '../../common/topic-partition';

function partitionResult(tp: TopicPartition, o: FetchedOffset, version: number): [string, OffsetFetchResponsePartition] {
  return [
    tp.topic,
    {
      partitionIndex: tp.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: version >= 5 ? o.leaderEpoch : -1,
      metadata: o.metadata,
      errorCode: o.errorCode,
    },
  ];
}

const requested = (request: OffsetFetchRequest): TopicPartition[] =>
  (request.topics ?? []).flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));

function errorResponse(request: OffsetFetchRequest, errorCode: number, version: number): OffsetFetchResponse {
  if (version >= 2) return { throttleTimeMs: 0, topics: [], errorCode };
  const failed: FetchedOffset = { offset: -1n, leaderEpoch: -1, metadata: '', errorCode };
  return { throttleTimeMs: 0, topics: groupByTopic(requested(request).map((tp) => partitionResult(tp, failed, version))), errorCode: ErrorCode.NONE };
}

export function createOffsetFetchHandler(deps: GroupApiDeps): HandlerFor<'OffsetFetch'> {
  return {
    apiKey: 9,
    minVersion: 0,
    maxVersion: 6,

    async handle(request, ctx) {
      const version = ctx.apiVersion;
      if (!authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, request.groupId)) return errorResponse(request, ErrorCode.GROUP_AUTHORIZATION_FAILED, version);
      const describable = (partitions: TopicPartition[]) => filterAuthorized(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, partitions.map((tp) => tp.topic));
      if (request.topics === null && version > 0) {
        const { errorCode, offsets } = deps.coordinator.handleFetchOffsets(request.groupId, null);
        if (errorCode !== ErrorCode.NONE) return errorResponse(request, errorCode, version);
        // Offsets of topics the principal may not describe are not shown at all.
        const shown = describable(offsets.map(([tp]) => tp));
        return { throttleTimeMs: 0, topics: groupByTopic(offsets.filter(([tp]) => shown.has(tp.topic)).map(([tp, o]) => partitionResult(tp, o, version))), errorCode: ErrorCode.NONE };
      }
      const asked = requested(request);
      const shown = describable(asked);
      const authorized = asked.filter((tp) => shown.has(tp.topic));
      const found = new TopicPartitionMap<FetchedOffset>();
      if (version === 0) {
        for (const tp of authorized) found.set(tp, await fetchFromZooKeeper(deps, request.groupId, tp));
      } else {
        const { errorCode, offsets } = deps.coordinator.handleFetchOffsets(request.groupId, authorized);
        if (errorCode !== ErrorCode.NONE) return errorResponse(request, errorCode, version);
        for (const [tp, o] of offsets) found.set(tp, o);
      }
      const results = asked.map((tp) => partitionResult(tp, shown.has(tp.topic) ? found.get(tp)! : UNAUTHORIZED_PARTITION, version));
      return { throttleTimeMs: 0, topics: groupByTopic(results), errorCode: ErrorCode.NONE };
    },

    errorResponse: (request, errorCode, ctx) => errorResponse(request, errorCode, ctx.apiVersion),
  };
}

const UNAUTHORIZED_PARTITION: FetchedOffset = { offset: -1n, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
const UNKNOWN_PARTITION: FetchedOffset = { offset: -1n, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };

async function fetchFromZooKeeper(deps: GroupApiDeps, group: string, tp: TopicPartition): Promise<FetchedOffset> {
  if (deps.metadataCache.partitionState(tp.topic, tp.partition) === undefined || deps.zk === undefined) return UNKNOWN_PARTITION;
  try {
    const offset = await deps.zk.getConsumerOffset(group, tp.topic, tp.partition);
    return offset === null ? UNKNOWN_PARTITION : { offset, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE };
  } catch {
    return { offset: -1n, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNKNOWN_SERVER_ERROR };
  }
}
