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

import { ErrorCode } from '../../protocol/errors';
import type { PartitionProduceResponse, ProduceResponse, TopicProduceResponse } from '../../protocol/generated';
import { DelayedProduce, type PendingPartition } from '../delayed-produce';
import { INTERNAL_TOPICS } from '../metadata-cache';
import type { DelayedOperationPurgatory } from '../purgatory';
import type { ReplicaManager } from '../replica-manager';
import { ApiError, NO_RESPONSE, type HandlerFor } from './api-handler';
import { fetchKey } from './01-fetch';

export interface ProduceHandlerDeps {
  replicaManager: ReplicaManager;
  purgatory: DelayedOperationPurgatory<string, DelayedProduce>;
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
      const waiting: Array<PendingPartition & { response: PartitionProduceResponse }> = [];
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
          const result = deps.replicaManager.appendToLeader(topic.name, p.partitionIndex, p.records, version, request.acks);
          if (result.errorCode !== ErrorCode.NONE) {
            anyError = true;
            return {
              ...partitionResponse(p.partitionIndex, result.errorCode, result.errorMessage),
              recordErrors: result.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message })),
            };
          }
          deps.onAppended(topic.name, p.partitionIndex);
          const response: PartitionProduceResponse = {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.NONE,
            baseOffset: BigInt(result.baseOffset),
            logAppendTimeMs: BigInt(result.logAppendTime),
            logStartOffset: BigInt(result.logStartOffset),
            recordErrors: [],
            errorMessage: null,
          };
          if (request.acks === -1) {
            waiting.push({ topic: topic.name, partition: p.partitionIndex, requiredOffset: result.nextOffset, errorCode: ErrorCode.NONE, done: false, response });
          }
          return response;
        });
        responses.push({ name: topic.name, partitions });
      }
      if (request.acks === 0) {
        // Kafka closes the connection instead of answering a failed acks=0 produce.
        if (anyError) throw new ApiError(ErrorCode.UNKNOWN_SERVER_ERROR, 'acks=0 produce failed; closing the connection');
        return NO_RESPONSE;
      }
      const answer: ProduceResponse = { responses, throttleTimeMs: 0 };
      if (waiting.length === 0) return answer;
      return new Promise<ProduceResponse>((resolve) => {
        const delayed = new DelayedProduce(request.timeoutMs, waiting, deps.replicaManager, () => {
          for (const w of waiting) w.response.errorCode = w.errorCode;
          resolve(answer);
        });
        deps.purgatory.tryCompleteElseWatch(delayed, waiting.map((w) => fetchKey(w.topic, w.partition)));
      });
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
