// DeleteGroups (key 42), versions 0-2: deletes Empty groups with their offsets (tombstones in
// __consumer_offsets); NON_EMPTY_GROUP while members remain, GROUP_ID_NOT_FOUND for unknown groups.

import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';

export function createDeleteGroupsHandler(deps: GroupApiDeps): HandlerFor<'DeleteGroups'> {
  return {
    apiKey: 42,
    minVersion: 0,
    maxVersion: 2,

    handle(request) {
      const results = deps.coordinator.handleDeleteGroups(new Set(request.groupsNames));
      return { throttleTimeMs: 0, results: [...results].map(([groupId, errorCode]) => ({ groupId, errorCode })) };
    },

    errorResponse: (request, errorCode) => ({ throttleTimeMs: 0, results: [...new Set(request.groupsNames)].map((groupId) => ({ groupId, errorCode })) }),
  };
}
