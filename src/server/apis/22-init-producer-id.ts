// InitProducerId (key 22), versions 0-2 (2.4.1's range; v2 is flexible).
//
// Without a transactional id (an idempotent producer) any broker answers: a fresh producer id from
// this broker's block of /latest_producer_id_block and epoch 0, as Kafka's
// TransactionCoordinator.handleInitProducerId does for a null id. With a transactional id the
// request belongs to that id's transaction coordinator. Authorization as 2.4.1: Write on the
// transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), or for an idempotent producer
// IdempotentWrite on the cluster (CLUSTER_AUTHORIZATION_FAILED); producer id -1, epoch -1 then.

import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { ErrorCode } from '../../protocol/errors';
import { authorize, authorizeCluster } from './authorization';

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

    async handle(request, ctx) {
      const id = request.transactionalId;
      if (id !== null) {
        if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, id)) return answer(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      } else if (!authorizeCluster(ctx, AclOperation.IDEMPOTENT_WRITE)) {
        return answer(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      }
      const result = await service.initProducerId(request);
      return answer(result.errorCode, result.producerId, result.producerEpoch);
    },

    errorResponse: (_request, errorCode) => answer(errorCode),
  };
}
