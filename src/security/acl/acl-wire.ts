// ACL bindings and filters to and from the CreateAcls, DescribeAcls and DeleteAcls messages, as
// Kafka 2.4.1's RequestUtils reads and writes them: codes Kafka does not know read as UNKNOWN, a
// v0 message (no pattern type field) is LITERAL, and DescribeAcls answers one entry per resource
// pattern with that pattern's ACLs.

import type {
  CreatableAcl,
  DeleteAclsFilter,
  DeleteAclsMatchingAcl,
  DescribeAclsRequest,
  DescribeAclsResource,
  DescribeAclsResponse,
} from '../../protocol/generated';
import { operationFromCode, patternTypeFromCode, permissionTypeFromCode, resourceTypeFromCode } from './acl-names';
import type { AclBindingFilter } from './acl-filters';
import type { AclOperationError } from './acl-errors';
import type { AclBinding } from './acl-types';

export function filterFromDescribeRequest(request: DescribeAclsRequest): AclBindingFilter {
  return {
    patternFilter: { resourceType: resourceTypeFromCode(request.resourceType), name: request.resourceNameFilter, patternType: patternTypeFromCode(request.resourcePatternType) },
    entryFilter: {
      principal: request.principalFilter,
      host: request.hostFilter,
      operation: operationFromCode(request.operation),
      permissionType: permissionTypeFromCode(request.permissionType),
    },
  };
}

export function describeRequestOf(filter: AclBindingFilter): DescribeAclsRequest {
  return {
    resourceType: filter.patternFilter.resourceType,
    resourceNameFilter: filter.patternFilter.name,
    resourcePatternType: filter.patternFilter.patternType,
    principalFilter: filter.entryFilter.principal,
    hostFilter: filter.entryFilter.host,
    operation: filter.entryFilter.operation,
    permissionType: filter.entryFilter.permissionType,
  };
}

/** DescribeAclsResponse's resources: the bindings grouped by pattern, in order of first appearance. */
export function describeResourcesOf(bindings: readonly AclBinding[]): DescribeAclsResource[] {
  const byPattern = new Map<string, DescribeAclsResource>();
  for (const { pattern, entry } of bindings) {
    const key = `${pattern.resourceType}\u0000${pattern.patternType}\u0000${pattern.name}`;
    let resource = byPattern.get(key);
    if (resource === undefined) {
      resource = { type: pattern.resourceType, name: pattern.name, patternType: pattern.patternType, acls: [] };
      byPattern.set(key, resource);
    }
    resource.acls.push({ principal: entry.principal, host: entry.host, operation: entry.operation, permissionType: entry.permissionType });
  }
  return [...byPattern.values()];
}

export function bindingsFromDescribeResponse(response: DescribeAclsResponse): AclBinding[] {
  return response.resources.flatMap((r) =>
    r.acls.map((a) => ({
      pattern: { resourceType: resourceTypeFromCode(r.type), name: r.name, patternType: patternTypeFromCode(r.patternType) },
      entry: { principal: a.principal, host: a.host, operation: operationFromCode(a.operation), permissionType: permissionTypeFromCode(a.permissionType) },
    })),
  );
}

export function bindingFromCreatable(creation: CreatableAcl): AclBinding {
  return {
    pattern: { resourceType: resourceTypeFromCode(creation.resourceType), name: creation.resourceName, patternType: patternTypeFromCode(creation.resourcePatternType) },
    entry: {
      principal: creation.principal,
      host: creation.host,
      operation: operationFromCode(creation.operation),
      permissionType: permissionTypeFromCode(creation.permissionType),
    },
  };
}

export function creatableOf(binding: AclBinding): CreatableAcl {
  return {
    resourceType: binding.pattern.resourceType,
    resourceName: binding.pattern.name,
    resourcePatternType: binding.pattern.patternType,
    principal: binding.entry.principal,
    host: binding.entry.host,
    operation: binding.entry.operation,
    permissionType: binding.entry.permissionType,
  };
}

export function filterFromDeleteFilter(filter: DeleteAclsFilter): AclBindingFilter {
  return {
    patternFilter: { resourceType: resourceTypeFromCode(filter.resourceTypeFilter), name: filter.resourceNameFilter, patternType: patternTypeFromCode(filter.patternTypeFilter) },
    entryFilter: {
      principal: filter.principalFilter,
      host: filter.hostFilter,
      operation: operationFromCode(filter.operation),
      permissionType: permissionTypeFromCode(filter.permissionType),
    },
  };
}

export function deleteFilterOf(filter: AclBindingFilter): DeleteAclsFilter {
  return {
    resourceTypeFilter: filter.patternFilter.resourceType,
    resourceNameFilter: filter.patternFilter.name,
    patternTypeFilter: filter.patternFilter.patternType,
    principalFilter: filter.entryFilter.principal,
    hostFilter: filter.entryFilter.host,
    operation: filter.entryFilter.operation,
    permissionType: filter.entryFilter.permissionType,
  };
}

export function matchingAclOf(binding: AclBinding, error: AclOperationError | null): DeleteAclsMatchingAcl {
  return {
    errorCode: error?.errorCode ?? 0,
    errorMessage: error?.apiMessage ?? null,
    resourceType: binding.pattern.resourceType,
    resourceName: binding.pattern.name,
    patternType: binding.pattern.patternType,
    principal: binding.entry.principal,
    host: binding.entry.host,
    operation: binding.entry.operation,
    permissionType: binding.entry.permissionType,
  };
}

export function bindingFromMatchingAcl(acl: DeleteAclsMatchingAcl): AclBinding {
  return {
    pattern: { resourceType: resourceTypeFromCode(acl.resourceType), name: acl.resourceName, patternType: patternTypeFromCode(acl.patternType) },
    entry: { principal: acl.principal, host: acl.host, operation: operationFromCode(acl.operation), permissionType: permissionTypeFromCode(acl.permissionType) },
  };
}
