// What the handlers share for authorization, after KafkaApis' private helpers in Kafka 2.4.1:
// filterAuthorized (one check per distinct name, counting how often the request names it),
// authorizeClusterOperation (a denied inter-broker or cluster-wide request fails whole through
// the handler's error response, as a thrown ClusterAuthorizationException does in Kafka), and
// authorizedOperations (KIP-430's bitfield of what the principal may do to a resource). With no
// authorizer everything is allowed, so brokers without authorizer.class.name answer as before.

import { ErrorCode } from '../../protocol/errors';
import { principalToString } from '../../common/kafka-principal';
import { AclOperation, CLUSTER_RESOURCE_NAME, ResourceType } from '../../security/acl/acl-types';
import { ApiError, type RequestContext } from './api-handler';
import { ResourceType as ConfigResourceType } from '../dynamic-config/config-admin';

export interface AuthorizationLogging {
  /** Log an allowed result (Kafka's default: yes). */
  logIfAllowed?: boolean;
  /** Log a denied result (Kafka's default: yes). */
  logIfDenied?: boolean;
}

/**
 * KafkaApis.filterAuthorized: the names among `names` the principal may `operation`. Each distinct
 * name is asked once, in one authorizer call, with how many times the request refers to it (per
 * partition for Produce and Fetch, per topic entry for OffsetCommit) as its reference count.
 */
export function filterAuthorized(
  ctx: RequestContext,
  operation: AclOperation,
  resourceType: ResourceType,
  names: Iterable<string>,
  logging: AuthorizationLogging = {},
): Set<string> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const distinct = [...counts.keys()];
  if (ctx.authorizer === null || distinct.length === 0) return new Set(distinct);
  const answers = ctx.authorizeAll(
    distinct.map((resourceName) => ({
      operation,
      resourceType,
      resourceName,
      resourceReferenceCount: counts.get(resourceName)!,
      logIfAllowed: logging.logIfAllowed ?? true,
      logIfDenied: logging.logIfDenied ?? true,
    })),
  );
  return new Set(distinct.filter((_, i) => answers[i]));
}

/**
 * KafkaApis.authorize: one check of a literal resource, with Kafka's defaults spelled out for the
 * authorizer (both results logged, reference count 1).
 */
export function authorize(ctx: RequestContext, operation: AclOperation, resourceType: ResourceType, resourceName: string, logging: AuthorizationLogging = {}): boolean {
  return ctx.authorize(operation, resourceType, resourceName, { logIfAllowed: logging.logIfAllowed ?? true, logIfDenied: logging.logIfDenied ?? true, resourceReferenceCount: 1 });
}

/** May the principal do `operation` on the cluster? */
export function authorizeCluster(ctx: RequestContext, operation: AclOperation, logging: AuthorizationLogging = {}): boolean {
  return authorize(ctx, operation, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME, logging);
}

/**
 * The message of the ClusterAuthorizationException Kafka 2.4.1 throws: "Request <the request's
 * toString> is not authorized.". Our single event loop is processor 0, and the request's buffer is
 * released after parsing (null), as for every API but Produce.
 */
export function notAuthorizedMessage(ctx: RequestContext): string {
  const protocol = ctx.connection.session?.securityProtocol ?? 'PLAINTEXT';
  const host = ctx.clientHost.startsWith('::ffff:') ? ctx.clientHost.slice(7) : ctx.clientHost;
  return (
    `Request Request(processor=0, connectionId=${ctx.connectionId}, session=Session(${principalToString(ctx.principal)},/${host}), ` +
    `listenerName=ListenerName(${ctx.listenerName}), securityProtocol=${protocol}, buffer=null) is not authorized.`
  );
}

/**
 * KafkaApis.authorizeClusterOperation: throws CLUSTER_AUTHORIZATION_FAILED unless allowed, so the
 * dispatcher logs the failure and answers with the handler's error response, as Kafka's
 * handleError does.
 */
export function authorizeClusterOperation(ctx: RequestContext, operation: AclOperation): void {
  if (!authorizeCluster(ctx, operation)) throw new ApiError(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, notAuthorizedMessage(ctx));
}

/** What each resource type supports (kafka.security.auth.ResourceType.supportedOperations). */
const SUPPORTED_OPERATIONS: ReadonlyMap<ResourceType, readonly AclOperation[]> = new Map([
  [
    ResourceType.TOPIC,
    [AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS],
  ],
  [ResourceType.GROUP, [AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE]],
  [
    ResourceType.CLUSTER,
    [AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE],
  ],
  [ResourceType.TRANSACTIONAL_ID, [AclOperation.DESCRIBE, AclOperation.WRITE]],
  [ResourceType.DELEGATION_TOKEN, [AclOperation.DESCRIBE]],
]);

/** Utils.to32BitField: bit `code` set for each operation. */
function toBitField(operations: Iterable<AclOperation>): number {
  let bits = 0;
  for (const op of operations) bits |= 1 << op;
  return bits;
}

/**
 * KafkaApis.authorizedOperations (KIP-430): the supported operations on the resource the principal
 * may perform, as a bitfield; all of them without an authorizer. Asked without logging, as Kafka does.
 */
export function authorizedOperations(ctx: RequestContext, resourceType: ResourceType, resourceName: string): number {
  const supported = SUPPORTED_OPERATIONS.get(resourceType) ?? [];
  if (ctx.authorizer === null) return toBitField(supported);
  const answers = ctx.authorizeAll(supported.map((operation) => ({ operation, resourceType, resourceName, logIfAllowed: false, logIfDenied: false })));
  return toBitField(supported.filter((_, i) => answers[i]));
}

/**
 * The config APIs' check of one resource (KafkaApis.handleDescribeConfigsRequest and the alters):
 * a broker or broker logger by `operation` on the cluster, a topic by `operation` on it. Answers
 * the error for a refused resource (configsAuthorizationApiError), or null when allowed.
 */
export function configResourceRefusal(ctx: RequestContext, operation: AclOperation, resourceType: number, resourceName: string): number | null {
  if (resourceType === ConfigResourceType.TOPIC) return authorize(ctx, operation, ResourceType.TOPIC, resourceName) ? null : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
  return authorizeCluster(ctx, operation) ? null : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
}
