// UpdateMetadata (key 6), versions 0-6, controller → every broker: the live brokers and the
// leader/ISR of changed partitions, applied to the MetadataCache that answers Metadata requests.
// Fenced by broker epoch (STALE_BROKER_EPOCH) and controller epoch (STALE_CONTROLLER_EPOCH). Needs
// ClusterAction on the cluster, checked first (CLUSTER_AUTHORIZATION_FAILED otherwise).

import { ErrorCode } from '../../protocol/errors';
import type { MetadataCache } from '../metadata-cache';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation } from './authorization';
import { isBrokerEpochStale } from './control-requests';

export interface UpdateMetadataHandlerDeps {
  metadataCache: MetadataCache;
  replicaManager: ReplicaManager;
  brokerEpoch(): bigint;
  /** Partitions removed from the cache (their topic is being deleted). */
  onPartitionsDeleted?(partitions: Array<{ topic: string; partition: number }>): void;
}

export function createUpdateMetadataHandler(deps: UpdateMetadataHandlerDeps): HandlerFor<'UpdateMetadata'> {
  return {
    apiKey: 6,
    minVersion: 0,
    maxVersion: 6,
    handle(request, ctx) {
      authorizeClusterOperation(ctx, AclOperation.CLUSTER_ACTION);
      if (isBrokerEpochStale(request.brokerEpoch, deps.brokerEpoch())) return { errorCode: ErrorCode.STALE_BROKER_EPOCH };
      if (request.controllerEpoch < deps.replicaManager.controllerEpoch) return { errorCode: ErrorCode.STALE_CONTROLLER_EPOCH };
      deps.replicaManager.controllerEpoch = request.controllerEpoch;
      const deleted = deps.metadataCache.update(request);
      if (deleted.length > 0) deps.onPartitionsDeleted?.(deleted);
      return { errorCode: ErrorCode.NONE };
    },
    errorResponse: (_request, errorCode) => ({ errorCode }),
  };
}
