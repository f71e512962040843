// FindCoordinator (key 10), versions 0-3. A group's coordinator is the leader of its
// __consumer_offsets partition, a transactional id's (key type 1) the leader of its
// __transaction_state partition, reached on the listener the request came in on. The topic is
// created on first use; until it exists and that partition has a live leader the answer is
// COORDINATOR_NOT_AVAILABLE with no node. Authorization as 2.4.1, before anything else: Describe on
// the group (GROUP_AUTHORIZATION_FAILED) or on the transactional id
// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), answered with no node and the error's message.

import { ErrorCode } from '../../protocol/errors';
import type { FindCoordinatorResponse } from '../../protocol/generated';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';
import { TRANSACTION_STATE_TOPIC_NAME } from '../../coordinator/transaction/transaction-log';
import { ApiError, type HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';

const GROUP_KEY_TYPE = 0;
const TRANSACTION_KEY_TYPE = 1;

/** Errors.message() in Kafka 2.4 for the codes FindCoordinator answers with ("NONE" for success). */
const MESSAGES: Record<number, string> = {
  [ErrorCode.NONE]: 'NONE',
  [ErrorCode.COORDINATOR_NOT_AVAILABLE]: 'The coordinator is not available.',
  [ErrorCode.GROUP_AUTHORIZATION_FAILED]: 'Group authorization failed.',
  [ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED]: 'Transactional Id authorization failed.',
  [ErrorCode.INVALID_REQUEST]: 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
};

function response(errorCode: number, node: { nodeId: number; host: string; port: number }, version: number): FindCoordinatorResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage: version >= 1 ? (MESSAGES[errorCode] ?? null) : null, ...node };
}

const NO_NODE = { nodeId: -1, host: '', port: -1 };

export interface FindCoordinatorDeps extends GroupApiDeps {
  /** Creates __consumer_offsets (once; concurrent calls share the attempt). */
  createOffsetsTopic(): Promise<void>;
  /** The transaction coordinators' topic; absent where no transaction coordinator runs. */
  transactions?: {
    partitionFor(transactionalId: string): number;
    /** Creates __transaction_state (once; concurrent calls share the attempt). */
    createTransactionStateTopic(): Promise<void>;
  };
}

/** The internal topic partition whose leader coordinates `key`, and how to create that topic. */
function coordinatorTopic(deps: FindCoordinatorDeps, keyType: number, key: string): { topic: string; partition: number; create(): Promise<void> } | undefined {
  if (keyType === GROUP_KEY_TYPE) return { topic: GROUP_METADATA_TOPIC_NAME, partition: deps.coordinator.partitionFor(key), create: deps.createOffsetsTopic };
  const transactions = deps.transactions;
  if (keyType === TRANSACTION_KEY_TYPE && transactions !== undefined) {
    return { topic: TRANSACTION_STATE_TOPIC_NAME, partition: transactions.partitionFor(key), create: () => transactions.createTransactionStateTopic() };
  }
  return undefined;
}

export function createFindCoordinatorHandler(deps: FindCoordinatorDeps): HandlerFor<'FindCoordinator'> {
  return {
    apiKey: 10,
    minVersion: 0,
    maxVersion: 3,

    async handle(request, ctx) {
      const version = ctx.apiVersion;
      const keyType = version === 0 ? GROUP_KEY_TYPE : request.keyType;
      const { metadataCache } = deps;
      if (keyType === GROUP_KEY_TYPE && !authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, request.key)) {
        return response(ErrorCode.GROUP_AUTHORIZATION_FAILED, NO_NODE, version);
      }
      if (keyType === TRANSACTION_KEY_TYPE && !authorize(ctx, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, request.key)) {
        return response(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, NO_NODE, version);
      }
      const target = coordinatorTopic(deps, keyType, request.key);
      if (target === undefined) throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown coordinator type ${keyType} in FindCoordinator request`);
      const { topic, partition } = target;
      if (!metadataCache.contains(topic)) {
        await target.create();
        return response(ErrorCode.COORDINATOR_NOT_AVAILABLE, NO_NODE, version);
      }
      const leader = metadataCache.partitionState(topic, partition)?.leader ?? -1;
      const endpoint = metadataCache.broker(leader)?.endpoints.get(ctx.listenerName);
      if (endpoint === undefined) return response(ErrorCode.COORDINATOR_NOT_AVAILABLE, NO_NODE, version);
      return response(ErrorCode.NONE, { nodeId: leader, host: endpoint.host, port: endpoint.port }, version);
    },

    errorResponse: (_request, errorCode, ctx) => response(errorCode, NO_NODE, ctx.apiVersion),
  };
}
