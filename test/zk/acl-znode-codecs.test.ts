// The ACL znodes of Kafka 2.4.1 (ZkData's ZkAclStore, ResourceZNode and the two change stores):
// paths and data byte-for-byte as a real Kafka 2.4.1 kafka-acls wrote them, both directions.

import {
  aclResourcePath,
  aclResourceTypePath,
  aclStorePath,
  decodeAclResource,
  decodeExtendedAclChange,
  decodeLiteralAclChange,
  encodeAclResource,
  encodeExtendedAclChange,
  encodeLiteralAclChange,
  EXTENDED_ACL_CHANGE_CREATE_PATH,
  LITERAL_ACL_CHANGE_CREATE_PATH,
} from '../../src/zk';
import { ZnodeDecodeError } from '../../src/zk/json/znode-decode-error';

const bytes = (s: string) => Buffer.from(s, 'utf8');
// Written by Kafka 2.4.1's kafka-acls --add --allow-principal User:alice --operation Read --topic secure
const SECURE = '{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}';

describe('ACL resource znodes', () => {
  it('lives under /kafka-acl for literal and /kafka-acl-extended/prefixed for prefixed patterns', () => {
    expect(aclStorePath('LITERAL')).toBe('/kafka-acl');
    expect(aclStorePath('PREFIXED')).toBe('/kafka-acl-extended/prefixed');
    expect(aclResourceTypePath('PREFIXED', 'Group')).toBe('/kafka-acl-extended/prefixed/Group');
    expect(aclResourcePath('LITERAL', 'Topic', 'secure')).toBe('/kafka-acl/Topic/secure');
  });

  it("encodes and decodes Kafka's JSON, keys in Kafka's order", () => {
    const entry = { principal: 'User:alice', permissionType: 'Allow', operation: 'Read', host: '*' };
    expect(encodeAclResource([entry]).toString()).toBe(SECURE);
    expect(decodeAclResource('/kafka-acl/Topic/secure', bytes(SECURE))).toEqual([entry]);
    expect(encodeAclResource([]).toString()).toBe('{"version":1,"acls":[]}');
  });

  it('reads no data, empty data and non-JSON as no ACLs (Kafka does), and refuses other versions', () => {
    expect(decodeAclResource('/p', null)).toEqual([]);
    expect(decodeAclResource('/p', bytes(''))).toEqual([]);
    expect(decodeAclResource('/p', bytes('not json'))).toEqual([]);
    expect(() => decodeAclResource('/p', bytes('{"version":2,"acls":[]}'))).toThrow(ZnodeDecodeError);
    expect(() => decodeAclResource('/p', bytes('{"version":1,"acls":[{"principal":"User:a"}]}'))).toThrow(/permissionType/);
  });
});

describe('ACL change notifications', () => {
  it('are sequential znodes acl_changes_ under both change folders', () => {
    expect(LITERAL_ACL_CHANGE_CREATE_PATH).toBe('/kafka-acl-changes/acl_changes_');
    expect(EXTENDED_ACL_CHANGE_CREATE_PATH).toBe('/kafka-acl-extended-changes/acl_changes_');
  });

  it('literal: plain text Type:name, split at the first colon', () => {
    expect(encodeLiteralAclChange('Topic', 'secure').toString()).toBe('Topic:secure');
    expect(decodeLiteralAclChange('/n', bytes('Group:a:b'))).toEqual({ resourceType: 'Group', name: 'a:b' });
    expect(() => decodeLiteralAclChange('/n', bytes('nocolon'))).toThrow('expected a string in format ResourceType:ResourceName but got nocolon');
  });

  it("extended: Kafka's JSON", () => {
    // Written by Kafka 2.4.1's kafka-acls --add ... --topic pre- --resource-pattern-type prefixed
    const written = '{"version":1,"resourceType":"Topic","name":"pre-","patternType":"PREFIXED"}';
    const event = { resourceType: 'Topic', name: 'pre-', patternType: 'PREFIXED' };
    expect(encodeExtendedAclChange(event).toString()).toBe(written);
    expect(decodeExtendedAclChange('/n', bytes(written))).toEqual(event);
    expect(() => decodeExtendedAclChange('/n', bytes('{"version":2,"resourceType":"Topic","name":"x","patternType":"PREFIXED"}'))).toThrow(/unsupported version: 2/);
  });
});
