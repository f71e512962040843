// The authorization rule of Kafka 2.4.1's AclAuthorizer, as a pure function of the ACLs that apply
// to a resource: super users may do anything; with no ACL on the resource at all the answer is
// allow.everyone.if.no.acl.found; otherwise a matching DENY refuses, and else a matching ALLOW
// grants. An ACL matches when its principal is the caller's or `User:*`, its host the caller's or
// `*`, and its operation the asked one or All. Allowing Read, Write, Delete or Alter also allows
// Describe, and AlterConfigs allows DescribeConfigs (the implication goes for ALLOW only).
// The debug lines are Kafka's, in the order it logs them.

import { javaStringHash } from '../../common/jvm-order/java-hash';
import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { operationName, permissionTypeName } from './acl-names';
import { scalaAclString } from './acl-strings';
import { AclOperation, AclPermissionType, WILDCARD_HOST, type AccessControlEntry } from './acl-types';

export const WILDCARD_PRINCIPAL = 'User:*';

export interface AuthorizationQuestion {
  /** "User:alice" */
  readonly principal: string;
  /** Java's form of the client address. */
  readonly host: string;
  readonly operation: AclOperation;
  /** Resource.toString, for the debug lines: `Topic:LITERAL:t`. */
  readonly resourceText: string;
  readonly isSuperUser: boolean;
  readonly allowEveryoneIfNoAclFound: boolean;
  /** Every ACL of every pattern that applies to the resource (AclCache.matchingAcls). */
  readonly acls: readonly AccessControlEntry[];
}

export interface AuthorizationDecision {
  readonly allowed: boolean;
  /** What Kafka logs at DEBUG to the authorizer logger while deciding. */
  readonly debug: string[];
}

/**
 * The operations whose ALLOW grants `operation`. Kafka holds Describe's five in a Scala HashSet,
 * so they are tried (and the first match logged) in its hash order.
 */
export function allowingOperations(operation: AclOperation): AclOperation[] {
  if (operation === AclOperation.DESCRIBE) {
    const ops = [AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER];
    return scalaImmutableMapOrder(ops, (op) => javaStringHash(operationName(op)));
  }
  if (operation === AclOperation.DESCRIBE_CONFIGS) return [AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS];
  return [operation];
}

function matchingAcl(q: AuthorizationQuestion, operation: AclOperation, permissionType: AclPermissionType): AccessControlEntry | undefined {
  return q.acls.find(
    (acl) =>
      acl.permissionType === permissionType &&
      (acl.principal === q.principal || acl.principal === WILDCARD_PRINCIPAL) &&
      (acl.operation === operation || acl.operation === AclOperation.ALL) &&
      (acl.host === q.host || acl.host === WILDCARD_HOST),
  );
}

export function decide(q: AuthorizationQuestion): AuthorizationDecision {
  const debug: string[] = [];
  if (q.isSuperUser) {
    debug.push(`principal = ${q.principal} is a super user, allowing operation without checking acls.`);
    return { allowed: true, debug };
  }
  if (q.acls.length === 0) {
    debug.push(`No acl found for resource ${q.resourceText}, authorized = ${q.allowEveryoneIfNoAclFound}`);
    return { allowed: q.allowEveryoneIfNoAclFound, debug };
  }
  const found = (operation: AclOperation, permissionType: AclPermissionType): boolean => {
    const acl = matchingAcl(q, operation, permissionType);
    if (acl === undefined) return false;
    debug.push(
      `operation = ${operationName(operation)} on resource = ${q.resourceText} from host = ${q.host} is ${permissionTypeName(permissionType)} based on acl = ${scalaAclString(acl)}`,
    );
    return true;
  };
  if (found(q.operation, AclPermissionType.DENY)) return { allowed: false, debug };
  const allowed = allowingOperations(q.operation).some((op) => found(op, AclPermissionType.ALLOW));
  return { allowed, debug };
}
