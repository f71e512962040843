// AddPartitionsToTxn (key 24), versions 0-1: a transactional producer names the partitions it is
// about to write to; its coordinator records them in __transaction_state (Ongoing) before the
// producer may send. As 2.4.1's handler does: Write on the transactional id first
// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED on every partition), then Write on each topic, internal
// topics never being writable here (TOPIC_AUTHORIZATION_FAILED even without an authorizer), then
// partitions the metadata does not know (UNKNOWN_TOPIC_OR_PARTITION); any such failure gives the
// other partitions OPERATION_NOT_ATTEMPTED without asking the coordinator; otherwise every
// partition carries the coordinator's one answer.

import type { TransactionCoordinator } from '../../coordinator/transaction/transaction-coordinator';
import { ErrorCode } from '../../protocol/errors';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { INTERNAL_TOPICS } from '../metadata-cache';
import { authorize, filterAuthorized } from './authorization';

export interface TransactionApiDeps {
  coordinator: TransactionCoordinator;
  metadataCache: MetadataCache;
}

function answer(request: AddPartitionsToTxnRequest, errorFor: (topic: string, partition: number) => number): AddPartitionsToTxnResponse {
  return {
    throttleTimeMs: 0,
    results: request.topics.map((t) => ({ name: t.name, results: t.partitions.map((p) => ({ partitionIndex: p, errorCode: errorFor(t.name, p) })) })),
  };
}

export function createAddPartitionsToTxnHandler(deps: TransactionApiDeps): HandlerFor<'AddPartitionsToTxn'> {
  return {
    apiKey: 24,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) return answer(request, () => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      const writable = filterAuthorized(
        ctx,
        AclOperation.WRITE,
        ResourceType.TOPIC,
        request.topics.flatMap((t) => (INTERNAL_TOPICS.has(t.name) ? [] : t.partitions.map(() => t.name))),
      );
      const refusal = (topic: string, partition: number): number | null => {
        if (!writable.has(topic)) return ErrorCode.TOPIC_AUTHORIZATION_FAILED;
        return deps.metadataCache.partitionState(topic, partition) === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : null;
      };
      if (request.topics.some((t) => t.partitions.some((p) => refusal(t.name, p) !== null))) {
        return answer(request, (topic, partition) => refusal(topic, partition) ?? ErrorCode.OPERATION_NOT_ATTEMPTED);
      }
      const partitions = request.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
      const error = await deps.coordinator.handleAddPartitionsToTransaction(request.transactionalId, Number(request.producerId), request.producerEpoch, partitions);
      return answer(request, () => error);
    },

    errorResponse: (request, errorCode) => answer(request, () => errorCode),
  };
}
