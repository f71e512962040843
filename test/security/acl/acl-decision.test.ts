// The authorization rule of Kafka 2.4.1's AclAuthorizer as a pure function: super users, no ACL
// at all (allow.everyone.if.no.acl.found), DENY before ALLOW, wildcard principal and host, All,
// and the operations that imply Describe and DescribeConfigs, with Kafka's debug lines.

import { allowingOperations, decide, type AuthorizationQuestion } from '../../../src/security/acl/acl-decision';
import { AclOperation, AclPermissionType, type AccessControlEntry } from '../../../src/security/acl/acl-types';

const allow = (principal: string, operation: AclOperation, host = '*'): AccessControlEntry => ({ principal, host, operation, permissionType: AclPermissionType.ALLOW });
const deny = (principal: string, operation: AclOperation, host = '*'): AccessControlEntry => ({ principal, host, operation, permissionType: AclPermissionType.DENY });

function ask(acls: AccessControlEntry[], overrides: Partial<AuthorizationQuestion> = {}) {
  return decide({
    principal: 'User:alice',
    host: '10.0.0.1',
    operation: AclOperation.READ,
    resourceText: 'Topic:LITERAL:t',
    isSuperUser: false,
    allowEveryoneIfNoAclFound: false,
    acls,
    ...overrides,
  });
}

describe('decide', () => {
  it('super users are allowed whatever the ACLs say, with Kafka debug line', () => {
    const d = ask([deny('User:alice', AclOperation.ALL)], { isSuperUser: true });
    expect(d).toEqual({ allowed: true, debug: ['principal = User:alice is a super user, allowing operation without checking acls.'] });
  });

  it('with no ACL on the resource the answer is allow.everyone.if.no.acl.found', () => {
    expect(ask([])).toEqual({ allowed: false, debug: ['No acl found for resource Topic:LITERAL:t, authorized = false'] });
    expect(ask([], { allowEveryoneIfNoAclFound: true }).allowed).toBe(true);
    // Someone else's ACL on the resource: no longer "no ACL", so denied even when everyone is allowed.
    expect(ask([allow('User:bob', AclOperation.READ)], { allowEveryoneIfNoAclFound: true }).allowed).toBe(false);
  });

  it('a matching ALLOW grants, logged with the ACL', () => {
    expect(ask([allow('User:alice', AclOperation.READ)])).toEqual({
      allowed: true,
      debug: ['operation = Read on resource = Topic:LITERAL:t from host = 10.0.0.1 is Allow based on acl = User:alice has Allow permission for operations: Read from hosts: *'],
    });
  });

  it('DENY wins over ALLOW, also when it comes from the wildcard principal or All', () => {
    expect(ask([allow('User:alice', AclOperation.READ), deny('User:*', AclOperation.READ)]).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.READ), deny('User:alice', AclOperation.ALL)]).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.READ), deny('User:alice', AclOperation.READ, '10.0.0.2')]).allowed).toBe(true);
    expect(ask([allow('User:alice', AclOperation.READ), deny('User:alice', AclOperation.WRITE)]).allowed).toBe(true);
  });

  it('matches the wildcard principal User:* and host *, but not another principal type or host', () => {
    expect(ask([allow('User:*', AclOperation.READ)]).allowed).toBe(true);
    expect(ask([allow('Group:*', AclOperation.READ)]).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.READ, '10.0.0.1')]).allowed).toBe(true);
    expect(ask([allow('User:alice', AclOperation.READ, '10.0.0.2')]).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.ALL)]).allowed).toBe(true);
  });

  it('Read, Write, Delete and Alter imply Describe; AlterConfigs implies DescribeConfigs; nothing else is implied', () => {
    for (const op of [AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER]) {
      expect(ask([allow('User:alice', op)], { operation: AclOperation.DESCRIBE }).allowed).toBe(true);
    }
    expect(ask([allow('User:alice', AclOperation.CREATE)], { operation: AclOperation.DESCRIBE }).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.ALTER_CONFIGS)], { operation: AclOperation.DESCRIBE_CONFIGS }).allowed).toBe(true);
    expect(ask([allow('User:alice', AclOperation.DESCRIBE)], { operation: AclOperation.READ }).allowed).toBe(false);
    expect(ask([allow('User:alice', AclOperation.ALTER)], { operation: AclOperation.ALTER_CONFIGS }).allowed).toBe(false);
    // The implication is for ALLOW only: a DENY on Read does not deny Describe.
    expect(ask([allow('User:alice', AclOperation.DESCRIBE), deny('User:alice', AclOperation.READ)], { operation: AclOperation.DESCRIBE }).allowed).toBe(true);
  });

  it("tries Describe's implying operations in the order of Kafka's Scala HashSet", () => {
    expect(allowingOperations(AclOperation.DESCRIBE)).toHaveLength(5);
    expect(new Set(allowingOperations(AclOperation.DESCRIBE))).toEqual(new Set([AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER]));
    expect(allowingOperations(AclOperation.DESCRIBE_CONFIGS)).toEqual([AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS]);
    expect(allowingOperations(AclOperation.CREATE)).toEqual([AclOperation.CREATE]);
  });
});
