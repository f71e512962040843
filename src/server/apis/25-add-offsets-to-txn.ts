// AddOffsetsToTxn (key 25), versions 0-1: a transactional producer is about to commit a group's
// offsets in its transaction (TxnOffsetCommit); the coordinator adds that group's
// __consumer_offsets partition to the transaction, so the COMMIT/ABORT marker reaches it too.
// Needs Write on the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), then Read on the
// group (GROUP_AUTHORIZATION_FAILED), as 2.4.1 checks them.

import type { AddOffsetsToTxnResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { ErrorCode } from '../../protocol/errors';
import { authorize } from './authorization';
import type { TransactionApiDeps } from './24-add-partitions-to-txn';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';

export interface AddOffsetsToTxnDeps extends TransactionApiDeps {
  /** The group's __consumer_offsets partition. */
  offsetsPartitionFor(groupId: string): number;
}

const answer = (errorCode: number): AddOffsetsToTxnResponse => ({ throttleTimeMs: 0, errorCode });

export function createAddOffsetsToTxnHandler(deps: AddOffsetsToTxnDeps): HandlerFor<'AddOffsetsToTxn'> {
  return {
    apiKey: 25,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) return answer(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return answer(ErrorCode.GROUP_AUTHORIZATION_FAILED);
      const partition = { topic: GROUP_METADATA_TOPIC_NAME, partition: deps.offsetsPartitionFor(request.groupId) };
      return answer(await deps.coordinator.handleAddPartitionsToTransaction(request.transactionalId, Number(request.producerId), request.producerEpoch, [partition]));
    },

    errorResponse: (_request, errorCode) => answer(errorCode),
  };
}
