// Metadata (key 3), versions 0-9, answered from this broker's MetadataCache.
//
// Topics: v0 with an empty list, or v1+ with null, means every topic (never auto-created); an
// empty list on v1+ means none. Unknown topics are auto-created (in ZooKeeper, like Kafka 2.4's
// auto-creation from any broker) when the broker allows it (auto.create.topics.enable) and, on
// v4+, the request does too; they are answered LEADER_NOT_AVAILABLE until the controller has
// elected leaders. Otherwise UNKNOWN_TOPIC_OR_PARTITION; an illegal name is
// INVALID_TOPIC_EXCEPTION. Partition errors follow MetadataCache (LEADER_NOT_AVAILABLE,
// LISTENER_NOT_FOUND from v6, REPLICA_NOT_AVAILABLE for v0). Asking for __consumer_offsets by
// name creates it whatever the auto-creation settings, as Kafka 2.4 creates internal topics.
// Authorized-operations fields (v8+) carry Kafka's "not requested" value since there is no
// authorizer.

import type { Logger } from '../../common/logger';
import { topicNameProblem } from '../../common/topic-name';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';
import { ErrorCode } from '../../protocol/errors';
import type { MetadataResponseTopic } from '../../protocol/generated';
import { INTERNAL_TOPICS, type MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';

/** Kafka's MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

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

function topicResponse(name: string, errorCode: number, partitions: MetadataResponseTopic['partitions'] = []): MetadataResponseTopic {
  return { errorCode, name, isInternal: INTERNAL_TOPICS.has(name), partitions, topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
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

      const topics: MetadataResponseTopic[] = [];
      const toCreate: string[] = [];
      let createOffsetsTopic = false;
      for (const name of requested) {
        const known = cache.topicMetadata(name, ctx.listenerName, version);
        if (known !== undefined) {
          topics.push(topicResponse(name, known.errorCode, known.partitions));
        } else if (topicNameProblem(name) !== null) {
          topics.push(topicResponse(name, ErrorCode.INVALID_TOPIC_EXCEPTION));
        } else if (name === GROUP_METADATA_TOPIC_NAME && deps.createOffsetsTopic !== undefined) {
          createOffsetsTopic = true;
          topics.push(topicResponse(name, ErrorCode.LEADER_NOT_AVAILABLE));
        } else if (allowAutoCreate && !INTERNAL_TOPICS.has(name)) {
          toCreate.push(name);
          topics.push(topicResponse(name, ErrorCode.LEADER_NOT_AVAILABLE));
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
      return {
        throttleTimeMs: 0,
        brokers: cache.aliveBrokersFor(ctx.listenerName),
        clusterId: version >= 2 ? deps.clusterId : null,
        controllerId: version >= 1 ? cache.controllerId : -1,
        topics,
        clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      };
    },
  };
}
