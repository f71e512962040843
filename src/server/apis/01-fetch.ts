// Fetch (key 1), versions 0-11, for consumers (replica_id -1) and followers (replica_id = their
// broker id).
//
// Consumers read whole batches from the local leader up to the high watermark; followers read up
// to the log end, and their fetch offset tells the leader how far they are (which moves the high
// watermark and the ISR). Reads start at the batch that
// holds fetch_offset. KIP-74 (v3+): max_bytes (capped by the broker's fetch.max.bytes) and each
// partition's partition_max_bytes are filled in request order, and the first batch of the first
// non-empty partition is returned whole even when it exceeds both. Older versions have hard
// limits and get down-converted data (magic 0 for v0-1, magic 1 for v2-3); zstd data is
// refused below v10 (UNSUPPORTED_COMPRESSION_TYPE). Long poll: when fewer than min_bytes are
// available the request waits in the fetch purgatory until enough arrive or max_wait_ms passes.
//
// Fetch sessions (KIP-227): we never create one; session id 0 is answered with session id 0 (full
// fetches, what kafkajs and librdkafka always do); an unknown non-zero id gets
// FETCH_SESSION_ID_NOT_FOUND. read_committed (v4+ isolation_level 1) reads up to the last stable
// offset and gets the aborted transactions among what it reads, which the consumer drops.
// Kafka 2.4 has no follower fetching for consumers: a consumer fetch to a follower gets
// NOT_LEADER_FOR_PARTITION.
//
// Authorization (KafkaApis.handleFetchRequest): a follower needs ClusterAction on the cluster, else
// every partition it asks is TOPIC_AUTHORIZATION_FAILED and nothing is read; a consumer needs Read
// on each topic, asked once per topic with its partition count. Refused partitions carry Kafka's
// error shape (offsets -1, no aborted transactions, no records) and, as in Kafka's response map,
// come after the partitions that were read; a fetch with nothing left to read answers at once.
//
// Quotas (KafkaApis' processResponseCallback): a consumer's fetch counts its handling time against
// request_percentage and its response size as read (before down-conversion) against
// consumer_byte_rate; if either throttles, the bytes are taken back and the answer has no
// partitions at all, with throttle_time_ms, and the connection is muted that long. Followers are
// exempt (replication has its own quotas).

import { mapSyncOrAsync, syncOrAsync } from '../../common/sync-or-async';
import { ErrorCode } from '../../protocol/errors';
import type { FetchablePartitionResponse, FetchableTopicResponse, FetchRequest, FetchResponse } from '../../protocol/generated';
import { BATCH_HEADER_SIZE, CompressionType, batchCompression, batchSize } from '../../protocol/records/batch-header';
import { downConvert, maxMagicForFetchVersion } from '../down-convert';
import type { FetchParams, PartitionRead } from '../fetch-types';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor, RequestContext } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorizeCluster, filterAuthorized } from './authorization';
import type { BrokerTopicMetrics } from '../../metrics/broker-topic-metrics';
import type { ClientQuotas } from '../quota/client-quotas';
import { fetchThrottleTimeMs } from '../quota/byte-rate-throttling';
import { fetchResponseSize } from '../quota/fetch-response-size';

export interface FetchHandlerDeps {
  replicaManager: ReplicaManager;
  /** Counts the bytes each response partition carries (BytesOutPerSec); none in tests that don't look. */
  topicMetrics?: BrokerTopicMetrics;
  /** consumer_byte_rate and request_percentage; none in tests that don't look. */
  quotas?: ClientQuotas;
}

/** Kafka's hard limit for Fetch v0-v2, which had no request-level max_bytes. */
const UNLIMITED = 0x7fffffff;

function hasZstd(records: Buffer): boolean {
  for (let p = 0; p + BATCH_HEADER_SIZE <= records.length; p += batchSize(records, p)) {
    if (batchCompression(records, p) === CompressionType.Zstd) return true;
  }
  return false;
}

function fetchParams(request: FetchRequest, version: number, topics: FetchRequest['topics']): FetchParams {
  return {
    replicaId: request.replicaId,
    maxWaitMs: request.maxWait,
    minBytes: request.minBytes,
    maxBytes: version >= 3 ? request.maxBytes : UNLIMITED,
    minOneBatch: version >= 3,
    isolationLevel: version >= 4 ? request.isolationLevel : 0,
    partitions: topics.flatMap((t) =>
      t.fetchPartitions.map((fp) => ({
        topic: t.name,
        partition: fp.partitionIndex,
        fetchOffset: Number(fp.fetchOffset),
        maxBytes: fp.maxBytes,
        currentLeaderEpoch: fp.currentLeaderEpoch,
        logStartOffset: Number(fp.logStartOffset),
      })),
    ),
  };
}

