// CreateAcls (key 30), versions 0-1, as Kafka 2.4.1's KafkaApis.handleCreateAcls: Alter on the
// cluster is required (every creation CLUSTER_AUTHORIZATION_FAILED with Kafka's message), a broker
// without an authorizer answers SECURITY_DISABLED, a cluster binding must name kafka-cluster and
// no name may be empty (INVALID_REQUEST), the rest goes to the authorizer, one result per creation
// in request order (a repeated binding gets its first occurrence's result, as Kafka's map keyed by
// binding gives). v0 has no pattern type field: its bindings are LITERAL.
// What Kafka's request parser itself refuses (resource type ANY, pattern type MATCH or ANY,
// operation or permission type ANY) closes the connection, as a request Kafka cannot read does.

import { ErrorCode } from '../../protocol/errors';
import type { CreateAclsRequest, CreateAclsResponse } from '../../protocol/generated';
import type { AclAdmin, AclCreateResult } from '../../security/acl/acl-authorizer';
import { invalidRequest } from '../../security/acl/acl-errors';
import { AclOperation, AclPermissionType, CLUSTER_RESOURCE_NAME, PatternType, ResourceType, type AclBinding } from '../../security/acl/acl-types';
import { bindingFromCreatable } from '../../security/acl/acl-wire';
import type { HandlerFor } from './api-handler';
import { authorizeCluster, notAuthorizedMessage } from './authorization';

/** new ResourcePattern / new AccessControlEntry refuse these while Kafka parses the request. */
function unparsable(binding: AclBinding): boolean {
  const { pattern, entry } = binding;
  return (
    pattern.resourceType === ResourceType.ANY ||
    pattern.patternType === PatternType.MATCH ||
    pattern.patternType === PatternType.ANY ||
    entry.operation === AclOperation.ANY ||
    entry.permissionType === AclPermissionType.ANY
  );
}

const bindingKey = (b: AclBinding) => JSON.stringify([b.pattern.resourceType, b.pattern.patternType, b.pattern.name, b.entry.principal, b.entry.host, b.entry.operation, b.entry.permissionType]);

function uniform(request: CreateAclsRequest, errorCode: number, errorMessage: string | null): CreateAclsResponse {
  return { throttleTimeMs: 0, results: request.creations.map(() => ({ errorCode, errorMessage })) };
}

export function createCreateAclsHandler(authorizer: AclAdmin | null): HandlerFor<'CreateAcls'> {
  return {
    apiKey: 30,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      const bindings = request.creations.map(bindingFromCreatable);
      if (bindings.some(unparsable)) throw new Error('CreateAcls request with a binding Kafka cannot parse (ANY or MATCH where a specific value is required)');
      if (!authorizeCluster(ctx, AclOperation.ALTER)) return uniform(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, notAuthorizedMessage(ctx));
      if (authorizer === null) return uniform(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker.');

      const refused = new Map<string, AclCreateResult>();
      const valid: AclBinding[] = [];
      for (const binding of bindings) {
        const { resourceType, name } = binding.pattern;
        if (resourceType === ResourceType.CLUSTER && name !== CLUSTER_RESOURCE_NAME) {
          refused.set(bindingKey(binding), { error: invalidRequest(`The only valid name for the CLUSTER resource is ${CLUSTER_RESOURCE_NAME}`) });
        } else if (name === '') {
          refused.set(bindingKey(binding), { error: invalidRequest('Invalid empty resource name') });
        } else {
          valid.push(binding);
        }
      }
      const created = await authorizer.createAcls(valid);
      const firstValid = new Map<string, number>();
      valid.forEach((b, i) => {
        if (!firstValid.has(bindingKey(b))) firstValid.set(bindingKey(b), i);
      });
      return {
        throttleTimeMs: 0,
        results: bindings.map((binding) => {
          const key = bindingKey(binding);
          const error = (refused.get(key) ?? created[firstValid.get(key)!]!).error;
          return { errorCode: error?.errorCode ?? ErrorCode.NONE, errorMessage: error?.apiMessage ?? null };
        }),
      };
    },

    errorResponse: (request, errorCode) => (request.creations.map(bindingFromCreatable).some(unparsable) ? null : uniform(request, errorCode, null)),
  };
}
