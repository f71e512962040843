// DescribeAcls (key 29), versions 0-1, as Kafka 2.4.1's KafkaApis.handleDescribeAcls: Describe on
// the cluster is required (CLUSTER_AUTHORIZATION_FAILED with Kafka's "Request ... is not
// authorized." otherwise), a broker without an authorizer answers SECURITY_DISABLED, and
// otherwise every stored binding the filter matches, grouped per resource pattern. v0 has no
// pattern type field: its filter is LITERAL, so it never sees prefixed ACLs. A filter naming
// values Kafka does not know (UNKNOWN) matches nothing.

import { ErrorCode } from '../../protocol/errors';
import type { DescribeAclsResponse } from '../../protocol/generated';
import type { AclAdmin } from '../../security/acl/acl-authorizer';
import { AclOperation } from '../../security/acl/acl-types';
import { describeResourcesOf, filterFromDescribeRequest } from '../../security/acl/acl-wire';
import type { HandlerFor } from './api-handler';
import { authorizeCluster, notAuthorizedMessage } from './authorization';

function errorResponse(errorCode: number, errorMessage: string | null): DescribeAclsResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, resources: [] };
}

export function createDescribeAclsHandler(authorizer: AclAdmin | null): HandlerFor<'DescribeAcls'> {
  return {
    apiKey: 29,
    minVersion: 0,
    maxVersion: 1,

    handle(request, ctx) {
      if (!authorizeCluster(ctx, AclOperation.DESCRIBE)) return errorResponse(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, notAuthorizedMessage(ctx));
      if (authorizer === null) return errorResponse(ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker');
      const bindings = authorizer.acls(filterFromDescribeRequest(request));
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, resources: describeResourcesOf(bindings) };
    },

    errorResponse: (_request, errorCode) => errorResponse(errorCode, null),
  };
}