/** What this fetch version may carry (KafkaApis' processResponseCallback): no zstd below v10, older magics down-converted. */
function partitionResponse(partitionIndex: number, read: PartitionRead, version: number): FetchablePartitionResponse {
  let { errorCode, records } = read;
  if (errorCode === ErrorCode.NONE && records.length > 0) {
    if (version < 10 && hasZstd(records)) {
      errorCode = ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
      records = Buffer.alloc(0);
    } else {
      const magic = maxMagicForFetchVersion(version);
      if (magic !== 2) records = downConvert(records, magic);
    }
  }
  return {
    partitionIndex,
    errorCode,
    highWatermark: BigInt(read.highWatermark),
    lastStableOffset: BigInt(read.lastStableOffset),
    logStartOffset: BigInt(read.logStartOffset),
    // As Kafka: null for read_uncommitted (v4+ can say so), the list for read_committed.
    aborted: read.abortedTransactions?.map((t) => ({ producerId: BigInt(t.producerId), firstOffset: BigInt(t.firstOffset) })) ?? (version >= 4 ? null : []),
    preferredReadReplica: -1,
    records,
  };
}

function response(topics: FetchableTopicResponse[], errorCode: number = ErrorCode.NONE): FetchResponse {
  return { throttleTimeMs: 0, errorCode, sessionId: 0, topics };
}

export function createFetchHandler(deps: FetchHandlerDeps): HandlerFor<'Fetch'> {
  return {
    apiKey: 1,
    minVersion: 0,
    maxVersion: 11,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      if (request.sessionId !== 0) return response([], ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
      const metrics = deps.topicMetrics;
      const fromFollower = request.replicaId >= 0;
      const { readable, refused } = authorizedTopics(request, ctx);
      const answer = (reads: PartitionRead[]): FetchResponse => {
        const quotas = deps.quotas;
        if (quotas !== undefined) {
          if (fromFollower) quotas.exemptFromRequestQuota(ctx);
          else {
            const throttleTimeMs = fetchThrottleTimeMs(quotas, ctx, () => sizeAsRead(version, readable, reads, refused));
            // Kafka's getThrottledResponse: no partitions at all, nothing read is sent (nor down-converted, nor counted).
            if (throttleTimeMs > 0) return { ...response([]), throttleTimeMs };
          }
        }
        let i = 0;
        const read = readable.map((t) => ({
            name: t.name,
            partitions: t.fetchPartitions.map((fp) => {
              const partition = partitionResponse(fp.partitionIndex, reads[i++], version);
              // As Kafka counts it: what is sent, after any down-conversion.
              if (metrics !== undefined && partition.records !== null) metrics.bytesSent(t.name, fromFollower, partition.records.length);
              return partition;
            }),
          }));
        if (refused.length === 0) return response(read);
        return response([...read, ...refused.map((t) => ({ name: t.name, partitions: t.fetchPartitions.map((p) => errorPartition(p.partitionIndex, ErrorCode.TOPIC_AUTHORIZATION_FAILED, version)) }))]);
      };
      const reads = syncOrAsync<PartitionRead[]>((done) => deps.replicaManager.fetchMessages(fetchParams(request, version, readable), done));
      return mapSyncOrAsync(reads, answer);
    },

    errorResponse(request, errorCode, ctx) {
      // As FetchRequest.getErrorResponse: the code on every partition and on top.
      return response(
        request.topics.map((t) => ({ name: t.name, partitions: t.fetchPartitions.map((p) => errorPartition(p.partitionIndex, errorCode, ctx.apiVersion)) })),
        errorCode,
      );
    },
  };
}

/** The response's size before down-conversion, what consumer_byte_rate is charged (FetchContext.getResponseSize). */
function sizeAsRead(version: number, readable: FetchRequest['topics'], reads: PartitionRead[], refused: FetchRequest['topics']): number {
  let i = 0;
  const asRead = readable.map((t) => ({
    name: t.name,
    partitions: t.fetchPartitions.map(() => {
      const read = reads[i++]!;
      return { recordsBytes: read.records.length, abortedTransactions: read.abortedTransactions?.length ?? 0 };
    }),
  }));
  const denied = refused.map((t) => ({ name: t.name, partitions: t.fetchPartitions.map(() => ({ recordsBytes: 0, abortedTransactions: 0 })) }));
  return fetchResponseSize(version, [...asRead, ...denied]);
}

/** The topics this fetch may read, and those it is refused (all of them for a follower without ClusterAction). */
function authorizedTopics(request: FetchRequest, ctx: RequestContext): { readable: FetchRequest['topics']; refused: FetchRequest['topics'] } {
  if (ctx.authorizer === null) return { readable: request.topics, refused: [] };
  if (request.replicaId >= 0) {
    return authorizeCluster(ctx, AclOperation.CLUSTER_ACTION) ? { readable: request.topics, refused: [] } : { readable: [], refused: request.topics };
  }
  const allowed = filterAuthorized(ctx, AclOperation.READ, ResourceType.TOPIC, request.topics.flatMap((t) => t.fetchPartitions.map(() => t.name)));
  return { readable: request.topics.filter((t) => allowed.has(t.name)), refused: request.topics.filter((t) => !allowed.has(t.name)) };
}

/** KafkaApis' errorResponse for a partition: offsets -1, no records, aborted transactions null (absent before v4). */
function errorPartition(partitionIndex: number, errorCode: number, version: number): FetchablePartitionResponse {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    aborted: version >= 4 ? null : [],
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}
