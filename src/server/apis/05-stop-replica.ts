// StopReplica (key 5), versions 0-2, controller → broker: stop serving the listed partitions and,
// with delete_partitions, delete their logs (topic deletion, reassignment). Fenced like
// LeaderAndIsr by broker epoch and controller epoch. Needs ClusterAction on the cluster, checked
// first (CLUSTER_AUTHORIZATION_FAILED on the request and every partition otherwise).

import { ErrorCode } from '../../protocol/errors';
import type { StopReplicaRequest, StopReplicaResponse } from '../../protocol/generated';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation } from './authorization';
import { isBrokerEpochStale } from './control-requests';

export interface StopReplicaHandlerDeps {
  replicaManager: ReplicaManager;
  brokerEpoch(): bigint;
}

function errorResponse(request: StopReplicaRequest, errorCode: number): StopReplicaResponse {
  const partitions = [
    ...request.ungroupedPartitions,
    ...request.topics.flatMap((t) => t.partitionIndexes.map((partitionIndex) => ({ topicName: t.name, partitionIndex }))),
  ];
  return { errorCode, partitionErrors: partitions.map((p) => ({ topicName: p.topicName, partitionIndex: p.partitionIndex, errorCode })) };
}

export function createStopReplicaHandler(deps: StopReplicaHandlerDeps): HandlerFor<'StopReplica'> {
  return {
    apiKey: 5,
    minVersion: 0,
    maxVersion: 2,
    handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.CLUSTER_ACTION);
      if (isBrokerEpochStale(request.brokerEpoch, deps.brokerEpoch())) return errorResponse(request, ErrorCode.STALE_BROKER_EPOCH);
      return deps.replicaManager.stopReplicas(request);
    },
    errorResponse,
  };
}
