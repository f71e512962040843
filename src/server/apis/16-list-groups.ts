// ListGroups (key 16), versions 0-3: the groups this broker coordinates (each broker answers for
// its own offsets partitions; admin clients ask every broker), COORDINATOR_LOAD_IN_PROGRESS while
// an offsets partition is still loading. Describe on the cluster lists every group; without it,
// only the groups the principal may Describe (each asked on its own), as 2.4.1 does.

import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, authorizeCluster } from './authorization';

export function createListGroupsHandler(deps: GroupApiDeps): HandlerFor<'ListGroups'> {
  return {
    apiKey: 16,
    minVersion: 0,
    maxVersion: 3,

    handle(_request, ctx) {
      const { errorCode, groups } = deps.coordinator.handleListGroups();
      if (authorizeCluster(ctx, AclOperation.DESCRIBE)) return { throttleTimeMs: 0, errorCode, groups };
      return { throttleTimeMs: 0, errorCode, groups: groups.filter((g) => authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId)) };
    },

    errorResponse: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
  };
}
