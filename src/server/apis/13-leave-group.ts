// LeaveGroup (key 13), versions 0-4. v0-2 name one member; v3+ a batch (KIP-345), with a result per
// member. Before v3 the single error is the group's, or else the first member's (as Kafka builds it).
// Needs Read on the group: GROUP_AUTHORIZATION_FAILED on top, no member results, otherwise.

import { ErrorCode } from '../../protocol/errors';
import type { LeaveGroupResponse } from '../../protocol/generated';
import type { LeaveGroupResult } from '../../coordinator/group/group-coordinator';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';
import type { GroupApiDeps } from './group-apis';

function response(result: LeaveGroupResult, version: number): LeaveGroupResponse {
  if (version >= 3) return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
  const memberError = result.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
  return { throttleTimeMs: 0, errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError, members: [] };
}

export function createLeaveGroupHandler(deps: GroupApiDeps): HandlerFor<'LeaveGroup'> {
  return {
    apiKey: 13,
    minVersion: 0,
    maxVersion: 4,

    handle(request, ctx) {
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, members: [] };
      const members = ctx.apiVersion >= 3 ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })) : [{ memberId: request.memberId, groupInstanceId: null }];
      return response(deps.coordinator.handleLeaveGroup(request.groupId, members), ctx.apiVersion);
    },

    errorResponse: (_request, errorCode, ctx) => response({ errorCode, members: [] }, ctx.apiVersion),
  };
}
