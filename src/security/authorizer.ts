// What request handlers ask the authorizer (Kafka 2.4.1's org.apache.kafka.server.authorizer
// Authorizer, as KafkaApis calls it). The ZooKeeper ACL authorizer implements it; a broker without
// `authorizer.class.name` has none and allows everything, as Kafka does.

import type { KafkaPrincipal } from '../common/kafka-principal';
import type { AclOperation, ResourceType } from './acl/acl-types';

/** Who is asking, from where, with which request (Kafka's AuthorizableRequestContext). */
export interface AuthorizationRequester {
  readonly principal: KafkaPrincipal;
  readonly clientHost: string;
  readonly listenerName: string;
  /** Name of the request's API, for the authorizer log ("Produce", "Metadata", ...). */
  readonly apiName: string;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** One check (Kafka's Action): an operation on a literal resource name. */
export interface AuthorizationAction {
  readonly operation: AclOperation;
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  /** How many resources this action stands for (the log says so), usually 1. */
  readonly resourceReferenceCount?: number;
  /** Log an allowed result at debug level (Kafka logs every allowed check except filtering ones). */
  readonly logIfAllowed?: boolean;
  /** Log a denied result at info level. */
  readonly logIfDenied?: boolean;
}

export interface Authorizer {
  /** One answer per action, in order: true when allowed. */
  authorize(requester: AuthorizationRequester, actions: readonly AuthorizationAction[]): boolean[];
}
