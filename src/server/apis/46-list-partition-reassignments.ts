// ListPartitionReassignments (key 46), version 0 (KIP-455, flexible): the reassignments in flight
// (all, or of the partitions asked) with their replicas, adding and removing replicas, as the
// controller knows them; NOT_CONTROLLER from any other broker. Needs Describe on the cluster,
// checked first: a denial (like any failure) is answered as
// ListPartitionReassignmentsRequest.getErrorResponse does, the code and message on top and the
// partitions asked listed with no replicas; the message is Kafka's "Request ... is not authorized.".

import type { ListPartitionReassignmentsResponse } from '../../protocol/generated';
import type { ListReassignmentsResult } from '../../controller/kafka-controller';
import type { TopicPartition } from '../../common/topic-partition';
import type { HandlerFor } from './api-handler';
import type { ListPartitionReassignmentsRequest } from '../../protocol/generated';
import { ErrorCode } from '../../protocol/errors';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation, notAuthorizedMessage } from './authorization';

export interface ReassignmentListing {
  listPartitionReassignments(partitions: TopicPartition[] | null): Promise<ListReassignmentsResult>;
}

/** ListPartitionReassignmentsRequest.getErrorResponse: the error on top, the partitions asked with no replicas. */
function failedListing(request: ListPartitionReassignmentsRequest, errorCode: number, errorMessage: string | null): ListPartitionReassignmentsResponse {
  return {
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    topics: (request.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, replicas: [], addingReplicas: [], removingReplicas: [] })) })),
  };
}

export function createListPartitionReassignmentsHandler(controller: ReassignmentListing): HandlerFor<'ListPartitionReassignments'> {
  const errorResponse = (errorCode: number, errorMessage: string | null = null): ListPartitionReassignmentsResponse => ({ throttleTimeMs: 0, errorCode, errorMessage, topics: [] });
  return {
    apiKey: 46,
    minVersion: 0,
    maxVersion: 0,

    async handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.DESCRIBE);
      const partitions = request.topics === null ? null : request.topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
      const result = await controller.listPartitionReassignments(partitions);
      if ('error' in result) return errorResponse(result.error.errorCode, result.error.errorMessage);
      const byTopic = new Map<string, ListPartitionReassignmentsResponse['topics'][number]>();
      for (const { tp, assignment } of result.partitions) {
        let topic = byTopic.get(tp.topic);
        if (topic === undefined) byTopic.set(tp.topic, (topic = { name: tp.topic, partitions: [] }));
        topic.partitions.push({ partitionIndex: tp.partition, replicas: assignment.replicas, addingReplicas: assignment.addingReplicas, removingReplicas: assignment.removingReplicas });
      }
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [...byTopic.values()] };
    },

    errorResponse: (request, errorCode, ctx) => failedListing(request, errorCode, errorCode === ErrorCode.CLUSTER_AUTHORIZATION_FAILED ? notAuthorizedMessage(ctx) : null),
  };
}
