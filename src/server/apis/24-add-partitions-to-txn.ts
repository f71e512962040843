// AddPartitionsToTxn (key 24), versions 0-1: a transactional producer names the partitions it is
// about to write to; its coordinator records them in __transaction_state (Ongoing) before the
// producer may send. As 2.4.1's handler does, partitions the metadata does not know fail with
// UNKNOWN_TOPIC_OR_PARTITION and then the others get OPERATION_NOT_ATTEMPTED without asking the
// coordinator; otherwise every partition carries the coordinator's one answer. No authorizer
// exists yet, so TRANSACTIONAL_ID/TOPIC_AUTHORIZATION_FAILED never occur.

import type { TransactionCoordinator } from '../../coordinator/transaction/transaction-coordinator';
import { ErrorCode } from '../../protocol/errors';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';

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

    async handle(request) {
      const unknown = (topic: string, partition: number) => deps.metadataCache.partitionState(topic, partition) === undefined;
      if (request.topics.some((t) => t.partitions.some((p) => unknown(t.name, p)))) {
        return answer(request, (topic, partition) => (unknown(topic, partition) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
      }
      const partitions = request.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
      const error = await deps.coordinator.handleAddPartitionsToTransaction(request.transactionalId, Number(request.producerId), request.producerEpoch, partitions);
      return answer(request, () => error);
    },

    errorResponse: (request, errorCode) => answer(request, () => errorCode),
  };
}
