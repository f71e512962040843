// The authorizer's in-memory copy of every ACL znode (AclAuthorizer.aclCache), kept per resource
// pattern with the znode version it was read at. Lookups for authorization are by type and name:
// the literal name, the literal wildcard '*', and every prefixed pattern the name starts with.
// Listings come out in Kafka's TreeMap order (ResourceOrdering): resource type name, then pattern
// type (literal before prefixed), then name in reverse order.

import { resourceTypeName } from './acl-names';
import { PatternType, WILDCARD_RESOURCE, type AccessControlEntry, type ResourcePattern, type ResourceType } from './acl-types';
import type { VersionedAcls } from './zk-acl-store';

export interface CachedAcls {
  readonly pattern: ResourcePattern;
  readonly versioned: VersionedAcls;
}

export class AclCache {
  private readonly literal = new Map<ResourceType, Map<string, VersionedAcls>>();
  private readonly prefixed = new Map<ResourceType, Map<string, VersionedAcls>>();

  private byName(pattern: { resourceType: ResourceType; patternType: PatternType }, create: boolean): Map<string, VersionedAcls> | undefined {
    const stores = pattern.patternType === PatternType.PREFIXED ? this.prefixed : this.literal;
    let names = stores.get(pattern.resourceType);
    if (names === undefined && create) {
      names = new Map();
      stores.set(pattern.resourceType, names);
    }
    return names;
  }

  get(pattern: ResourcePattern): VersionedAcls | undefined {
    return this.byName(pattern, false)?.get(pattern.name);
  }

  /** updateCache: a resource without ACLs leaves the cache. */
  update(pattern: ResourcePattern, versioned: VersionedAcls): void {
    if (versioned.acls.isEmpty) this.byName(pattern, false)?.delete(pattern.name);
    else this.byName(pattern, true)!.set(pattern.name, versioned);
  }

  /**
   * matchingAcls: the ACLs of every pattern that applies to the literal resource `name` (prefixed,
   * then wildcard, then literal, as Kafka unions them). Kafka's prefix lookup is a range of its
   * TreeMap from `name` down to its first character, so the empty prefix matches only the empty name.
   */
  matchingAcls(resourceType: ResourceType, name: string): AccessControlEntry[] {
    const matched: AccessControlEntry[] = [];
    const prefixes = this.prefixed.get(resourceType);
    if (prefixes !== undefined && prefixes.size > 0) {
      for (let end = name.length; end >= (name.length === 0 ? 0 : 1); end--) {
        const acls = prefixes.get(name.slice(0, end));
        if (acls !== undefined) matched.push(...acls.acls.entries());
      }
    }
    const literals = this.literal.get(resourceType);
    if (literals !== undefined) {
      const wildcard = literals.get(WILDCARD_RESOURCE);
      if (wildcard !== undefined) matched.push(...wildcard.acls.entries());
      const exact = name === WILDCARD_RESOURCE ? undefined : literals.get(name);
      if (exact !== undefined) matched.push(...exact.acls.entries());
    }
    return matched;
  }

  /** Every cached resource, in Kafka's ResourceOrdering. */
  all(): CachedAcls[] {
    const out: CachedAcls[] = [];
    for (const [patternType, stores] of [[PatternType.LITERAL, this.literal], [PatternType.PREFIXED, this.prefixed]] as const) {
      for (const [resourceType, names] of stores) {
        for (const [name, versioned] of names) out.push({ pattern: { resourceType, name, patternType }, versioned });
      }
    }
    return out.sort((a, b) => compareResources(a.pattern, b.pattern));
  }
}

/** AclAuthorizer.ResourceOrdering */
export function compareResources(a: ResourcePattern, b: ResourcePattern): number {
  const byType = compareStrings(resourceTypeName(a.resourceType), resourceTypeName(b.resourceType));
  if (byType !== 0) return byType;
  if (a.patternType !== b.patternType) return a.patternType - b.patternType;
  return -compareStrings(a.name, b.name);
}

/** String.compareTo: UTF-16 code units, as JavaScript's relational operators compare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
