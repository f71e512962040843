// DescribeGroups (key 15), versions 0-5: state, protocol and members of each group; member
// metadata and assignments only for a Stable group. An unknown group is described as Dead. With no
// authorizer every operation on a group (READ, DELETE, DESCRIBE) is allowed, which v3+ report when
// asked to.

import { ErrorCode } from '../../protocol/errors';
import type { DescribedGroup } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import type { GroupApiDeps } from './group-apis';

/** Bits of AclOperation READ (3), DELETE (6) and DESCRIBE (8): the operations a group supports. */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const NOT_REQUESTED = -2147483648;

export function createDescribeGroupsHandler(deps: GroupApiDeps): HandlerFor<'DescribeGroups'> {
  return {
    apiKey: 15,
    minVersion: 0,
    maxVersion: 5,

    handle(request, ctx) {
      const version = ctx.apiVersion;
      const groups = request.groups.map((groupId): DescribedGroup => {
        const { errorCode, summary } = deps.coordinator.handleDescribeGroup(groupId);
        let authorizedOperations = NOT_REQUESTED;
        if (version >= 3) authorizedOperations = errorCode === ErrorCode.NONE && request.includeAuthorizedOperations ? GROUP_OPERATIONS : 0;
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

    errorResponse: (request, errorCode, ctx) => ({
      throttleTimeMs: 0,
      groups: request.groups.map((groupId) => ({
        errorCode,
        groupId,
        groupState: '',
        protocolType: '',
        protocolData: '',
        members: [],
        authorizedOperations: ctx.apiVersion >= 3 ? 0 : NOT_REQUESTED,
      })),
    }),
  };
}
