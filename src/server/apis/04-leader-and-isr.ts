// LeaderAndIsr (key 4), versions 0-4, controller → broker: become leader or follower of the listed
// partitions. Refused whole with STALE_BROKER_EPOCH when addressed to an earlier registration of
// this broker (KIP-380), or STALE_CONTROLLER_EPOCH when a newer controller already spoke;
// per-partition fencing by leader epoch is ReplicaManager's (see becomeLeaderOrFollower). The
// sender needs ClusterAction on the cluster, checked first: otherwise CLUSTER_AUTHORIZATION_FAILED
// on the request and every partition.

import { ErrorCode } from '../../protocol/errors';
import type { LeaderAndIsrRequest, LeaderAndIsrResponse } from '../../protocol/generated';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation } from './authorization';
import { isBrokerEpochStale } from './control-requests';

export interface LeaderAndIsrHandlerDeps {
  replicaManager: ReplicaManager;
  brokerEpoch(): bigint;
  /** Before the state is applied: e.g. load the topics' configs so their logs can be created. */
  beforeApply?(topics: string[]): Promise<void>;
  /** After the state is applied: lets other components (coordinators, fetchers) react. */
  onLeadershipChange?(request: LeaderAndIsrRequest, response: LeaderAndIsrResponse): void;
}

function allPartitions(request: LeaderAndIsrRequest) {
  return [
    ...request.ungroupedPartitionStates.map((s) => ({ topicName: s.topicName, partitionIndex: s.partitionIndex })),
    ...request.topicStates.flatMap((t) => t.partitionStates.map((s) => ({ topicName: t.topicName, partitionIndex: s.partitionIndex }))),
  ];
}

function errorResponse(request: LeaderAndIsrRequest, errorCode: number): LeaderAndIsrResponse {
  return { errorCode, partitionErrors: allPartitions(request).map((p) => ({ ...p, errorCode })) };
}

export function createLeaderAndIsrHandler(deps: LeaderAndIsrHandlerDeps): HandlerFor<'LeaderAndIsr'> {
  return {
    apiKey: 4,
    minVersion: 0,
    maxVersion: 4,
    async handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.CLUSTER_ACTION);
      if (isBrokerEpochStale(request.brokerEpoch, deps.brokerEpoch())) return errorResponse(request, ErrorCode.STALE_BROKER_EPOCH);
      await deps.beforeApply?.([...new Set(allPartitions(request).map((p) => p.topicName))]);
      const response = deps.replicaManager.becomeLeaderOrFollower(request);
      if (response.errorCode === ErrorCode.NONE) deps.onLeadershipChange?.(request, response);
      return response;
    },
    errorResponse,
  };
}
