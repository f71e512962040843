// Metadata (key 3), versions 0-9, answered from this broker's MetadataCache.
//
// Topics: v0 with an empty list, or v1+ with null, means every topic (never auto-created); an
// empty list on v1+ means none. Unknown topics are auto-created (in ZooKeeper, like Kafka 2.4's
// auto-creation from any broker) when the broker allows it (auto.create.topics.enable) and, on
// v4+, the request does too; they are answered LEADER_NOT_AVAILABLE until the controller has
// elected leaders; an illegal name then fails creation with INVALID_TOPIC_EXCEPTION. Otherwise
// UNKNOWN_TOPIC_OR_PARTITION. Partition errors follow MetadataCache (LEADER_NOT_AVAILABLE,
// LISTENER_NOT_FOUND from v6, REPLICA_NOT_AVAILABLE for v0). Asking for __consumer_offsets by
// name creates it whatever the auto-creation settings, as Kafka 2.4 creates internal topics.
// Topics that exist come first, then the ones that do not, as Kafka's getTopicMetadata lists them.
//
// Authorization (KafkaApis.handleTopicMetadataRequest): Describe on each topic. An all-topics
// request leaves the others out without logging their denials; named topics the principal may not
// describe are answered TOPIC_AUTHORIZATION_FAILED (never is_internal, nothing said of whether
// they exist), after the others. A topic to auto-create needs Create on the cluster (a denial is
// not logged) or else on the topic, otherwise it is TOPIC_AUTHORIZATION_FAILED too. KIP-430 (v8+):
// when asked, the cluster's authorized operations (only with Describe on the cluster) and each
// described topic's, as bitfields (every supported operation without an authorizer); 2.4.1 sends
// 0, not the schema's "omitted" default, when they are not asked for or not allowed.

