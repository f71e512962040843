// How Kafka 2.4.1 prints ACLs: the Scala classes of kafka.security.auth (Acl, Resource), which
// kafka-acls' default service and the authorizer log print, and the Java classes of
// org.apache.kafka.common (ResourcePattern, AccessControlEntry, their filters and bindings).

import { javaOperationName, javaPatternTypeName, javaPermissionTypeName, javaResourceTypeName, operationName, permissionTypeName, resourceTypeName } from './acl-names';
import type { AccessControlEntry, AclBinding, ResourcePattern } from './acl-types';
import type { AccessControlEntryFilter, AclBindingFilter, ResourcePatternFilter } from './acl-filters';

/** Acl.toString: `User:alice has Allow permission for operations: Read from hosts: *` */
export function scalaAclString(entry: AccessControlEntry): string {
  return `${entry.principal} has ${permissionTypeName(entry.permissionType)} permission for operations: ${operationName(entry.operation)} from hosts: ${entry.host}`;
}

/** Resource.toString: `Topic:LITERAL:secure` */
export function scalaResourceString(pattern: ResourcePattern): string {
  return `${resourceTypeName(pattern.resourceType)}:${javaPatternTypeName(pattern.patternType)}:${pattern.name}`;
}

/** ResourcePattern.toString and ResourcePatternFilter.toString (both print `<any>` for no name). */
export function resourcePatternString(pattern: ResourcePattern | ResourcePatternFilter): string {
  return `ResourcePattern(resourceType=${javaResourceTypeName(pattern.resourceType)}, name=${pattern.name ?? '<any>'}, patternType=${javaPatternTypeName(pattern.patternType)})`;
}

/** AccessControlEntry.toString / AccessControlEntryFilter.toString */
export function entryString(entry: AccessControlEntry | AccessControlEntryFilter): string {
  return (
    `(principal=${entry.principal ?? '<any>'}, host=${entry.host ?? '<any>'}, ` +
    `operation=${javaOperationName(entry.operation)}, permissionType=${javaPermissionTypeName(entry.permissionType)})`
  );
}

export function bindingString(binding: AclBinding): string {
  return `(pattern=${resourcePatternString(binding.pattern)}, entry=${entryString(binding.entry)})`;
}

export function bindingFilterString(filter: AclBindingFilter): string {
  return `(patternFilter=${resourcePatternString(filter.patternFilter)}, entryFilter=${entryString(filter.entryFilter)})`;
}
