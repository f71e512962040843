// FindCoordinator (key 10), versions 0-3. A group's coordinator is the leader of its
// __consumer_offsets partition, reached on the listener the request came in on. The topic is
// created on first use; until it exists and that partition has a live leader the answer is
// COORDINATOR_NOT_AVAILABLE with no node. Transaction coordinators (key type 1) do not exist here:
// transactions are not supported, so they are never available.

import { ErrorCode } from '../../protocol/errors';
import type { FindCoordinatorResponse } from '../../protocol/generated';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';
import { ApiError, type HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';

const GROUP_KEY_TYPE = 0;
const TRANSACTION_KEY_TYPE = 1;

/** Errors.message() in Kafka 2.4 for the codes FindCoordinator answers with ("NONE" for success). */
const MESSAGES: Record<number, string> = {
  [ErrorCode.NONE]: 'NONE',
  [ErrorCode.COORDINATOR_NOT_AVAILABLE]: 'The coordinator is not available.',
  [ErrorCode.INVALID_REQUEST]: 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
};

function response(errorCode: number, node: { nodeId: number; host: string; port: number }, version: number): FindCoordinatorResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage: version >= 1 ? (MESSAGES[errorCode] ?? null) : null, ...node };
}

const NO_NODE = { nodeId: -1, host: '', port: -1 };

export interface FindCoordinatorDeps extends GroupApiDeps {
  /** Creates __consumer_offsets (once; concurrent calls share the attempt). */
  createOffsetsTopic(): Promise<void>;
}

export function createFindCoordinatorHandler(deps: FindCoordinatorDeps): HandlerFor<'FindCoordinator'> {
  return {
    apiKey: 10,
    minVersion: 0,
    maxVersion: 3,

    async handle(request, ctx) {
      const version = ctx.apiVersion;
      const keyType = version === 0 ? GROUP_KEY_TYPE : request.keyType;
      if (keyType === TRANSACTION_KEY_TYPE) return response(ErrorCode.COORDINATOR_NOT_AVAILABLE, NO_NODE, version);
      if (keyType !== GROUP_KEY_TYPE) throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown coordinator type ${keyType} in FindCoordinator request`);
      const partition = deps.coordinator.partitionFor(request.key);
      const { metadataCache } = deps;
      if (!metadataCache.contains(GROUP_METADATA_TOPIC_NAME)) {
        await deps.createOffsetsTopic();
        return response(ErrorCode.COORDINATOR_NOT_AVAILABLE, NO_NODE, version);
      }
      const leader = metadataCache.partitionState(GROUP_METADATA_TOPIC_NAME, partition)?.leader ?? -1;
      const endpoint = metadataCache.broker(leader)?.endpoints.get(ctx.listenerName);
      if (endpoint === undefined) return response(ErrorCode.COORDINATOR_NOT_AVAILABLE, NO_NODE, version);
      return response(ErrorCode.NONE, { nodeId: leader, host: endpoint.host, port: endpoint.port }, version);
    },

    errorResponse: (_request, errorCode, ctx) => response(errorCode, NO_NODE, ctx.apiVersion),
  };
}
