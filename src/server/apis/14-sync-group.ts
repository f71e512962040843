// SyncGroup (key 14), versions 0-4. The leader sends everyone's assignment; each member's answer
// waits until the leader's assignment is stored, then carries that member's share.

import type { SyncGroupResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';

const EMPTY = Buffer.alloc(0);

export function createSyncGroupHandler(deps: GroupApiDeps): HandlerFor<'SyncGroup'> {
  return {
    apiKey: 14,
    minVersion: 0,
    maxVersion: 4,

    handle(request) {
      return new Promise<SyncGroupResponse>((resolve) => {
        deps.coordinator.handleSyncGroup(
          {
            groupId: request.groupId,
            generationId: request.generationId,
            memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            assignments: new Map(request.assignments.map((a) => [a.memberId, a.assignment])),
          },
          (result) => resolve({ throttleTimeMs: 0, errorCode: result.errorCode, assignment: result.assignment }),
        );
      });
    },

    errorResponse: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, assignment: EMPTY }),
  };
}
