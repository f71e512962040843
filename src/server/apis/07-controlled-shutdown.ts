// ControlledShutdown (key 7), versions 0-3, a shutting-down broker → the controller. The active
// controller moves leadership off that broker (controlled-shutdown election), takes it out of the
// ISR of the partitions it follows, and answers the partitions it still leads; the broker retries
// until none remain. NOT_CONTROLLER when this broker is not the controller, STALE_BROKER_EPOCH for
// a request from an earlier registration (v2+ carries the broker epoch). The shutting-down broker
// needs ClusterAction on the cluster, checked before anything else (CLUSTER_AUTHORIZATION_FAILED).

import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation } from './authorization';
import type { TopicPartition } from '../../common/topic-partition';

export interface ControlledShutdownService {
  readonly isActive: boolean;
  controlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<{ errorCode: number; remaining: TopicPartition[] }>;
}

export function createControlledShutdownHandler(controller: ControlledShutdownService): HandlerFor<'ControlledShutdown'> {
  return {
    apiKey: 7,
    minVersion: 0,
    maxVersion: 3,
    async handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.CLUSTER_ACTION);
      if (!controller.isActive) return { errorCode: ErrorCode.NOT_CONTROLLER, remainingPartitions: [] };
      const { errorCode, remaining } = await controller.controlledShutdown(request.brokerId, request.brokerEpoch);
      return { errorCode, remainingPartitions: remaining.map((tp) => ({ topicName: tp.topic, partitionIndex: tp.partition })) };
    },
    errorResponse: (_request, errorCode) => ({ errorCode, remainingPartitions: [] }),
  };
}
