// The ZooKeeper half of Kafka 2.4.1's ACL authorizer (KafkaZkClient's "Acl management methods"):
// creating the ACL folders, reading a resource's ACLs with the znode version, the conditional
// writes the authorizer retries on (set at a version, create if absent, delete at a version), the
// change notifications, and listing what is stored. ACL entries are turned into our types here,
// with Kafka's case-insensitive names and its messages for what cannot be read.

import { parseKafkaPrincipal } from '../../common/kafka-principal';
import {
  ACL_STORE_PATTERN_TYPES,
  EXTENDED_ACL_CHANGE_CREATE_PATH,
  EXTENDED_ACL_CHANGES_PATH,
  LITERAL_ACL_CHANGE_CREATE_PATH,
  LITERAL_ACL_CHANGES_PATH,
  aclResourcePath,
  aclResourceTypePath,
  aclStorePath,
  decodeAclResource,
  encodeAclResource,
  encodeExtendedAclChange,
  encodeLiteralAclChange,
  isZkError,
  type AclStorePatternType,
  type ZkClient,
} from '../../zk';
import { illegalArgument } from './acl-errors';
import { AclSet } from './acl-jvm-order';
import { javaPatternTypeName, operationFromName, operationName, permissionTypeFromName, permissionTypeName, resourceTypeName, SCALA_RESOURCE_TYPES } from './acl-names';
import { PatternType, type AccessControlEntry, type ResourcePattern } from './acl-types';

/** Kafka's ZkVersion.UnknownVersion: the znode does not exist. */
export const UNKNOWN_ZK_VERSION = -2;

/** A resource's ACLs and the version of the znode they were read from (or written as). */
export interface VersionedAcls {
  readonly acls: AclSet;
  readonly zkVersion: number;
}

export const NO_ACLS: VersionedAcls = Object.freeze({ acls: AclSet.EMPTY, zkVersion: UNKNOWN_ZK_VERSION });

export function storePatternType(patternType: PatternType): AclStorePatternType {
  if (patternType === PatternType.LITERAL) return 'LITERAL';
  if (patternType === PatternType.PREFIXED) return 'PREFIXED';
  throw illegalArgument(`Invalid pattern type: ${javaPatternTypeName(patternType)}`);
}

export function resourceZnodePath(pattern: ResourcePattern): string {
  return aclResourcePath(storePatternType(pattern.patternType), resourceTypeName(pattern.resourceType), pattern.name);
}

/** Acl.fromBytes for one entry: a principal without ':' or an unknown name fails as in Kafka. */
function toEntry(stored: { principal: string; permissionType: string; operation: string; host: string }): AccessControlEntry {
  let principal: string;
  try {
    const parsed = parseKafkaPrincipal(stored.principal);
    principal = `${parsed.principalType}:${parsed.name}`;
  } catch (error) {
    throw illegalArgument((error as Error).message);
  }
  return { principal, permissionType: permissionTypeFromName(stored.permissionType), host: stored.host, operation: operationFromName(stored.operation) };
}

export class ZkAclStore {
  constructor(private readonly zk: ZkClient) {}

  /** createAclPaths: both stores with a folder per resource type, then both change folders. */
  async createAclPaths(): Promise<void> {
    for (const store of ACL_STORE_PATTERN_TYPES) {
      await this.zk.createRecursive(aclStorePath(store), null, { throwIfExists: false });
      for (const type of SCALA_RESOURCE_TYPES) await this.zk.createRecursive(aclResourceTypePath(store, resourceTypeName(type)), null, { throwIfExists: false });
    }
    for (const path of [LITERAL_ACL_CHANGES_PATH, EXTENDED_ACL_CHANGES_PATH]) await this.zk.createRecursive(path, null, { throwIfExists: false });
  }

  /** getVersionedAclsForResource: NO_ACLS when the znode is absent. */
  async getVersionedAcls(pattern: ResourcePattern): Promise<VersionedAcls> {
    const path = resourceZnodePath(pattern);
    const node = await this.zk.getDataIfExists(path);
    if (node === null) return NO_ACLS;
    return { acls: AclSet.of(decodeAclResource(path, node.data).map(toEntry)), zkVersion: node.stat.version };
  }

  /** conditionalSetAclsForResource: false when the znode changed or went away since `expectedVersion`. */
  async conditionalSetAcls(pattern: ResourcePattern, acls: AclSet, expectedVersion: number): Promise<{ ok: boolean; zkVersion: number }> {
    if (expectedVersion < 0) throw illegalArgument(`Invalid version ${expectedVersion} provided for conditional update`);
    try {
      const stat = await this.zk.setData(resourceZnodePath(pattern), encodeAcls(acls), expectedVersion);
      return { ok: true, zkVersion: stat.version };
    } catch (error) {
      if (isZkError(error, 'NO_NODE') || isZkError(error, 'BAD_VERSION')) return { ok: false, zkVersion: UNKNOWN_ZK_VERSION };
      throw error;
    }
  }

  /** createAclsForResourceIfNotExists: false when someone else created it first. */
  async createAclsIfNotExists(pattern: ResourcePattern, acls: AclSet): Promise<{ ok: boolean; zkVersion: number }> {
    try {
      await this.zk.create(resourceZnodePath(pattern), encodeAcls(acls));
      return { ok: true, zkVersion: 0 };
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS')) return { ok: false, zkVersion: UNKNOWN_ZK_VERSION };
      throw error;
    }
  }

  /** conditionalDelete: true when deleted or already gone, false when it changed since `expectedVersion`. */
  async conditionalDelete(pattern: ResourcePattern, expectedVersion: number): Promise<boolean> {
    try {
      await this.zk.delete(resourceZnodePath(pattern), expectedVersion);
      return true;
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) return true;
      if (isZkError(error, 'BAD_VERSION')) return false;
      throw error;
    }
  }

  /** createAclChangeNotification: plain text for literal patterns, JSON for the others. */
  async createChangeNotification(pattern: ResourcePattern): Promise<string> {
    const type = resourceTypeName(pattern.resourceType);
    if (pattern.patternType === PatternType.LITERAL) {
      return this.zk.create(LITERAL_ACL_CHANGE_CREATE_PATH, encodeLiteralAclChange(type, pattern.name), 'persistent_sequential');
    }
    const data = encodeExtendedAclChange({ resourceType: type, name: pattern.name, patternType: javaPatternTypeName(pattern.patternType) });
    return this.zk.create(EXTENDED_ACL_CHANGE_CREATE_PATH, data, 'persistent_sequential');
  }

  /** getResourceTypes: the type folders of a store, as stored (possibly unknown names). */
  getResourceTypes(store: AclStorePatternType): Promise<string[]> {
    return this.zk.getChildrenIfExists(aclStorePath(store));
  }

  getResourceNames(store: AclStorePatternType, resourceType: string): Promise<string[]> {
    return this.zk.getChildrenIfExists(aclResourceTypePath(store, resourceType));
  }
}

/** ResourceZNode.encode: the entries in the order Kafka's Set writes them. */
export function encodeAcls(acls: AclSet): Buffer {
  return encodeAclResource(
    acls.znodeOrder().map((e) => ({ principal: e.principal, permissionType: permissionTypeName(e.permissionType), operation: operationName(e.operation), host: e.host })),
  );
}
