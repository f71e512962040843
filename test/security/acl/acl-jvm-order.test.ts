// The Scala set orders Kafka 2.4.1 writes ACL znodes and prints kafka-acls lines in, against what
// a real Kafka 2.4.1 wrote and printed (captured with its kafka-acls on a real ZooKeeper).

import { AclSet, aclHash, legacyListingOrder, scalaStringSetOrder, scalaProductHash } from '../../../src/security/acl/acl-jvm-order';
import { entryString, scalaAclString } from '../../../src/security/acl/acl-strings';
import { validOperations } from '../../../src/admin/acls/acl-command-resources';
import { operationName } from '../../../src/security/acl/acl-names';
import { AclOperation, AclPermissionType, ResourceType, type AccessControlEntry } from '../../../src/security/acl/acl-types';

const allow = (who: string, operation: AclOperation, host = '*'): AccessControlEntry => ({ principal: `User:${who}`, host, operation, permissionType: AclPermissionType.ALLOW });
const short = (e: AccessControlEntry) => `${e.principal.slice(5)} ${operationName(e.operation)} ${e.host}`;

// `--allow-principal User:bob --allow-principal User:carol --operation Write --operation Describe
// --operation Create --allow-host 1.2.3.4 --allow-host '*'`: twelve ACLs.
const twelve: AccessControlEntry[] = [];
for (const who of ['bob', 'carol']) for (const op of [AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE]) for (const host of ['1.2.3.4', '*']) twelve.push(allow(who, op, host));

describe('Kafka 2.4.1 set orders', () => {
  it('hashes as the JVM does: Scala 2.12 (1, 2).hashCode and kafka.security.auth.Acl#hashCode', () => {
    // Values printed by the anchor's JVM with Kafka 2.4.1's jars.
    expect(scalaProductHash([1, 2])).toBe(1411956066);
    expect(aclHash(allow('alice', AclOperation.READ))).toBe(639464491);
    expect(aclHash({ principal: 'User:bob', host: '10.0.0.1', operation: AclOperation.IDEMPOTENT_WRITE, permissionType: AclPermissionType.DENY })).toBe(438162898);
  });

  it('writes twelve ACLs into the znode in the order Kafka wrote them', () => {
    expect(AclSet.of(twelve).znodeOrder().map(short)).toEqual([
      'bob Create 1.2.3.4',
      'carol Describe *',
      'carol Describe 1.2.3.4',
      'carol Write *',
      'bob Write *',
      'bob Create *',
      'bob Describe *',
      'bob Describe 1.2.3.4',
      'carol Create *',
      'carol Create 1.2.3.4',
      'bob Write 1.2.3.4',
      'carol Write 1.2.3.4',
    ]);
  });

  it('prints their "Current ACLs" and "Adding ACLs" lines in the order Kafka printed them', () => {
    const listed = scalaStringSetOrder(legacyListingOrder(AclSet.of(twelve).entries()).map((e) => `\t${scalaAclString(e)}`));
    expect(listed.map((l) => l.slice(6))).toEqual([
      'carol has Allow permission for operations: Write from hosts: 1.2.3.4',
      'carol has Allow permission for operations: Create from hosts: *',
      'bob has Allow permission for operations: Write from hosts: *',
      'bob has Allow permission for operations: Describe from hosts: *',
      'bob has Allow permission for operations: Write from hosts: 1.2.3.4',
      'carol has Allow permission for operations: Describe from hosts: 1.2.3.4',
      'carol has Allow permission for operations: Describe from hosts: *',
      'bob has Allow permission for operations: Create from hosts: *',
      'carol has Allow permission for operations: Create from hosts: 1.2.3.4',
      'bob has Allow permission for operations: Create from hosts: 1.2.3.4',
      'bob has Allow permission for operations: Describe from hosts: 1.2.3.4',
      'carol has Allow permission for operations: Write from hosts: *',
    ]);
    const adding = scalaStringSetOrder(twelve.map((e) => `\t${entryString(e)}`));
    expect(adding.slice(0, 3)).toEqual([
      '\t(principal=User:carol, host=*, operation=WRITE, permissionType=ALLOW)',
      '\t(principal=User:carol, host=1.2.3.4, operation=CREATE, permissionType=ALLOW)',
      '\t(principal=User:bob, host=*, operation=WRITE, permissionType=ALLOW)',
    ]);
  });

  it('lists up to four ACLs in the slot order of a mutable.HashSet, whatever order they were stored in', () => {
    const three = [allow('alice', AclOperation.WRITE), allow('alice', AclOperation.READ), allow('alice', AclOperation.DESCRIBE)];
    expect(legacyListingOrder(three).map(short)).toEqual(['alice Describe *', 'alice Read *', 'alice Write *']);
    expect(legacyListingOrder([...three].reverse()).map(short)).toEqual(['alice Describe *', 'alice Read *', 'alice Write *']);
    const producer = [allow('p', AclOperation.WRITE), allow('p', AclOperation.DESCRIBE), allow('p', AclOperation.CREATE)];
    expect(legacyListingOrder(producer).map(short)).toEqual(['p Create *', 'p Describe *', 'p Write *']);
  });

  it('keeps insertion order up to four, and hash order once a fifth came, even after shrinking again', () => {
    const small = AclSet.of([allow('a', AclOperation.READ), allow('a', AclOperation.WRITE)]).plus([allow('b', AclOperation.READ)]);
    expect(small.znodeOrder().map(short)).toEqual(['a Read *', 'a Write *', 'b Read *']);
    const grown = small.plus([allow('c', AclOperation.READ), allow('c', AclOperation.DESCRIBE)]);
    // What Kafka 2.4.1 wrote at each step of the same sequence of kafka-acls commands.
    expect(grown.znodeOrder().map(short)).toEqual(['a Write *', 'b Read *', 'c Describe *', 'a Read *', 'c Read *']);
    const reread = AclSet.of(grown.znodeOrder());
    const shrunk = reread.without((e) => e.principal === 'User:c');
    expect(shrunk.znodeOrder().map(short)).toEqual(['b Read *', 'a Write *', 'a Read *']);
    // Re-read from the znode it is a small set again, in the stored order.
    expect(AclSet.of(shrunk.znodeOrder()).plus([allow('a', AclOperation.READ)]).znodeOrder().map(short)).toEqual(['b Read *', 'a Write *', 'a Read *']);
    expect(shrunk.sameAs(AclSet.of([allow('a', AclOperation.READ), allow('a', AclOperation.WRITE), allow('b', AclOperation.READ)]))).toBe(true);
  });

  it("orders each resource type's valid operations as kafka-acls' usage error prints them", () => {
    const names = (t: ResourceType) => validOperations(t).map(operationName).join(',');
    expect(names(ResourceType.TOPIC)).toBe('Read,All,AlterConfigs,DescribeConfigs,Delete,Write,Alter,Create,Describe');
    expect(names(ResourceType.CLUSTER)).toBe('All,AlterConfigs,DescribeConfigs,IdempotentWrite,Alter,ClusterAction,Create,Describe');
    expect(names(ResourceType.GROUP)).toBe('Read,Describe,Delete,All');
    expect(names(ResourceType.TRANSACTIONAL_ID)).toBe('Describe,Write,All');
    expect(names(ResourceType.DELEGATION_TOKEN)).toBe('Describe,All');
  });
});
