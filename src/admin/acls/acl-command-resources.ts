// What a kafka-acls command line asks for, worked out as Kafka 2.4.1's AclCommand does: the
// resource pattern filters (--topic, --cluster, --group, --transactional-id, --delegation-token
// with --resource-pattern-type), the entries from the principals, hosts and operations, the
// --producer / --consumer shortcuts, and the checks with their messages. Kafka holds these in
// Scala Sets and Maps; where their order follows a Java enum's identity hash (sets of up to four
// entries, resources, filters) we keep the command line's order.

import { javaStringHash } from '../../common/jvm-order/java-hash';
import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { parseKafkaPrincipal, principalToString } from '../../common/kafka-principal';
import { illegalArgument, JavaRuntimeError } from '../../security/acl/acl-errors';
import { isSpecificPatternType, javaPatternTypeName, javaResourceTypeName, operationFromName, operationName } from '../../security/acl/acl-names';
import type { ResourcePatternFilter } from '../../security/acl/acl-filters';
import { AclOperation, AclPermissionType, CLUSTER_RESOURCE_NAME, PatternType, ResourceType, WILDCARD_HOST, type AccessControlEntry, type ResourcePattern } from '../../security/acl/acl-types';
import { UsageError } from '../common/command-line';
import { JoptParseError, type ParsedOptions } from './acl-command-line';

export interface FilterAcls {
  readonly filter: ResourcePatternFilter;
  readonly entries: AccessControlEntry[];
}

export interface PatternAcls {
  readonly pattern: ResourcePattern;
  readonly entries: AccessControlEntry[];
}

export const CLUSTER_RESOURCE_FILTER: ResourcePatternFilter = Object.freeze({ resourceType: ResourceType.CLUSTER, name: CLUSTER_RESOURCE_NAME, patternType: PatternType.LITERAL });

const filterKey = (f: ResourcePatternFilter) => `${f.resourceType}\u0000${f.patternType}\u0000${f.name}`;
const entryKey = (e: AccessControlEntry) => `${e.principal}\u0000${e.host}\u0000${e.operation}\u0000${e.permissionType}`;

function distinct<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The PatternTypeConverter: a case-insensitive enum name, UNKNOWN refused; LITERAL by default. */
export function resourcePatternType(options: ParsedOptions): PatternType {
  const value = options.valueOf('resource-pattern-type');
  if (value === null) return PatternType.LITERAL;
  const names = ['UNKNOWN', 'ANY', 'MATCH', 'LITERAL', 'PREFIXED'];
  const index = names.findIndex((n) => n.toLowerCase() === value.toLowerCase());
  if (index <= 0) throw new JoptParseError('joptsimple.OptionArgumentConversionException', `Cannot parse argument '${value}' of option resource-pattern-type`);
  return index as PatternType;
}

/** getResourceFilter */
export function resourceFilters(options: ParsedOptions, dieIfNoResourceFound = true): ResourcePatternFilter[] {
  const patternType = resourcePatternType(options);
  const filters: ResourcePatternFilter[] = [];
  const add = (resourceType: ResourceType, name: string) => filters.push({ resourceType, name, patternType });
  for (const topic of options.valuesOf('topic')) add(ResourceType.TOPIC, topic.trim());
  if (patternType === PatternType.LITERAL && (options.has('cluster') || options.has('idempotent'))) filters.push(CLUSTER_RESOURCE_FILTER);
  for (const group of options.valuesOf('group')) add(ResourceType.GROUP, group.trim());
  // Kafka does not trim transactional ids.
  for (const id of options.valuesOf('transactional-id')) add(ResourceType.TRANSACTIONAL_ID, id);
  for (const token of options.valuesOf('delegation-token')) add(ResourceType.DELEGATION_TOKEN, token.trim());
  if (filters.length === 0 && dieIfNoResourceFound) {
    throw new UsageError('You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>');
  }
  return distinct(filters, filterKey);
}

/** getPrincipals: each trimmed and parsed ("Type:name"), as KafkaPrincipal.toString prints it. */
export function principals(options: ParsedOptions, option: string): string[] {
  return distinct(
    options.valuesOf(option).map((text) => {
      try {
        return principalToString(parseKafkaPrincipal(text.trim()));
      } catch (error) {
        throw illegalArgument((error as Error).message);
      }
    }),
    (p) => p,
  );
}

/** getHosts: the hosts given, else '*' when principals were given, else none. */
function hosts(options: ParsedOptions, hostOption: string, principalOption: string): string[] {
  if (options.has(hostOption)) return distinct(options.valuesOf(hostOption).map((h) => h.trim()), (h) => h);
  return options.has(principalOption) ? [WILDCARD_HOST] : [];
}

/** --operation (All by default), each with Operation.fromString's message for an unknown name. */
function cliOperations(options: ParsedOptions): AclOperation[] {
  const given = options.valuesOf('operation');
  return distinct((given.length === 0 ? ['All'] : given).map((op) => operationFromName(op.trim())), String);
}

