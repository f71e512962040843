// ListGroups (key 16), versions 0-3: the groups this broker coordinates (each broker answers for
// its own offsets partitions; admin clients ask every broker), COORDINATOR_LOAD_IN_PROGRESS while
// an offsets partition is still loading.

import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';

export function createListGroupsHandler(deps: GroupApiDeps): HandlerFor<'ListGroups'> {
  return {
    apiKey: 16,
    minVersion: 0,
    maxVersion: 3,

    handle() {
      const { errorCode, groups } = deps.coordinator.handleListGroups();
      return { throttleTimeMs: 0, errorCode, groups };
    },

    errorResponse: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
  };
}
