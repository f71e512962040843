// The ACL vocabulary of Kafka 2.4.1 (org.apache.kafka.common.resource / .acl): resource types,
// operations, permission and pattern types, with their wire codes (CreateAcls, DescribeAcls,
// DeleteAcls, KIP-430 authorized-operation bitfields) and the names ZooKeeper's ACL znodes and the
// kafka-acls tool use.

export enum ResourceType {
  UNKNOWN = 0,
  ANY = 1,
  TOPIC = 2,
  GROUP = 3,
  CLUSTER = 4,
  TRANSACTIONAL_ID = 5,
  DELEGATION_TOKEN = 6,
}

export enum AclOperation {
  UNKNOWN = 0,
  ANY = 1,
  ALL = 2,
  READ = 3,
  WRITE = 4,
  CREATE = 5,
  DELETE = 6,
  ALTER = 7,
  DESCRIBE = 8,
  CLUSTER_ACTION = 9,
  DESCRIBE_CONFIGS = 10,
  ALTER_CONFIGS = 11,
  IDEMPOTENT_WRITE = 12,
}

export enum AclPermissionType {
  UNKNOWN = 0,
  ANY = 1,
  DENY = 2,
  ALLOW = 3,
}

export enum PatternType {
  UNKNOWN = 0,
  ANY = 1,
  MATCH = 2,
  LITERAL = 3,
  PREFIXED = 4,
}

/** The only cluster resource's name. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';
/** A literal ACL on this name matches every resource of its type. */
export const WILDCARD_RESOURCE = '*';
/** The host of an ACL that applies from everywhere. */
export const WILDCARD_HOST = '*';

/** Names in ZooKeeper paths and kafka-acls output (kafka.security.auth.ResourceType). */
export const RESOURCE_TYPE_NAMES: ReadonlyMap<ResourceType, string> = new Map([
  [ResourceType.TOPIC, 'Topic'],
  [ResourceType.GROUP, 'Group'],
  [ResourceType.CLUSTER, 'Cluster'],
  [ResourceType.TRANSACTIONAL_ID, 'TransactionalId'],
  [ResourceType.DELEGATION_TOKEN, 'DelegationToken'],
]);

/** Names in ACL znode JSON (kafka.security.auth.Operation). */
export const OPERATION_NAMES: ReadonlyMap<AclOperation, string> = new Map([
  [AclOperation.ALL, 'All'],
  [AclOperation.READ, 'Read'],
  [AclOperation.WRITE, 'Write'],
  [AclOperation.CREATE, 'Create'],
  [AclOperation.DELETE, 'Delete'],
  [AclOperation.ALTER, 'Alter'],
  [AclOperation.DESCRIBE, 'Describe'],
  [AclOperation.CLUSTER_ACTION, 'ClusterAction'],
  [AclOperation.DESCRIBE_CONFIGS, 'DescribeConfigs'],
  [AclOperation.ALTER_CONFIGS, 'AlterConfigs'],
  [AclOperation.IDEMPOTENT_WRITE, 'IdempotentWrite'],
]);

export const PERMISSION_TYPE_NAMES: ReadonlyMap<AclPermissionType, string> = new Map([
  [AclPermissionType.ALLOW, 'Allow'],
  [AclPermissionType.DENY, 'Deny'],
]);

export interface ResourcePattern {
  readonly resourceType: ResourceType;
  readonly name: string;
  readonly patternType: PatternType;
}

/** One access control entry: who may (or may not) do what from where. */
export interface AccessControlEntry {
  /** "User:alice" or "User:*". */
  readonly principal: string;
  readonly host: string;
  readonly operation: AclOperation;
  readonly permissionType: AclPermissionType;
}

export interface AclBinding {
  readonly pattern: ResourcePattern;
  readonly entry: AccessControlEntry;
}
