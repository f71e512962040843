// DescribeGroups (key 15), versions 0-5: state, protocol and members of each group; member
// metadata and assignments only for a Stable group. An unknown group is described as Dead. Each
// group needs Describe: otherwise it is GROUP_AUTHORIZATION_FAILED with no state, protocol or
// members. v3+ (KIP-430) report, when asked and the group was described without error, the
// operations the principal may perform on it (Read, Delete, Describe; all three without an
// authorizer), 0 otherwise, as 2.4.1 does.

import { ErrorCode } from '../../protocol/errors';
import type { DescribedGroup } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorize, authorizedOperations as operationsAllowed } from './authorization';

/** The field's default, never encoded: it only exists from v3. */
const NOT_REQUESTED = -2147483648;

/** DescribeGroupsResponse.forError: the id and the code, nothing else; no operations from v3. */
function failedGroup(groupId: string, errorCode: number, version: number): DescribedGroup {
  return { errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: version >= 3 ? 0 : NOT_REQUESTED };
}

export function createDescribeGroupsHandler(deps: GroupApiDeps): HandlerFor<'DescribeGroups'> {
  return {
    apiKey: 15,
    minVersion: 0,
    maxVersion: 5,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      const groups = request.groups.map((groupId): DescribedGroup => {
        if (!authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) return failedGroup(groupId, ErrorCode.GROUP_AUTHORIZATION_FAILED, version);
        const { errorCode, summary } = deps.coordinator.handleDescribeGroup(groupId);
        let authorizedOperations = NOT_REQUESTED;
        if (version >= 3) authorizedOperations = errorCode === ErrorCode.NONE && request.includeAuthorizedOperations ? operationsAllowed(ctx, ResourceType.GROUP, groupId) : 0;
        return {
          errorCode,
          groupId,
          groupState: summary.state,
          protocolType: summary.protocolType,
          protocolData: summary.protocol,
          members: summary.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: version >= 4 ? m.groupInstanceId : null,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
          authorizedOperations,
        };
      });
      return { throttleTimeMs: 0, groups };
    },

    errorResponse: (request, errorCode, ctx) => ({ throttleTimeMs: 0, groups: request.groups.map((groupId) => failedGroup(groupId, errorCode, ctx.apiVersion)) }),
  };
}
