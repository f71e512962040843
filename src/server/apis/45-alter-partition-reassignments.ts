// AlterPartitionReassignments (key 45), version 0 (KIP-455, flexible): start, change or cancel
// (null replicas) partition reassignments. The controller answers; any other broker says
// NOT_CONTROLLER for the whole request. Per partition: INVALID_REPLICA_ASSIGNMENT (empty,
// repeated, negative or dead new replicas), NO_REASSIGNMENT_IN_PROGRESS (cancelling nothing),
// UNKNOWN_TOPIC_OR_PARTITION.

import type { AlterPartitionReassignmentsResponse } from '../../protocol/generated';
import type { AlterReassignmentsResult } from '../../controller/kafka-controller';
import { topicPartitionKey, type TopicPartition } from '../../common/topic-partition';
import type { HandlerFor } from './api-handler';

export interface ReassignmentService {
  alterPartitionReassignments(reassignments: Array<{ tp: TopicPartition; replicas: number[] | null }>): Promise<AlterReassignmentsResult>;
}

export function createAlterPartitionReassignmentsHandler(controller: ReassignmentService): HandlerFor<'AlterPartitionReassignments'> {
  const errorResponse = (errorCode: number, errorMessage: string | null = null): AlterPartitionReassignmentsResponse => ({ throttleTimeMs: 0, errorCode, errorMessage, responses: [] });
  return {
    apiKey: 45,
    minVersion: 0,
    maxVersion: 0,

    async handle(request) {
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

    errorResponse: (_request, errorCode) => errorResponse(errorCode),
  };
}
