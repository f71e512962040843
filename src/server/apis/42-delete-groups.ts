// DeleteGroups (key 42), versions 0-2: deletes Empty groups with their offsets (tombstones in
// __consumer_offsets); NON_EMPTY_GROUP while members remain, GROUP_ID_NOT_FOUND for unknown groups.
// Each group needs Delete: the others are GROUP_AUTHORIZATION_FAILED, listed after the results of
// the deletable ones (as 2.4.1 joins the two maps).

import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { ErrorCode } from '../../protocol/errors';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';

export function createDeleteGroupsHandler(deps: GroupApiDeps): HandlerFor<'DeleteGroups'> {
  return {
    apiKey: 42,
    minVersion: 0,
    maxVersion: 2,

    handle(request, ctx) {
      const authorized = new Set<string>();
      const unauthorized: string[] = [];
      for (const groupId of new Set(request.groupsNames)) {
        if (authorize(ctx, AclOperation.DELETE, ResourceType.GROUP, groupId)) authorized.add(groupId);
        else unauthorized.push(groupId);
      }
      const results = [...deps.coordinator.handleDeleteGroups(authorized)].map(([groupId, errorCode]) => ({ groupId, errorCode }));
      for (const groupId of unauthorized) results.push({ groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });
      return { throttleTimeMs: 0, results };
    },

    errorResponse: (request, errorCode) => ({ throttleTimeMs: 0, results: [...new Set(request.groupsNames)].map((groupId) => ({ groupId, errorCode })) }),
  };
}
