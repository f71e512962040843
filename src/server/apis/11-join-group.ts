// JoinGroup (key 11), versions 0-6. The answer waits for the rebalance's join phase (see
// GroupCoordinator). v4+ members without group.instance.id first get MEMBER_ID_REQUIRED with their
// id (KIP-394); v0 has no rebalance timeout, so the session timeout stands in for it. Needs Read on
// the group: otherwise GROUP_AUTHORIZATION_FAILED with no member id, generation -1, no protocol.

import type { JoinGroupResponse } from '../../protocol/generated';
import type { JoinGroupResult } from '../../coordinator/group/group-results';
import { joinError } from '../../coordinator/group/group-results';
import type { HandlerFor } from './api-handler';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize } from './authorization';
import { ErrorCode } from '../../protocol/errors';
import { clientAddress, type GroupApiDeps } from './group-apis';

function response(result: JoinGroupResult, version: number): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    generationId: result.generationId,
    protocolName: result.protocolName,
    leader: result.leaderId,
    memberId: result.memberId,
    // group.instance.id exists on the wire from v5; older leaders just don't see it.
    members: result.members.map((m) => ({ memberId: m.memberId, groupInstanceId: version >= 5 ? m.groupInstanceId : null, metadata: m.metadata })),
  };
}

export function createJoinGroupHandler(deps: GroupApiDeps): HandlerFor<'JoinGroup'> {
  return {
    apiKey: 11,
    minVersion: 0,
    maxVersion: 6,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) return response(joinError('', ErrorCode.GROUP_AUTHORIZATION_FAILED), version);
      return new Promise<JoinGroupResponse>((resolve) => {
        deps.coordinator.handleJoinGroup(
          {
            groupId: request.groupId,
            memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            requireKnownMemberId: version >= 4 && request.groupInstanceId === null,
            clientId: ctx.clientId ?? '',
            clientHost: clientAddress(ctx),
            rebalanceTimeoutMs: version === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
            sessionTimeoutMs: request.sessionTimeoutMs,
            protocolType: request.protocolType,
            protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
          },
          (result) => resolve(response(result, version)),
        );
      });
    },

    errorResponse: (request, errorCode, ctx) => response(joinError(request.memberId, errorCode), ctx.apiVersion),
  };
}
