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
// FETCH_SESSION_ID_NOT_FOUND. read_committed equals read_uncommitted while there are no
// transactions (last stable offset = high watermark, no aborted transactions).
// Kafka 2.4 has no follower fetching for consumers: a consumer fetch to a follower gets
// NOT_LEADER_FOR_PARTITION.

import { ErrorCode } from '../../protocol/errors';
import type { FetchablePartitionResponse, FetchableTopicResponse, FetchRequest, FetchResponse } from '../../protocol/generated';
import { BATCH_HEADER_SIZE, CompressionType, batchCompression, batchSize } from '../../protocol/records/batch-header';
import { DelayedOperation, type DelayedOperationPurgatory } from '../purgatory';
import { downConvert, maxMagicForFetchVersion } from '../down-convert';
import type { PartitionRead, ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';

export interface FetchHandlerDeps {
  replicaManager: ReplicaManager;
  purgatory: DelayedOperationPurgatory<string, DelayedFetch>;
}

/** Purgatory key of a partition: produce appends check this key. */
export const fetchKey = (topic: string, partition: number): string => `${topic}-${partition}`;

/** Kafka's hard limit for Fetch v0-v2, which had no request-level max_bytes. */
const UNLIMITED = 0x7fffffff;

function hasZstd(records: Buffer): boolean {
  for (let p = 0; p + BATCH_HEADER_SIZE <= records.length; p += batchSize(records, p)) {
    if (batchCompression(records, p) === CompressionType.Zstd) return true;
  }
  return false;
}

/** Reads every requested partition once, as the response would carry them now. */
function readAll(request: FetchRequest, version: number, deps: FetchHandlerDeps): { topics: FetchableTopicResponse[]; bytes: number; anyError: boolean } {
  let remaining = version >= 3 ? request.maxBytes : UNLIMITED;
  // KIP-74: until one partition returned data, the first batch may exceed the limits.
  let minOneBatch = version >= 3;
  let bytes = 0;
  let anyError = false;
  const magic = maxMagicForFetchVersion(version);
  const follower = request.replicaId >= 0;
  const topics = request.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.fetchPartitions.map((fp): FetchablePartitionResponse => {
      const readRequest = {
        topic: topic.name,
        partition: fp.partitionIndex,
        fetchOffset: Number(fp.fetchOffset),
        maxBytes: Math.max(0, Math.min(fp.maxBytes, remaining)),
        minOneBatch,
        currentLeaderEpoch: fp.currentLeaderEpoch,
      };
      const read: PartitionRead = follower
        ? deps.replicaManager.readForFollower(request.replicaId, readRequest)
        : deps.replicaManager.readFromLeader(readRequest);
      let { errorCode, records } = read;
      if (errorCode === ErrorCode.NONE && records.length > 0) {
        if (version < 10 && hasZstd(records)) {
          errorCode = ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
          records = Buffer.alloc(0);
        } else {
          remaining -= records.length;
          bytes += records.length;
          minOneBatch = false;
          if (magic !== 2) records = downConvert(records, magic);
        }
      }
      if (errorCode !== ErrorCode.NONE) anyError = true;
      return {
        partitionIndex: fp.partitionIndex,
        errorCode,
        highWatermark: BigInt(read.highWatermark),
        lastStableOffset: BigInt(read.lastStableOffset),
        logStartOffset: BigInt(read.logStartOffset),
        aborted: [],
        preferredReadReplica: -1,
        records,
      };
    }),
  }));
  return { topics, bytes, anyError };
}

/** A fetch waiting for min_bytes (Kafka's DelayedFetch); it re-reads everything when it completes. */
export class DelayedFetch extends DelayedOperation {
  constructor(
    delayMs: number,
    private readonly request: FetchRequest,
    private readonly version: number,
    private readonly deps: FetchHandlerDeps,
    private readonly respond: (response: FetchResponse) => void,
  ) {
    super(delayMs);
  }

  /**
   * Called on every append and high-watermark move of the partitions it waits on, so it avoids
   * reading: with min_bytes <= 1 (what clients send) any new offset is enough; an error (lost
   * leadership, deleted partition) answers at once. Only larger min_bytes re-read to count bytes.
   */
  tryComplete(): boolean {
    const follower = this.request.replicaId >= 0;
    let anyNewData = false;
    for (const topic of this.request.topics) {
      for (const fp of topic.fetchPartitions) {
        const end = this.deps.replicaManager.readableEnd(topic.name, fp.partitionIndex, follower);
        if (end === null) return this.forceComplete();
        if (end > Number(fp.fetchOffset)) anyNewData = true;
      }
    }
    if (!anyNewData) return false;
    if (this.request.minBytes <= 1 || readAll(this.request, this.version, this.deps).bytes >= this.request.minBytes) return this.forceComplete();
    return false;
  }

  protected onComplete(): void {
    this.respond(response(readAll(this.request, this.version, this.deps).topics));
  }
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
      const now = readAll(request, version, deps);
      if (request.maxWait <= 0 || now.bytes >= request.minBytes || now.anyError || request.topics.length === 0) {
        return response(now.topics);
      }
      return new Promise<FetchResponse>((resolve) => {
        const keys = request.topics.flatMap((t) => t.fetchPartitions.map((p) => fetchKey(t.name, p.partitionIndex)));
        deps.purgatory.tryCompleteElseWatch(new DelayedFetch(request.maxWait, request, version, deps, resolve), keys);
      });
    },

    errorResponse(request, errorCode) {
      return response(request.topics.map((t) => ({ name: t.name, partitions: t.fetchPartitions.map((p) => errorPartition(p.partitionIndex, errorCode)) })));
    },
  };
}

function errorPartition(partitionIndex: number, errorCode: number): FetchablePartitionResponse {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    aborted: [],
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}
