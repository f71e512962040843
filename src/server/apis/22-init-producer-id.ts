// InitProducerId (key 22), versions 0-2 (2.4.1's range; v2 is flexible).
//
// Without a transactional id (an idempotent producer) any broker answers: a fresh producer id from
// this broker's block of /latest_producer_id_block and epoch 0, as Kafka's
// TransactionCoordinator.handleInitProducerId does for a null id. With a transactional id the
// request belongs to that id's transaction coordinator.

import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';

/** What answers InitProducerId: idempotent producers here, transactional ones at their coordinator. */
export interface ProducerIdService {
  initProducerId(request: InitProducerIdRequest): Promise<{ errorCode: number; producerId: number; producerEpoch: number }>;
}

const answer = (errorCode: number, producerId = -1, producerEpoch = -1): InitProducerIdResponse => ({
  throttleTimeMs: 0,
  errorCode,
  producerId: BigInt(producerId),
  producerEpoch,
});

export function createInitProducerIdHandler(service: ProducerIdService): HandlerFor<'InitProducerId'> {
  return {
    apiKey: 22,
    minVersion: 0,
    maxVersion: 2,

    async handle(request) {
      const result = await service.initProducerId(request);
      return answer(result.errorCode, result.producerId, result.producerEpoch);
    },

    errorResponse: (_request, errorCode) => answer(errorCode),
  };
}
