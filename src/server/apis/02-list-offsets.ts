// ListOffsets (key 2), versions 0-5.
//
// timestamp -1 (latest) answers the high watermark to consumers (the last stable offset to
// read_committed ones, v2+) and the log end to followers; -2 (earliest) the log
// start offset; any other timestamp the
// first offset whose record timestamp is at or after it, among offsets below the high watermark
// (none: offset -1, timestamp -1). v0 answers a list (old_style_offsets) holding at most one
// offset in our log (Kafka 2.4 also answers at most the segment boundaries; clients only ask
// max_num_offsets 1). v4+ checks the client's current_leader_epoch (FENCED_LEADER_EPOCH /
// UNKNOWN_LEADER_EPOCH) and returns the leader epoch of the offset found.
// Only the leader answers (NOT_LEADER_FOR_PARTITION otherwise), except to a debugging client
// (replica_id -2), which any replica answers from its own log, as Kafka does: the observatory
// reads each replica's log end offset that way. Each topic needs Describe (asked once per topic
// with its partition count): others get TOPIC_AUTHORIZATION_FAILED, offset and timestamp -1.

import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../log';
import { ErrorCode } from '../../protocol/errors';
import type { ListOffsetPartitionResponse } from '../../protocol/generated';
import { leaderEpochError, type ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { filterAuthorized } from './authorization';

const CONSUMER_REPLICA_ID = -1;
/** ListOffsetRequest.DEBUGGING_REPLICA_ID: not fenced to the leader, sees the log end. */
const DEBUGGING_REPLICA_ID = -2;

export interface ListOffsetsHandlerDeps {
  replicaManager: ReplicaManager;
}

function answer(partitionIndex: number, errorCode: number, version: number, found?: { offset: number; timestamp: number; leaderEpoch: number }): ListOffsetPartitionResponse {
  return {
    partitionIndex,
    errorCode,
    oldStyleOffsets: version === 0 && found !== undefined ? [BigInt(found.offset)] : [],
    timestamp: version >= 1 ? BigInt(found?.timestamp ?? -1) : -1n,
    offset: version >= 1 ? BigInt(found?.offset ?? -1) : -1n,
    leaderEpoch: version >= 4 ? (found?.leaderEpoch ?? -1) : 0,
  };
}

export function createListOffsetsHandler(deps: ListOffsetsHandlerDeps): HandlerFor<'ListOffset'> {
  return {
    apiKey: 2,
    minVersion: 0,
    maxVersion: 5,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      const authorized = filterAuthorized(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, request.topics.flatMap((t) => t.partitions.map(() => t.name)));
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map((p) => {
            if (!authorized.has(topic.name)) return answer(p.partitionIndex, ErrorCode.TOPIC_AUTHORIZATION_FAILED, version);
            const partition = deps.replicaManager.getPartition(topic.name, p.partitionIndex);
            if (partition === undefined) return answer(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, version);
            const epochError = leaderEpochError(version >= 4 ? p.currentLeaderEpoch : -1, partition.leaderEpoch);
            if (epochError !== ErrorCode.NONE) return answer(p.partitionIndex, epochError, version);
            const log = partition.log;
            if (log === null || (!partition.isLeader && request.replicaId !== DEBUGGING_REPLICA_ID)) return answer(p.partitionIndex, ErrorCode.NOT_LEADER_FOR_PARTITION, version);
            // Consumers may read up to the high watermark (read_committed ones, v2+, up to the
            // last stable offset); a follower (replica_id >= 0) or a debugging client (-2) up to
            // the log end, as in Kafka.
            const consumerEnd = version >= 2 && request.isolationLevel === 1 ? log.lastStableOffset : log.highWatermark;
            const lastFetchable = request.replicaId === CONSUMER_REPLICA_ID ? consumerEnd : log.logEndOffset;
            const timestamp = Number(p.timestamp);
            if (timestamp === LATEST_TIMESTAMP) {
              return answer(p.partitionIndex, ErrorCode.NONE, version, { offset: lastFetchable, timestamp: -1, leaderEpoch: log.leaderEpochCache.latestEpoch });
            }
            const found = log.fetchOffsetByTimestamp(timestamp);
            if (timestamp !== EARLIEST_TIMESTAMP && (found === null || found.offset >= lastFetchable)) {
              return answer(p.partitionIndex, ErrorCode.NONE, version);
            }
            return answer(p.partitionIndex, ErrorCode.NONE, version, found ?? undefined);
          }),
        })),
      };
    },

    errorResponse(request, errorCode, ctx) {
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => answer(p.partitionIndex, errorCode, ctx.apiVersion)) })),
      };
    },
  };
}
