// The authorizer's ACL cache: which stored patterns apply to a literal resource (its name, the
// wildcard '*', every prefix of it, as Kafka's TreeMap range finds them) and Kafka's listing order.

import { AclCache } from '../../../src/security/acl/acl-cache';
import { AclSet } from '../../../src/security/acl/acl-jvm-order';
import { AclOperation, AclPermissionType, PatternType, ResourceType, type ResourcePattern } from '../../../src/security/acl/acl-types';

const acl = (principal: string) => ({ principal, host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW });
const put = (cache: AclCache, pattern: ResourcePattern, principal: string) => cache.update(pattern, { acls: AclSet.of([acl(principal)]), zkVersion: 0 });
const topic = (name: string, patternType = PatternType.LITERAL): ResourcePattern => ({ resourceType: ResourceType.TOPIC, name, patternType });

describe('AclCache', () => {
  it('finds the literal name, the wildcard and every prefix, and nothing of other types', () => {
    const cache = new AclCache();
    put(cache, topic('foobar'), 'User:literal');
    put(cache, topic('*'), 'User:wildcard');
    put(cache, topic('foo', PatternType.PREFIXED), 'User:foo');
    put(cache, topic('f', PatternType.PREFIXED), 'User:f');
    put(cache, topic('foobarbaz', PatternType.PREFIXED), 'User:longer');
    put(cache, topic('fob', PatternType.PREFIXED), 'User:other');
    put(cache, { resourceType: ResourceType.GROUP, name: 'foobar', patternType: PatternType.LITERAL }, 'User:group');
    expect(cache.matchingAcls(ResourceType.TOPIC, 'foobar').map((a) => a.principal)).toEqual(['User:foo', 'User:f', 'User:wildcard', 'User:literal']);
    expect(cache.matchingAcls(ResourceType.TOPIC, 'zzz').map((a) => a.principal)).toEqual(['User:wildcard']);
    expect(cache.matchingAcls(ResourceType.CLUSTER, 'kafka-cluster')).toEqual([]);
  });

  it('an empty prefix applies only to the empty name (Kafka range from the name down to its first character)', () => {
    const cache = new AclCache();
    put(cache, topic('', PatternType.PREFIXED), 'User:empty');
    expect(cache.matchingAcls(ResourceType.TOPIC, 'anything')).toEqual([]);
    expect(cache.matchingAcls(ResourceType.TOPIC, '').map((a) => a.principal)).toEqual(['User:empty']);
  });

  it('drops a resource whose ACLs are gone and lists in ResourceOrdering (type name, literal first, names reversed)', () => {
    const cache = new AclCache();
    put(cache, topic('a'), 'User:x');
    put(cache, topic('b'), 'User:x');
    put(cache, topic('a', PatternType.PREFIXED), 'User:x');
    put(cache, { resourceType: ResourceType.GROUP, name: 'g', patternType: PatternType.LITERAL }, 'User:x');
    put(cache, { resourceType: ResourceType.CLUSTER, name: 'kafka-cluster', patternType: PatternType.LITERAL }, 'User:x');
    cache.update(topic('gone'), { acls: AclSet.of([acl('User:x')]), zkVersion: 0 });
    cache.update(topic('gone'), { acls: AclSet.EMPTY, zkVersion: 1 });
    expect(cache.get(topic('gone'))).toBeUndefined();
    expect(cache.all().map(({ pattern }) => `${ResourceType[pattern.resourceType]}:${PatternType[pattern.patternType]}:${pattern.name}`)).toEqual([
      'CLUSTER:LITERAL:kafka-cluster',
      'GROUP:LITERAL:g',
      'TOPIC:LITERAL:b',
      'TOPIC:LITERAL:a',
      'TOPIC:PREFIXED:a',
    ]);
  });
});