/** getAcl: ALLOW entries for the allowed principals and hosts, then DENY ones. */
function entries(options: ParsedOptions, operations: readonly AclOperation[]): AccessControlEntry[] {
  const out: AccessControlEntry[] = [];
  const build = (principalList: string[], permissionType: AclPermissionType, hostList: string[]) => {
    if (principalList.length === 0 || hostList.length === 0) return;
    for (const principal of principalList) for (const operation of operations) for (const host of hostList) out.push({ principal, host, operation, permissionType });
  };
  build(principals(options, 'allow-principal'), AclPermissionType.ALLOW, hosts(options, 'allow-host', 'allow-principal'));
  build(principals(options, 'deny-principal'), AclPermissionType.DENY, hosts(options, 'deny-host', 'deny-principal'));
  return distinct(out, entryKey);
}

/** kafka.security.auth.ResourceType.supportedOperations (+ All), in the order Kafka's Set prints them. */
const SUPPORTED: ReadonlyMap<ResourceType, readonly AclOperation[]> = new Map([
  [ResourceType.TOPIC, [AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS]],
  [ResourceType.GROUP, [AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE]],
  [ResourceType.CLUSTER, [AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE]],
  [ResourceType.TRANSACTIONAL_ID, [AclOperation.DESCRIBE, AclOperation.WRITE]],
  [ResourceType.DELEGATION_TOKEN, [AclOperation.DESCRIBE]],
]);

export function validOperations(resourceType: ResourceType): AclOperation[] {
  const supported = SUPPORTED.get(resourceType) ?? [];
  // `supportedOperations + All`: a Set of up to 4 keeps insertion order, a bigger one hashes the case objects' names.
  const withAll = [...supported, AclOperation.ALL];
  return withAll.length > 4 ? scalaImmutableMapOrder(withAll, (op) => javaStringHash(operationName(op))) : withAll;
}

/** validateOperation */
function validateOperations(filterAcls: readonly FilterAcls[]): void {
  for (const { filter, entries: list } of filterAcls) {
    const valid = validOperations(filter.resourceType);
    if (list.some((e) => !valid.includes(e.operation))) {
      throw new UsageError(`ResourceType ${javaResourceTypeName(filter.resourceType)} only supports operations ${valid.map(operationName).join(',')}`);
    }
  }
}

/** A Scala Map's `++`: a key already present keeps its place and takes the new value. */
function putAll(map: Map<string, FilterAcls>, items: readonly FilterAcls[]): void {
  for (const item of items) map.set(filterKey(item.filter), item);
}

/** getResourceFilterToAcls: each resource filter with the entries to add or remove. */
export function resourceFilterToAcls(options: ParsedOptions): FilterAcls[] {
  const result = new Map<string, FilterAcls>();
  if (!options.has('producer') && !options.has('consumer')) {
    const cliEntries = entries(options, cliOperations(options));
    putAll(result, resourceFilters(options).map((filter) => ({ filter, entries: cliEntries })));
  }
  if (options.has('producer')) {
    const filters = resourceFilters(options);
    const topicEntries = entries(options, [AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE]);
    const txnEntries = entries(options, [AclOperation.WRITE, AclOperation.DESCRIBE]);
    putAll(result, [
      ...filters.filter((f) => f.resourceType === ResourceType.TOPIC).map((filter) => ({ filter, entries: topicEntries })),
      ...filters.filter((f) => f.resourceType === ResourceType.TRANSACTIONAL_ID).map((filter) => ({ filter, entries: txnEntries })),
      ...(options.has('idempotent') ? [{ filter: CLUSTER_RESOURCE_FILTER, entries: entries(options, [AclOperation.IDEMPOTENT_WRITE]) }] : []),
    ]);
  }
  if (options.has('consumer')) {
    const filters = resourceFilters(options);
    const topicEntries = entries(options, [AclOperation.READ, AclOperation.DESCRIBE]);
    const groupEntries = entries(options, [AclOperation.READ]);
    const consumer = [
      ...filters.filter((f) => f.resourceType === ResourceType.TOPIC).map((filter) => ({ filter, entries: topicEntries })),
      ...filters.filter((f) => f.resourceType === ResourceType.GROUP).map((filter) => ({ filter, entries: groupEntries })),
    ];
    // The consumer's entries first, then what --producer gave the same resource.
    putAll(result, consumer.map(({ filter, entries: list }) => ({ filter, entries: distinct([...list, ...(result.get(filterKey(filter))?.entries ?? [])], entryKey) })));
  }
  const filterAcls = [...result.values()];
  validateOperations(filterAcls);
  return filterAcls;
}

/** getResourceToAcls (for --add): specific patterns only, and something to add to each. */
export function resourceToAcls(options: ParsedOptions): PatternAcls[] {
  const patternType = resourcePatternType(options);
  if (!isSpecificPatternType(patternType)) throw new UsageError(`A '--resource-pattern-type' value of '${javaPatternTypeName(patternType)}' is not valid when adding acls.`);
  const patterns = resourceFilterToAcls(options).map(({ filter, entries: list }) => ({
    pattern: { resourceType: filter.resourceType, name: filter.name!, patternType: filter.patternType },
    entries: list,
  }));
  if (patterns.some((p) => p.entries.length === 0)) throw new UsageError('You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.');
  return patterns;
}

/** Kafka's unchecked JVM errors that end the command ("Error while executing ACL command: ..."). */
export type AclCommandJavaError = JavaRuntimeError | JoptParseError;
