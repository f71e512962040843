// Heartbeat (key 12), versions 0-4: keeps a member's session alive and tells it when the group is
// rebalancing (REBALANCE_IN_PROGRESS) so it rejoins. Needs Read on the group (GROUP_AUTHORIZATION_FAILED).

import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';
import { ErrorCode } from '../../protocol/errors';
import type { GroupApiDeps } from './group-apis';

export function createHeartbeatHandler(deps: GroupApiDeps): HandlerFor<'Heartbeat'> {
  return {
    apiKey: 12,
    minVersion: 0,
    maxVersion: 4,

    handle(request, ctx) {
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
      const errorCode = deps.coordinator.handleHeartbeat(request.groupId, request.memberId, request.groupInstanceId, request.generationId);
      return { throttleTimeMs: 0, errorCode };
    },

    errorResponse: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode }),
  };
}
