// EndTxn (key 26), versions 0-1: the producer commits or aborts its transaction. The coordinator
// answers once PrepareCommit/PrepareAbort is in __transaction_state; the markers are written to
// the partitions afterwards, and until they are, the next transaction's requests get
// CONCURRENT_TRANSACTIONS (clients retry). Needs Write on the transactional id
// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED).

import type { EndTxnResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { ErrorCode } from '../../protocol/errors';
import { authorize } from './authorization';
import type { TransactionApiDeps } from './24-add-partitions-to-txn';

const answer = (errorCode: number): EndTxnResponse => ({ throttleTimeMs: 0, errorCode });

export function createEndTxnHandler(deps: Pick<TransactionApiDeps, 'coordinator'>): HandlerFor<'EndTxn'> {
  return {
    apiKey: 26,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) return answer(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      return answer(await deps.coordinator.handleEndTransaction(request.transactionalId, Number(request.producerId), request.producerEpoch, request.committed ? 'commit' : 'abort'));
    },

    errorResponse: (_request, errorCode) => answer(errorCode),
  };
}
