// DeleteAcls (key 31), versions 0-1, as Kafka 2.4.1's KafkaApis.handleDeleteAcls: Alter on the
// cluster is required (every filter CLUSTER_AUTHORIZATION_FAILED with Kafka's message), a broker
// without an authorizer answers SECURITY_DISABLED, otherwise one result per filter with the
// bindings it deleted (and a filter or binding error where the authorizer reports one). v0 has no
// pattern type field: its filters are LITERAL, so they never delete prefixed ACLs.

import { ErrorCode } from '../../protocol/errors';
import type { DeleteAclsRequest, DeleteAclsResponse } from '../../protocol/generated';
import type { AclAdmin } from '../../security/acl/acl-authorizer';
import { AclOperation } from '../../security/acl/acl-types';
import { filterFromDeleteFilter, matchingAclOf } from '../../security/acl/acl-wire';
import type { HandlerFor } from './api-handler';
import { authorizeCluster, notAuthorizedMessage } from './authorization';

function uniform(request: DeleteAclsRequest, errorCode: number, errorMessage: string | null): DeleteAclsResponse {
  return { throttleTimeMs: 0, filterResults: request.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })) };
}

export function createDeleteAclsHandler(authorizer: AclAdmin | null): HandlerFor<'DeleteAcls'> {
  return {
    apiKey: 31,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      if (!authorizeCluster(ctx, AclOperation.ALTER)) return uniform(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, notAuthorizedMessage(ctx));
      if (authorizer === null) return uniform(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker.');
      const results = await authorizer.deleteAcls(request.filters.map(filterFromDeleteFilter));
      return {
        throttleTimeMs: 0,
        filterResults: results.map((result) => ({
          errorCode: result.error?.errorCode ?? ErrorCode.NONE,
          errorMessage: result.error?.apiMessage ?? null,
          matchingAcls: result.deletions.map((d) => matchingAclOf(d.binding, d.error)),
        })),
      };
    },

    errorResponse: (request, errorCode) => uniform(request, errorCode, null),
  };
}
