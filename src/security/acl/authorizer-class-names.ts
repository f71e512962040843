// Which `authorizer.class.name` values this broker serves: Kafka 2.4.1's two ZooKeeper ACL
// authorizers. kafka.security.auth.SimpleAclAuthorizer (the 2.4 default name, deprecated) runs
// behind KafkaConfig's AuthorizerWrapper, which adds and removes ACLs one at a time and logs every
// check without naming the request; kafka.security.authorizer.AclAuthorizer is the new interface.
// Any other class would be a JVM class we cannot load: the broker must refuse to start.

export const SIMPLE_ACL_AUTHORIZER_CLASS = 'kafka.security.auth.SimpleAclAuthorizer';
export const ACL_AUTHORIZER_CLASS = 'kafka.security.authorizer.AclAuthorizer';

export type AclAuthorizerFlavour = 'SimpleAclAuthorizer' | 'AclAuthorizer';

/** An empty class name means no authorizer, as in Kafka. */
export function isSupportedAuthorizerClass(className: string): boolean {
  return className === SIMPLE_ACL_AUTHORIZER_CLASS || className === ACL_AUTHORIZER_CLASS;
}

export function authorizerFlavour(className: string): AclAuthorizerFlavour {
  if (className === SIMPLE_ACL_AUTHORIZER_CLASS) return 'SimpleAclAuthorizer';
  if (className === ACL_AUTHORIZER_CLASS) return 'AclAuthorizer';
  throw new Error(unsupportedAuthorizerMessage(className));
}

/** Why the broker does not start with this `authorizer.class.name`. */
export function unsupportedAuthorizerMessage(className: string): string {
  return (
    `authorizer.class.name=${className} is not supported: this broker runs only ${SIMPLE_ACL_AUTHORIZER_CLASS} ` +
    `and ${ACL_AUTHORIZER_CLASS} (Kafka 2.4.1 would fail to start with java.lang.ClassNotFoundException: ${className})`
  );
}
