// InitProducerId as the transaction coordinator answers it (Kafka's
// TransactionCoordinator.handleInitProducerId). An idempotent producer (no transactional id) gets
// a fresh producer id with epoch 0 from any broker. Transactional ids are not served yet: there
// is no transaction coordinator, so they get COORDINATOR_NOT_AVAILABLE, the same answer
// FindCoordinator gives for them, and a client retries or gives up cleanly.

import { ErrorCode } from '../../protocol/errors';
import type { InitProducerIdRequest } from '../../protocol/generated';
import type { ProducerIdManager } from './producer-id-manager';

export function producerIdService(manager: ProducerIdManager) {
  return {
    async initProducerId(request: InitProducerIdRequest): Promise<{ errorCode: number; producerId: number; producerEpoch: number }> {
      if (request.transactionalId === null) return { errorCode: ErrorCode.NONE, producerId: await manager.generateProducerId(), producerEpoch: 0 };
      if (request.transactionalId === '') return { errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1, producerEpoch: -1 };
    },
  };
}
