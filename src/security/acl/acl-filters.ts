// Kafka 2.4.1's ACL filters (ResourcePatternFilter, AccessControlEntryFilter, AclBindingFilter):
// what DescribeAcls and DeleteAcls send and kafka-acls builds, with their matching rules.
// - A null name, principal or host matches anything; resource type ANY, operation ANY and
//   permission type ANY match any value.
// - Pattern type ANY matches patterns of every type, but the name exactly.
// - Pattern type MATCH matches every pattern that would apply to the named resource: the literal
//   name, the literal wildcard '*', and every prefixed pattern the name starts with.
// - Any other pattern type matches patterns of that type with exactly that name.

import { AclOperation, AclPermissionType, PatternType, ResourceType, WILDCARD_RESOURCE, type AccessControlEntry, type AclBinding, type ResourcePattern } from './acl-types';

export interface ResourcePatternFilter {
  readonly resourceType: ResourceType;
  /** null matches every name. */
  readonly name: string | null;
  readonly patternType: PatternType;
}

export interface AccessControlEntryFilter {
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: AclOperation;
  readonly permissionType: AclPermissionType;
}

export interface AclBindingFilter {
  readonly patternFilter: ResourcePatternFilter;
  readonly entryFilter: AccessControlEntryFilter;
}

export const ANY_RESOURCE_PATTERN_FILTER: ResourcePatternFilter = Object.freeze({ resourceType: ResourceType.ANY, name: null, patternType: PatternType.ANY });
export const ANY_ENTRY_FILTER: AccessControlEntryFilter = Object.freeze({ principal: null, host: null, operation: AclOperation.ANY, permissionType: AclPermissionType.ANY });
export const ANY_BINDING_FILTER: AclBindingFilter = Object.freeze({ patternFilter: ANY_RESOURCE_PATTERN_FILTER, entryFilter: ANY_ENTRY_FILTER });

export function patternToFilter(pattern: ResourcePattern): ResourcePatternFilter {
  return { resourceType: pattern.resourceType, name: pattern.name, patternType: pattern.patternType };
}

export function entryToFilter(entry: AccessControlEntry): AccessControlEntryFilter {
  return { principal: entry.principal, host: entry.host, operation: entry.operation, permissionType: entry.permissionType };
}

export function bindingToFilter(binding: AclBinding): AclBindingFilter {
  return { patternFilter: patternToFilter(binding.pattern), entryFilter: entryToFilter(binding.entry) };
}

/** ResourcePatternFilter.matches */
export function patternFilterMatches(filter: ResourcePatternFilter, pattern: ResourcePattern): boolean {
  if (filter.resourceType !== ResourceType.ANY && filter.resourceType !== pattern.resourceType) return false;
  if (filter.patternType !== PatternType.ANY && filter.patternType !== PatternType.MATCH && filter.patternType !== pattern.patternType) return false;
  if (filter.name === null) return true;
  if (filter.patternType === PatternType.ANY || filter.patternType === pattern.patternType) return filter.name === pattern.name;
  // MATCH
  switch (pattern.patternType) {
    case PatternType.LITERAL:
      return filter.name === pattern.name || pattern.name === WILDCARD_RESOURCE;
    case PatternType.PREFIXED:
      return filter.name.startsWith(pattern.name);
    default:
      throw new Error(`Unsupported PatternType: ${pattern.patternType}`);
  }
}

/** AccessControlEntryFilter.matches */
export function entryFilterMatches(filter: AccessControlEntryFilter, entry: AccessControlEntry): boolean {
  if (filter.principal !== null && filter.principal !== entry.principal) return false;
  if (filter.host !== null && filter.host !== entry.host) return false;
  if (filter.operation !== AclOperation.ANY && filter.operation !== entry.operation) return false;
  return filter.permissionType === AclPermissionType.ANY || filter.permissionType === entry.permissionType;
}

export function bindingFilterMatches(filter: AclBindingFilter, binding: AclBinding): boolean {
  return patternFilterMatches(filter.patternFilter, binding.pattern) && entryFilterMatches(filter.entryFilter, binding.entry);
}

/** ResourcePatternFilter.findIndefiniteField: why the filter may match more than one pattern, or null. */
export function patternFilterIndefiniteField(filter: ResourcePatternFilter): string | null {
  if (filter.resourceType === ResourceType.ANY) return 'Resource type is ANY.';
  if (filter.resourceType === ResourceType.UNKNOWN) return 'Resource type is UNKNOWN.';
  if (filter.name === null) return 'Resource name is NULL.';
  if (filter.patternType === PatternType.MATCH) return 'Resource pattern type is MATCH.';
  if (filter.patternType === PatternType.UNKNOWN) return 'Resource pattern type is UNKNOWN.';
  // Kafka does not count pattern type ANY as indefinite (SimpleAclAuthorizer's deletes rely on it).
  return null;
}

/** AccessControlEntryData.findIndefiniteField */
export function entryFilterIndefiniteField(filter: AccessControlEntryFilter): string | null {
  if (filter.principal === null) return 'Principal is NULL';
  if (filter.host === null) return 'Host is NULL';
  if (filter.operation === AclOperation.ANY) return 'Operation is ANY';
  if (filter.operation === AclOperation.UNKNOWN) return 'Operation is UNKNOWN';
  if (filter.permissionType === AclPermissionType.ANY) return 'Permission type is ANY';
  if (filter.permissionType === AclPermissionType.UNKNOWN) return 'Permission type is UNKNOWN';
  return null;
}

/** AclBindingFilter.matchesAtMostOne */
export function matchesAtMostOne(filter: AclBindingFilter): boolean {
  return patternFilterIndefiniteField(filter.patternFilter) === null && entryFilterIndefiniteField(filter.entryFilter) === null;
}

/** isUnknown of a pattern or pattern filter: its resource or pattern type is UNKNOWN. */
export function patternIsUnknown(pattern: { resourceType: ResourceType; patternType: PatternType }): boolean {
  return pattern.resourceType === ResourceType.UNKNOWN || pattern.patternType === PatternType.UNKNOWN;
}

/** isUnknown of an entry or entry filter: its operation or permission type is UNKNOWN. */
export function entryIsUnknown(entry: { operation: AclOperation; permissionType: AclPermissionType }): boolean {
  return entry.operation === AclOperation.UNKNOWN || entry.permissionType === AclPermissionType.UNKNOWN;
}

export function bindingIsUnknown(binding: AclBinding): boolean {
  return patternIsUnknown(binding.pattern) || entryIsUnknown(binding.entry);
}

export function bindingFilterIsUnknown(filter: AclBindingFilter): boolean {
  return patternIsUnknown(filter.patternFilter) || entryIsUnknown(filter.entryFilter);
}
