// ACL znodes (ZkData's ZkAclStore / ResourceZNode in Kafka 2.4.1), persistent, one per resource
// pattern: literal patterns under /kafka-acl/<ResourceType>/<name>, prefixed ones under
// /kafka-acl-extended/prefixed/<ResourceType>/<name>. The resource type folders are created (null
// data) at authorizer startup. Data, keys in the order Kafka's Jackson writes them:
// `{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}`
//
// The codec deals in the names Kafka stores (Topic, Allow, Read); turning them into enums, and the
// order of the entries (Kafka's Scala Set order), is the security layer's business.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { EXTENDED_ACL_PATH, LITERAL_ACL_PATH } from './paths';

/** The pattern types that have a store (PatternType.isSpecific). */
export type AclStorePatternType = 'LITERAL' | 'PREFIXED';
export const ACL_STORE_PATTERN_TYPES: readonly AclStorePatternType[] = ['LITERAL', 'PREFIXED'];

/** One ACL as stored: the principal as "Type:name", the other three as Kafka's names. */
export interface AclZnodeEntry {
  readonly principal: string;
  readonly permissionType: string;
  readonly operation: string;
  readonly host: string;
}

export const ACL_ZNODE_VERSION = 1;

/** The store's root: /kafka-acl, or /kafka-acl-extended/<pattern type in lower case>. */
export function aclStorePath(patternType: AclStorePatternType): string {
  return patternType === 'LITERAL' ? LITERAL_ACL_PATH : `${EXTENDED_ACL_PATH}/${patternType.toLowerCase()}`;
}

/** e.g. /kafka-acl/Topic */
export function aclResourceTypePath(patternType: AclStorePatternType, resourceType: string): string {
  return `${aclStorePath(patternType)}/${resourceType}`;
}

/**
 * e.g. /kafka-acl/Topic/secure. The name goes in unchanged, as Kafka does; ZooKeeper itself
 * refuses names it cannot hold (a '/' leads to a missing parent, '.' and '..' are invalid paths).
 */
export function aclResourcePath(patternType: AclStorePatternType, resourceType: string, name: string): string {
  return `${aclResourceTypePath(patternType, resourceType)}/${name}`;
}

export function encodeAclResource(entries: readonly AclZnodeEntry[]): Buffer {
  return jsonBytes(
    jsonObject([
      ['version', ACL_ZNODE_VERSION],
      [
        'acls',
        entries.map((e) =>
          jsonObject([
            ['principal', e.principal],
            ['permissionType', e.permissionType],
            ['operation', e.operation],
            ['host', e.host],
          ]),
        ),
      ],
    ]),
  );
}

/**
 * Acl.fromBytes: no data, empty data or data that is not JSON at all is no ACLs (Kafka's
 * Json.parseBytes gives None for those); otherwise version 1 with its entries in stored order.
 */
export function decodeAclResource(path: string, data: Buffer | null): AclZnodeEntry[] {
  if (data === null || data.length === 0 || !parsesAsJson(data)) return [];
  const { reader, json } = JsonReader.object(path, data);
  reader.version(json, [ACL_ZNODE_VERSION]);
  return reader.array(json.acls, 'acls').map((item, i) => {
    const entry = reader.asObject(item, `acls[${i}]`);
    return {
      principal: reader.string(entry, 'principal'),
      permissionType: reader.string(entry, 'permissionType'),
      operation: reader.string(entry, 'operation'),
      host: reader.string(entry, 'host'),
    };
  });
}

function parsesAsJson(data: Buffer): boolean {
  try {
    JSON.parse(data.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
