// SyncGroup (key 14), versions 0-4. The leader sends everyone's assignment; each member's answer
// waits until the leader's assignment is stored, then carries that member's share. Needs Read on the
// group: GROUP_AUTHORIZATION_FAILED with an empty assignment otherwise.

import type { SyncGroupResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';
import { ErrorCode } from '../../protocol/errors';
import type { GroupApiDeps } from './group-apis';

const EMPTY = Buffer.alloc(0);

export function createSyncGroupHandler(deps: GroupApiDeps): HandlerFor<'SyncGroup'> {
  return {
    apiKey: 14,
    minVersion: 0,
    maxVersion: 4,

    handle(request, ctx) {
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, assignment: EMPTY };
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
