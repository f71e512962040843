// Kafka 2.4.1's filter matching (ResourcePatternFilter, AccessControlEntryFilter, AclBindingFilter)
// and what makes a filter "at most one" or UNKNOWN, case by case.

import {
  ANY_BINDING_FILTER,
  bindingFilterIsUnknown,
  bindingFilterMatches,
  entryFilterIndefiniteField,
  entryFilterMatches,
  matchesAtMostOne,
  patternFilterIndefiniteField,
  patternFilterMatches,
  type ResourcePatternFilter,
} from '../../../src/security/acl/acl-filters';
import { AclOperation, AclPermissionType, PatternType, ResourceType, type ResourcePattern } from '../../../src/security/acl/acl-types';

const literal = (name: string, resourceType = ResourceType.TOPIC): ResourcePattern => ({ resourceType, name, patternType: PatternType.LITERAL });
const prefixed = (name: string, resourceType = ResourceType.TOPIC): ResourcePattern => ({ resourceType, name, patternType: PatternType.PREFIXED });
const filter = (name: string | null, patternType: PatternType, resourceType = ResourceType.TOPIC): ResourcePatternFilter => ({ resourceType, name, patternType });
const entry = { principal: 'User:alice', host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW };

describe('ResourcePatternFilter.matches', () => {
  it('a specific pattern type matches only patterns of that type with exactly that name', () => {
    expect(patternFilterMatches(filter('foo', PatternType.LITERAL), literal('foo'))).toBe(true);
    expect(patternFilterMatches(filter('foo', PatternType.LITERAL), literal('*'))).toBe(false);
    expect(patternFilterMatches(filter('foo', PatternType.LITERAL), prefixed('foo'))).toBe(false);
    expect(patternFilterMatches(filter('foo', PatternType.PREFIXED), prefixed('foo'))).toBe(true);
    expect(patternFilterMatches(filter('foobar', PatternType.PREFIXED), prefixed('foo'))).toBe(false);
  });

  it('ANY matches every pattern type but the name exactly', () => {
    expect(patternFilterMatches(filter('foo', PatternType.ANY), literal('foo'))).toBe(true);
    expect(patternFilterMatches(filter('foo', PatternType.ANY), prefixed('foo'))).toBe(true);
    expect(patternFilterMatches(filter('foobar', PatternType.ANY), prefixed('foo'))).toBe(false);
    expect(patternFilterMatches(filter('foo', PatternType.ANY), literal('*'))).toBe(false);
  });

  it('MATCH matches what applies to the resource: the literal name, the wildcard, every prefix', () => {
    const match = filter('foobar', PatternType.MATCH);
    expect(patternFilterMatches(match, literal('foobar'))).toBe(true);
    expect(patternFilterMatches(match, literal('*'))).toBe(true);
    expect(patternFilterMatches(match, prefixed('foo'))).toBe(true);
    expect(patternFilterMatches(match, prefixed('foobar'))).toBe(true);
    expect(patternFilterMatches(match, prefixed('foobarbaz'))).toBe(false);
    expect(patternFilterMatches(match, literal('foo'))).toBe(false);
    expect(patternFilterMatches(match, literal('foobar', ResourceType.GROUP))).toBe(false);
  });

  it('a null name matches every name; resource type ANY every type; UNKNOWN nothing', () => {
    expect(patternFilterMatches(filter(null, PatternType.LITERAL), literal('x'))).toBe(true);
    expect(patternFilterMatches(filter(null, PatternType.LITERAL), prefixed('x'))).toBe(false);
    expect(patternFilterMatches(filter(null, PatternType.MATCH), prefixed('x'))).toBe(true);
    expect(patternFilterMatches(filter('x', PatternType.LITERAL, ResourceType.ANY), literal('x', ResourceType.GROUP))).toBe(true);
    expect(patternFilterMatches(filter('x', PatternType.LITERAL, ResourceType.UNKNOWN), literal('x'))).toBe(false);
    expect(patternFilterMatches(filter('x', PatternType.UNKNOWN), literal('x'))).toBe(false);
  });
});

describe('AccessControlEntryFilter.matches', () => {
  it('null principal or host and ANY operation or permission match anything; the rest must be equal', () => {
    const any = { principal: null, host: null, operation: AclOperation.ANY, permissionType: AclPermissionType.ANY };
    expect(entryFilterMatches(any, entry)).toBe(true);
    expect(entryFilterMatches({ ...any, principal: 'User:bob' }, entry)).toBe(false);
    expect(entryFilterMatches({ ...any, principal: 'User:alice', host: '*' }, entry)).toBe(true);
    expect(entryFilterMatches({ ...any, host: '1.2.3.4' }, entry)).toBe(false);
    // The filter does not imply: ALL does not match READ.
    expect(entryFilterMatches({ ...any, operation: AclOperation.ALL }, entry)).toBe(false);
    expect(entryFilterMatches({ ...any, permissionType: AclPermissionType.DENY }, entry)).toBe(false);
    expect(bindingFilterMatches(ANY_BINDING_FILTER, { pattern: prefixed('p'), entry })).toBe(true);
  });
});

describe('indefinite fields and UNKNOWN', () => {
  it("reports Kafka's reasons, and pattern type ANY is not one of them", () => {
    expect(patternFilterIndefiniteField(filter('x', PatternType.ANY))).toBeNull();
    expect(patternFilterIndefiniteField(filter('x', PatternType.MATCH))).toBe('Resource pattern type is MATCH.');
    expect(patternFilterIndefiniteField(filter(null, PatternType.LITERAL))).toBe('Resource name is NULL.');
    expect(patternFilterIndefiniteField(filter('x', PatternType.LITERAL, ResourceType.ANY))).toBe('Resource type is ANY.');
    expect(entryFilterIndefiniteField({ principal: 'User:a', host: null, operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW })).toBe('Host is NULL');
    expect(entryFilterIndefiniteField({ principal: 'User:a', host: '*', operation: AclOperation.ANY, permissionType: AclPermissionType.ALLOW })).toBe('Operation is ANY');
    const exact = { patternFilter: filter('x', PatternType.LITERAL), entryFilter: { principal: 'User:a', host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW } };
    expect(matchesAtMostOne(exact)).toBe(true);
    expect(matchesAtMostOne({ ...exact, entryFilter: { ...exact.entryFilter, permissionType: AclPermissionType.ANY } })).toBe(false);
    expect(bindingFilterIsUnknown({ ...exact, patternFilter: filter('x', PatternType.UNKNOWN) })).toBe(true);
    expect(bindingFilterIsUnknown(exact)).toBe(false);
  });
});
