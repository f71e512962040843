// The two sets of names Kafka 2.4.1 gives the ACL vocabulary, and its lookups with their messages:
// - the Scala names of kafka.security.auth (Topic, Read, Allow), stored in ZooKeeper, printed by
//   kafka-acls' AuthorizerService and parsed case-insensitively by ResourceType/Operation/
//   PermissionType.fromString;
// - the Java enum names of org.apache.kafka.common (TOPIC, READ, ALLOW, LITERAL), printed by the
//   Java classes' toString (ResourcePattern(...), (principal=..., ...)).
// A Java value becomes a Scala one by dropping underscores and matching case-insensitively
// (fromJava), so UNKNOWN and ANY fail with "UNKNOWN not a valid ... name".

import { AclOperation, AclPermissionType, PatternType, ResourceType, OPERATION_NAMES, PERMISSION_TYPE_NAMES, RESOURCE_TYPE_NAMES } from './acl-types';

/** A lookup failed; Kafka throws KafkaException (kafka.common) with this message. */
export class AclNameError extends Error {
  override readonly name = 'AclNameError';
  readonly javaClass = 'kafka.common.KafkaException';
}

/** kafka.security.auth.ResourceType.values, in Kafka's order (it names them in messages). */
export const SCALA_RESOURCE_TYPES: readonly ResourceType[] = [ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID, ResourceType.DELEGATION_TOKEN];

/** kafka.security.auth.Operation.values, in Kafka's order (kafka-acls' help lists them so). */
export const SCALA_OPERATIONS: readonly AclOperation[] = [
  AclOperation.READ,
  AclOperation.WRITE,
  AclOperation.CREATE,
  AclOperation.DELETE,
  AclOperation.ALTER,
  AclOperation.DESCRIBE,
  AclOperation.CLUSTER_ACTION,
  AclOperation.ALTER_CONFIGS,
  AclOperation.DESCRIBE_CONFIGS,
  AclOperation.IDEMPOTENT_WRITE,
  AclOperation.ALL,
];

const SCALA_PERMISSION_TYPES: readonly AclPermissionType[] = [AclPermissionType.ALLOW, AclPermissionType.DENY];

export const resourceTypeName = (t: ResourceType): string => RESOURCE_TYPE_NAMES.get(t) ?? javaResourceTypeName(t);
export const operationName = (o: AclOperation): string => OPERATION_NAMES.get(o) ?? javaOperationName(o);
export const permissionTypeName = (p: AclPermissionType): string => PERMISSION_TYPE_NAMES.get(p) ?? javaPermissionTypeName(p);

function lookup<T>(text: string, values: readonly T[], nameOf: (v: T) => string, what: string): T {
  const found = values.find((v) => nameOf(v).toLowerCase() === text.toLowerCase());
  if (found === undefined) throw new AclNameError(`${text} not a valid ${what} name. The valid names are ${values.map(nameOf).join(',')}`);
  return found;
}

/** ResourceType.fromString */
export function resourceTypeFromName(text: string): ResourceType {
  return lookup(text, SCALA_RESOURCE_TYPES, resourceTypeName, 'resourceType');
}

/** Operation.fromString */
export function operationFromName(text: string): AclOperation {
  return lookup(text, SCALA_OPERATIONS, operationName, 'operation');
}

/** PermissionType.fromString */
export function permissionTypeFromName(text: string): AclPermissionType {
  return lookup(text, SCALA_PERMISSION_TYPES, permissionTypeName, 'permissionType');
}

/** ResourceType.fromJava: throws for UNKNOWN and ANY. */
export function scalaResourceType(t: ResourceType): ResourceType {
  return resourceTypeFromName(javaResourceTypeName(t).replace(/_/g, ''));
}

/** Operation.fromJava: throws for UNKNOWN and ANY. */
export function scalaOperation(o: AclOperation): AclOperation {
  return operationFromName(javaOperationName(o).replace(/_/g, ''));
}

/** PermissionType.fromJava: throws for UNKNOWN and ANY. */
export function scalaPermissionType(p: AclPermissionType): AclPermissionType {
  return permissionTypeFromName(javaPermissionTypeName(p));
}

// Java enum names, indexed by wire code.
const JAVA_RESOURCE_TYPES = ['UNKNOWN', 'ANY', 'TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN'];
const JAVA_OPERATIONS = ['UNKNOWN', 'ANY', 'ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'];
const JAVA_PERMISSION_TYPES = ['UNKNOWN', 'ANY', 'DENY', 'ALLOW'];
const JAVA_PATTERN_TYPES = ['UNKNOWN', 'ANY', 'MATCH', 'LITERAL', 'PREFIXED'];

export const javaResourceTypeName = (t: ResourceType): string => JAVA_RESOURCE_TYPES[t] ?? 'UNKNOWN';
export const javaOperationName = (o: AclOperation): string => JAVA_OPERATIONS[o] ?? 'UNKNOWN';
export const javaPermissionTypeName = (p: AclPermissionType): string => JAVA_PERMISSION_TYPES[p] ?? 'UNKNOWN';
export const javaPatternTypeName = (p: PatternType): string => JAVA_PATTERN_TYPES[p] ?? 'UNKNOWN';

/** fromCode: a code Kafka 2.4.1 does not know is UNKNOWN. */
export const resourceTypeFromCode = (code: number): ResourceType => (code >= 0 && code < JAVA_RESOURCE_TYPES.length ? code : ResourceType.UNKNOWN);
export const operationFromCode = (code: number): AclOperation => (code >= 0 && code < JAVA_OPERATIONS.length ? code : AclOperation.UNKNOWN);
export const permissionTypeFromCode = (code: number): AclPermissionType => (code >= 0 && code < JAVA_PERMISSION_TYPES.length ? code : AclPermissionType.UNKNOWN);
export const patternTypeFromCode = (code: number): PatternType => (code >= 0 && code < JAVA_PATTERN_TYPES.length ? code : PatternType.UNKNOWN);

/** PatternType.fromString: upper-cased Java name, UNKNOWN for anything else. */
export function patternTypeFromName(text: string): PatternType {
  const index = JAVA_PATTERN_TYPES.indexOf(text.toUpperCase());
  return index < 0 ? PatternType.UNKNOWN : index;
}

/** The pattern types that are not filters (PatternType.isSpecific). */
export const isSpecificPatternType = (p: PatternType): boolean => p === PatternType.LITERAL || p === PatternType.PREFIXED;