import type { Logger } from '../../common/logger';
import { topicNameProblem } from '../../common/topic-name';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';
import { ErrorCode } from '../../protocol/errors';
import type { MetadataResponseTopic } from '../../protocol/generated';
import { AclOperation, CLUSTER_RESOURCE_NAME, ResourceType } from '../../security/acl/acl-types';
import { INTERNAL_TOPICS, type MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';
import { authorizeCluster, authorizedOperations, filterAuthorized } from './authorization';

/** The schema's default, Int.MinValue: what v0-7 carry (they have no such field on the wire). */
const NO_AUTHORIZED_OPERATIONS = -2147483648;
/**
 * What 2.4.1 sends from v8 when nothing was computed (TopicMetadata's default and KafkaApis'
 * initial value, not the schema's): 0, as a real 2.4.1 broker answers v8 and v9 not asking.
 */
const NOTHING_COMPUTED = 0;

export interface MetadataHandlerDeps {
  metadataCache: MetadataCache;
  clusterId: string;
  autoCreateTopicsEnable: boolean;
  /** Writes the topics' assignment to ZooKeeper; the controller does the rest. */
  autoCreateTopics(topics: string[]): Promise<void>;
  /** Creates __consumer_offsets (the group coordinator's topic); absent without a coordinator. */
  createOffsetsTopic?(): Promise<void>;
  logger: Logger;
}

function topicResponse(name: string, errorCode: number, partitions: MetadataResponseTopic['partitions'] = [], isInternal = INTERNAL_TOPICS.has(name)): MetadataResponseTopic {
  return { errorCode, name, isInternal, partitions, topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS };
}

export function createMetadataHandler(deps: MetadataHandlerDeps): HandlerFor<'Metadata'> {
  return {
    apiKey: 3,
    minVersion: 0,
    maxVersion: 9,

    async handle(request, ctx) {
      const version = ctx.apiVersion;
      const cache = deps.metadataCache;
      const allTopics = request.topics === null || (version === 0 && request.topics.length === 0);
      const requested = allTopics ? cache.topics() : [...new Set(request.topics!.map((t) => t.name))];
      const allowAutoCreate = !allTopics && deps.autoCreateTopicsEnable && (version < 4 || request.allowAutoTopicCreation);

      const describable = filterAuthorized(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, requested, { logIfDenied: !allTopics });
      let authorized = requested.filter((name) => describable.has(name));
      // All-topics requests simply leave out what may not be described.
      const unauthorizedForDescribe = allTopics ? [] : requested.filter((name) => !describable.has(name));
      let unauthorizedForCreate: string[] = [];
      const missing = authorized.filter((name) => !cache.contains(name));
      if (allowAutoCreate && missing.length > 0 && !authorizeCluster(ctx, AclOperation.CREATE, { logIfDenied: false })) {
        const creatable = filterAuthorized(ctx, AclOperation.CREATE, ResourceType.TOPIC, missing);
        unauthorizedForCreate = missing.filter((name) => !creatable.has(name));
        const refused = new Set(unauthorizedForCreate);
        authorized = authorized.filter((name) => !refused.has(name));
      }

      const topics: MetadataResponseTopic[] = [];
      const toCreate: string[] = [];
      let createOffsetsTopic = false;
      const unknown: string[] = [];
      for (const name of authorized) {
        const known = cache.topicMetadata(name, ctx.listenerName, version);
        if (known !== undefined) topics.push(topicResponse(name, known.errorCode, known.partitions));
        else unknown.push(name);
      }
      for (const name of unknown) {
        if (name === GROUP_METADATA_TOPIC_NAME && deps.createOffsetsTopic !== undefined) {
          createOffsetsTopic = true;
          topics.push(topicResponse(name, ErrorCode.LEADER_NOT_AVAILABLE));
        } else if (allowAutoCreate && !INTERNAL_TOPICS.has(name)) {
          if (topicNameProblem(name) !== null) {
            topics.push(topicResponse(name, ErrorCode.INVALID_TOPIC_EXCEPTION));
          } else {
            toCreate.push(name);
            topics.push(topicResponse(name, ErrorCode.LEADER_NOT_AVAILABLE));
          }
        } else {
          topics.push(topicResponse(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        }
      }
      if (createOffsetsTopic) await deps.createOffsetsTopic!();
      if (toCreate.length > 0) {
        try {
          await deps.autoCreateTopics(toCreate);
        } catch (error) {
          // Another broker may have created it first; the answer stays LEADER_NOT_AVAILABLE either way.
          deps.logger.warn(`Auto-creation of ${toCreate.join(',')} failed: ${(error as Error).message}`);
        }
      }

      let clusterAuthorizedOperations = NO_AUTHORIZED_OPERATIONS;
      if (version >= 8) {
        if (request.includeClusterAuthorizedOperations) {
          clusterAuthorizedOperations = authorizeCluster(ctx, AclOperation.DESCRIBE) ? authorizedOperations(ctx, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME) : 0;
        }
        if (request.includeTopicAuthorizedOperations) {
          for (const topic of topics) topic.topicAuthorizedOperations = authorizedOperations(ctx, ResourceType.TOPIC, topic.name);
        }
      }
      for (const name of unauthorizedForCreate) topics.push(topicResponse(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED));
      for (const name of unauthorizedForDescribe) topics.push(topicResponse(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, [], false));
      if (version >= 8) {
        if (clusterAuthorizedOperations === NO_AUTHORIZED_OPERATIONS) clusterAuthorizedOperations = NOTHING_COMPUTED;
        for (const topic of topics) if (topic.topicAuthorizedOperations === NO_AUTHORIZED_OPERATIONS) topic.topicAuthorizedOperations = NOTHING_COMPUTED;
      }

      return {
        throttleTimeMs: 0,
        brokers: cache.aliveBrokersFor(ctx.listenerName),
        clusterId: version >= 2 ? deps.clusterId : null,
        controllerId: version >= 1 ? cache.controllerId : -1,
        topics,
        clusterAuthorizedOperations,
      };
    },
  };
}
