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
//
// Authorization (KafkaApis.handleProduceRequest): a request carrying transactional batches needs
// its transactional_id and Write on it, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED on every
// partition; idempotent (non-transactional) batches need IdempotentWrite on the cluster, else
// CLUSTER_AUTHORIZATION_FAILED. Then Write on each topic: partitions of other topics get
// TOPIC_AUTHORIZATION_FAILED whether the topic exists or not (its existence is not disclosed) and
// are not appended; only authorized partitions can answer UNKNOWN_TOPIC_OR_PARTITION. As Kafka,
// the flags come from the first batch of each partition. With acks=0 any of these failures closes
// the connection like every other failed acks=0 produce.
//
// Quotas (KafkaApis' sendResponseCallback): once the append is answered, the request's size counts
// against producer_byte_rate and its handling time against request_percentage (not for acks=0);
// the larger throttle is throttle_time_ms, and the connection is muted that long after the response.

import { mapSyncOrAsync, syncOrAsync } from '../../common/sync-or-async';
import { ErrorCode } from '../../protocol/errors';
import type { PartitionProduceResponse, ProduceRequest, ProduceResponse } from '../../protocol/generated';
import type { ProduceResult, ReplicaManager } from '../replica-manager';
import { ApiError, NO_RESPONSE, type HandlerFor, type RequestContext } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { BATCH_HEADER_SIZE, batchIsTransactional, batchMagic, batchProducerId } from '../../protocol/records/batch-header';
import { authorize, authorizeCluster, filterAuthorized } from './authorization';
import type { ClientQuotas } from '../quota/client-quotas';
import { produceThrottleTimeMs } from '../quota/byte-rate-throttling';

export interface ProduceHandlerDeps {
  replicaManager: ReplicaManager;
  /** producer_byte_rate and request_percentage; none in tests that don't look. */
  quotas?: ClientQuotas;
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

/** ProduceRequest.getErrorResponse: the code on every partition. */
function failedEverywhere(request: ProduceRequest, errorCode: number): ProduceResponse {
  return {
    responses: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => partitionResponse(p.partitionIndex, errorCode)) })),
    throttleTimeMs: 0,
  };
}

/** ProduceRequest.setFlags: whether any partition's first batch is transactional, or has a producer id. */
function producerFlags(request: ProduceRequest): { transactional: boolean; idempotent: boolean } {
  let transactional = false;
  let idempotent = false;
  for (const t of request.topics) {
    for (const p of t.partitions) {
      const records = p.records;
      // Magic 0 and 1 message sets have neither; a short buffer fails validation later.
      if (records === null || records.length < BATCH_HEADER_SIZE || batchMagic(records) < 2) continue;
      transactional ||= batchIsTransactional(records);
      idempotent ||= batchProducerId(records) >= 0;
    }
  }
  return { transactional, idempotent };
}

/** The request-wide authorization failure, if any: transactional id first, then idempotence. */
function producerAuthorizationError(request: ProduceRequest, ctx: RequestContext): number | null {
  const { transactional, idempotent } = producerFlags(request);
  if (transactional) {
    const id = request.transactionalId;
    return id !== null && authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, id) ? null : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
  }
  if (idempotent && !authorizeCluster(ctx, AclOperation.IDEMPOTENT_WRITE)) return ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
  return null;
}

export function createProduceHandler(deps: ProduceHandlerDeps): HandlerFor<'Produce'> {
  return {
    apiKey: 0,
    minVersion: 0,
    maxVersion: 8,

    handle(request, ctx) {
      // Without an authorizer nothing is asked, so the hot path stays as it was.
      let authorizedTopics: Set<string> | null = null;
      if (ctx.authorizer !== null) {
        const denied = producerAuthorizationError(request, ctx);
        if (denied !== null) {
          if (request.acks === 0) throw new ApiError(denied, 'acks=0 produce not authorized; closing the connection');
          return failedEverywhere(request, denied);
        }
        authorizedTopics = filterAuthorized(ctx, AclOperation.WRITE, ResourceType.TOPIC, request.topics.flatMap((t) => t.partitions.map(() => t.name)));
      }
      const allowed = (topic: string) => authorizedTopics === null || authorizedTopics.has(topic);
      const entries = request.topics.flatMap((t) => (allowed(t.name) ? t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, records: p.records })) : []));
      const options = { requiredAcks: request.acks, timeoutMs: request.timeoutMs, produceVersion: ctx.apiVersion, internalTopicsAllowed: false };
      const results = syncOrAsync<ProduceResult[]>((done) => deps.replicaManager.appendRecords(entries, options, done));
      if (request.acks === 0) {
        // acks=0 never waits, so the results are here. Kafka closes the connection instead of answering a failed acks=0 produce.
        // Its bytes count all the same, and a throttle mutes the connection with no response to say so.
        if (deps.quotas !== undefined) produceThrottleTimeMs(deps.quotas, ctx, 0);
        const anyUnauthorized = authorizedTopics !== null && request.topics.some((t) => !allowed(t.name));
        if (anyUnauthorized || (results as ProduceResult[]).some((r) => r.errorCode !== ErrorCode.NONE)) {
          throw new ApiError(ErrorCode.UNKNOWN_SERVER_ERROR, 'acks=0 produce failed; closing the connection');
        }
        return NO_RESPONSE;
      }
      const answer = (all: ProduceResult[]): ProduceResponse => {
        let i = 0;
        const responses = request.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => (allowed(t.name) ? resultResponse(p.partitionIndex, all[i++]) : partitionResponse(p.partitionIndex, ErrorCode.TOPIC_AUTHORIZATION_FAILED))),
        }));
        return { responses, throttleTimeMs: deps.quotas === undefined ? 0 : produceThrottleTimeMs(deps.quotas, ctx, request.acks) };
      };
      return mapSyncOrAsync(results, answer);
    },

    errorResponse(request, errorCode) {
      return request.acks === 0 ? null : failedEverywhere(request, errorCode);
    },
  };
}
