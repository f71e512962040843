// AlterPartitionReassignments (key 45), version 0 (KIP-455, flexible): start, change or cancel
// (null replicas) partition reassignments. The controller answers; any other broker says
// NOT_CONTROLLER for the whole request. Per partition: INVALID_REPLICA_ASSIGNMENT (empty,
// repeated, negative or dead new replicas), NO_REASSIGNMENT_IN_PROGRESS (cancelling nothing),
// UNKNOWN_TOPIC_OR_PARTITION. Needs Alter on the cluster, checked first: a denial (like any failure)
// is answered as AlterPartitionReassignmentsRequest.getErrorResponse does, the code and message on
// top and on every named partition; the message is Kafka's "Request ... is not authorized.".

import type { AlterPartitionReassignmentsResponse } from '../../protocol/generated';
import type { AlterReassignmentsResult } from '../../controller/kafka-controller';
import { topicPartitionKey, type TopicPartition } from '../../common/topic-partition';
import type { HandlerFor } from './api-handler';
import type { AlterPartitionReassignmentsRequest } from '../../protocol/generated';
import { ErrorCode } from '../../protocol/errors';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation, notAuthorizedMessage } from './authorization';

export interface ReassignmentService {
  alterPartitionReassignments(reassignments: Array<{ tp: TopicPartition; replicas: number[] | null }>): Promise<AlterReassignmentsResult>;
}

/** AlterPartitionReassignmentsRequest.getErrorResponse: the error on top and on every partition asked. */
function failedEverywhere(request: AlterPartitionReassignmentsRequest, errorCode: number, errorMessage: string | null): AlterPartitionReassignmentsResponse {
  return {
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    responses: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode, errorMessage })) })),
  };
}

export function createAlterPartitionReassignmentsHandler(controller: ReassignmentService): HandlerFor<'AlterPartitionReassignments'> {
  const errorResponse = (errorCode: number, errorMessage: string | null = null): AlterPartitionReassignmentsResponse => ({ throttleTimeMs: 0, errorCode, errorMessage, responses: [] });
  return {
    apiKey: 45,
    minVersion: 0,
    maxVersion: 0,

    async handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.ALTER);
      const reassignments = request.topics.flatMap((t) => t.partitions.map((p) => ({ tp: { topic: t.name, partition: p.partitionIndex }, replicas: p.replicas })));
      const result = await controller.alterPartitionReassignments(reassignments);
      if ('error' in result) return errorResponse(result.error.errorCode, result.error.errorMessage);
      return {
        throttleTimeMs: 0,
        errorCode: 0,
        errorMessage: null,
        responses: request.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            const error = result.partitions.get(topicPartitionKey(t.name, p.partitionIndex));
            return { partitionIndex: p.partitionIndex, errorCode: error?.errorCode ?? 0, errorMessage: error?.errorMessage ?? null };
          }),
        })),
      };
    },

    errorResponse: (request, errorCode, ctx) => failedEverywhere(request, errorCode, errorCode === ErrorCode.CLUSTER_AUTHORIZATION_FAILED ? notAuthorizedMessage(ctx) : null),
  };
}
