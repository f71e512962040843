// Produce (key 0), versions 0-8.
//
// Each partition's records go to the local leader through ReplicaManager, which validates them as
// Kafka's LogValidator does and answers with Kafka's codes (CORRUPT_MESSAGE, INVALID_RECORD,
// MESSAGE_TOO_LARGE, INVALID_TIMESTAMP, NOT_LEADER_FOR_PARTITION, UNKNOWN_TOPIC_OR_PARTITION...).
// acks must be -1, 0 or 1 (else INVALID_REQUIRED_ACKS for every partition). Clients may not write
// to internal topics (INVALID_TOPIC_EXCEPTION). acks=0 gets no response at all; if any partition
// failed, the connection is closed instead so the client notices and refreshes its metadata.
//
// Not yet: replication. acks=-1 completes once the leader has the records (the replication issue
// adds waiting for the ISR in the purgatory, NOT_ENOUGH_REPLICAS and REQUEST_TIMED_OUT).
// Transactional and idempotent batches are stored like any other; producer-state checks
// (sequence numbers, fencing) come with idempotence support.

import { ErrorCode } from '../../protocol/errors';
import type { PartitionProduceResponse, TopicProduceResponse } from '../../protocol/generated';
import { INTERNAL_TOPICS } from '../metadata-cache';
import type { ReplicaManager } from '../replica-manager';
import { ApiError, NO_RESPONSE, type HandlerFor } from './api-handler';

export interface ProduceHandlerDeps {
  replicaManager: ReplicaManager;
  /** Called after a successful append, so delayed fetches waiting on the partition can complete. */
  onAppended(topic: string, partition: number): void;
}

const VALID_ACKS = new Set([-1, 0, 1]);

function partitionResponse(partitionIndex: number, errorCode: number, errorMessage: string | null = null): PartitionProduceResponse {
  return { partitionIndex, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage };
}

export function createProduceHandler(deps: ProduceHandlerDeps): HandlerFor<'Produce'> {
  return {
    apiKey: 0,
    minVersion: 0,
    maxVersion: 8,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      const responses: TopicProduceResponse[] = [];
      let anyError = false;
      for (const topic of request.topics) {
        const partitions = topic.partitions.map((p): PartitionProduceResponse => {
          let errorCode: number = ErrorCode.NONE;
          if (!VALID_ACKS.has(request.acks)) errorCode = ErrorCode.INVALID_REQUIRED_ACKS;
          else if (INTERNAL_TOPICS.has(topic.name)) errorCode = ErrorCode.INVALID_TOPIC_EXCEPTION;
          if (errorCode !== ErrorCode.NONE) {
            anyError = true;
            return partitionResponse(p.partitionIndex, errorCode);
          }
          const result = deps.replicaManager.appendToLeader(topic.name, p.partitionIndex, p.records, version);
          if (result.errorCode !== ErrorCode.NONE) {
            anyError = true;
            return {
              ...partitionResponse(p.partitionIndex, result.errorCode, result.errorMessage),
              recordErrors: result.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message })),
            };
          }
          deps.onAppended(topic.name, p.partitionIndex);
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.NONE,
            baseOffset: BigInt(result.baseOffset),
            logAppendTimeMs: BigInt(result.logAppendTime),
            logStartOffset: BigInt(result.logStartOffset),
            recordErrors: [],
            errorMessage: null,
          };
        });
        responses.push({ name: topic.name, partitions });
      }
      if (request.acks === 0) {
        // Kafka closes the connection instead of answering a failed acks=0 produce.
        if (anyError) throw new ApiError(ErrorCode.UNKNOWN_SERVER_ERROR, 'acks=0 produce failed; closing the connection');
        return NO_RESPONSE;
      }
      return { responses, throttleTimeMs: 0 };
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
