// Produce (key 0), versions 0-8.
//
// Each partition's records go to the local leader through ReplicaManager, which validates them as
// Kafka's LogValidator does and answers with Kafka's codes (CORRUPT_MESSAGE, INVALID_RECORD,
// MESSAGE_TOO_LARGE, INVALID_TIMESTAMP, NOT_LEADER_FOR_PARTITION, UNKNOWN_TOPIC_OR_PARTITION...).
// acks must be -1, 0 or 1 (else INVALID_REQUIRED_ACKS for every partition). Clients may not write
// to internal topics (INVALID_TOPIC_EXCEPTION). acks=0 gets no response at all; if any partition
// failed, the connection is closed instead so the client notices and refreshes its metadata.
//
// acks=-1: refused before the append with NOT_ENOUGH_REPLICAS when the ISR is smaller than
// min.insync.replicas; otherwise the answer waits in the produce purgatory until every in-sync
// replica has the records (see DelayedProduce: NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT).
// Transactional and idempotent batches are stored like any other; producer-state checks
// (sequence numbers, fencing) come with idempotence support.

import { mapSyncOrAsync, syncOrAsync } from '../../common/sync-or-async';
import { ErrorCode } from '../../protocol/errors';
import type { PartitionProduceResponse, ProduceResponse } from '../../protocol/generated';
import type { ProduceResult, ReplicaManager } from '../replica-manager';
import { ApiError, NO_RESPONSE, type HandlerFor } from './api-handler';

export interface ProduceHandlerDeps {
  replicaManager: ReplicaManager;
}

function partitionResponse(partitionIndex: number, errorCode: number, errorMessage: string | null = null): PartitionProduceResponse {
  return { partitionIndex, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage };
}

function resultResponse(partitionIndex: number, result: ProduceResult): PartitionProduceResponse {
  return {
    partitionIndex,
    errorCode: result.errorCode,
    baseOffset: BigInt(result.baseOffset),
    logAppendTimeMs: BigInt(result.logAppendTime),
    logStartOffset: BigInt(result.logStartOffset),
    recordErrors: result.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message })),
    errorMessage: result.errorMessage,
  };
}

export function createProduceHandler(deps: ProduceHandlerDeps): HandlerFor<'Produce'> {
  return {
    apiKey: 0,
    minVersion: 0,
    maxVersion: 8,

    handle(request, ctx) {
      const entries = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, records: p.records })));
      const options = { requiredAcks: request.acks, timeoutMs: request.timeoutMs, produceVersion: ctx.apiVersion, internalTopicsAllowed: false };
      const results = syncOrAsync<ProduceResult[]>((done) => deps.replicaManager.appendRecords(entries, options, done));
      if (request.acks === 0) {
        // acks=0 never waits, so the results are here. Kafka closes the connection instead of answering a failed acks=0 produce.
        if ((results as ProduceResult[]).some((r) => r.errorCode !== ErrorCode.NONE)) {
          throw new ApiError(ErrorCode.UNKNOWN_SERVER_ERROR, 'acks=0 produce failed; closing the connection');
        }
        return NO_RESPONSE;
      }
      const answer = (all: ProduceResult[]): ProduceResponse => {
        let i = 0;
        const responses = request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => resultResponse(p.partitionIndex, all[i++])) }));
        return { responses, throttleTimeMs: 0 };
      };
      return mapSyncOrAsync(results, answer);
    },

    errorResponse(request, errorCode) {
      if (request.acks === 0) return null;
      return {
        responses: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => partitionResponse(p.partitionIndex, errorCode)) })),
        throttleTimeMs: 0,
      };
    },
  };
}
